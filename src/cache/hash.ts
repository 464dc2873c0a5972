import { createHash } from 'node:crypto';

/** A short, stable digest of text: what the cache compares instead of the text itself. */
export function digest(...parts: readonly string[]): string {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('base64url');
}
