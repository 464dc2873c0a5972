import { createHash } from 'node:crypto';

/** A short, stable digest of text: what the cache compares instead of the text itself. */
export function digest(...parts: readonly string[]): string {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('base64url');
}

/** The digest of a file's bytes, as they are (no decoding). */
export function digestBytes(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('base64url');
}

/**
 * Digests of whole texts, each worked out once: a cached run compares every file's text in
 * several places (its outcome, its imports, the pre-pass). Keyed by the text itself, so a text
 * read twice is still digested once.
 */
export class TextDigests {
  private readonly known = new Map<string, string>();

  of(text: string): string {
    let textDigest = this.known.get(text);
    if (textDigest === undefined) {
      textDigest = digest(text);
      this.known.set(text, textDigest);
    }
    return textDigest;
  }
}
