import { lstatSync, readFileSync } from 'node:fs';
import { decodeSource, type DecodeResult } from './source-text.js';

/** Larger than any hand-written source file; such a file is generated, and parsing it would only cost time. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/**
 * Reads a file to migrate, or says why it is left alone: a link (never followed, so never
 * written through), a huge file, binary or non-UTF-8 content. Synchronous on purpose: the files
 * are small and read one after another, and a thread-pool round trip per file costs more than the read.
 */
export function readSource(file: string): DecodeResult {
  let size: number;
  try {
    const stat = lstatSync(file);
    if (stat.isSymbolicLink()) return { ok: false, reason: 'a symbolic link; links are never followed, so migrate the file it points to where it lives' };
    size = stat.size;
  } catch {
    return { ok: false, reason: 'it disappeared while the run was starting' };
  }
  if (size > MAX_FILE_BYTES) {
    return { ok: false, reason: `too large for a hand-written source file (${(size / 1024 / 1024).toFixed(1)} MiB); if it is generated, add it to "exclude"` };
  }
  try {
    return decodeSource(readFileSync(file));
  } catch (error) {
    return { ok: false, reason: `cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
}
