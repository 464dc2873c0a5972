import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A short, stable digest of text: what the cache compares instead of the text itself. */
export function digest(...parts: readonly string[]): string {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('base64url');
}

/** The digest of a file's bytes, as they are (no decoding); null when it cannot be read. */
export function fileDigest(file: string): string | null {
  try {
    return createHash('sha1').update(readFileSync(file)).digest('base64url');
  } catch {
    return null;
  }
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
