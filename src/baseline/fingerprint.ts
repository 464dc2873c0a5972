import { createHash } from 'node:crypto';
import type { Site } from '../engine/site.js';

/**
 * A site's identity that survives unrelated edits: its transform, its code with white space
 * folded, and the class and function around it. Line numbers are left out on purpose, so that
 * code added above a site does not make it look new.
 */
export function fingerprint(site: Pick<Site, 'transform' | 'snippet' | 'scope'>): string {
  const code = site.snippet.replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(`${site.transform}\0${site.scope}\0${code}`).digest('hex').slice(0, 16);
}
