import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../engine/atomic-write.js';

/**
 * Writes a file the tool owns (the code registry, the catalog) atomically. An existing file goes
 * through `writeFileAtomic`, which keeps its mode; a new one is written beside its place and
 * renamed into it, so a reader never sees half a file either way.
 */
export async function writeOwnFileAtomic(file: string, text: string): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  if (existsSync(file)) {
    await writeFileAtomic(file, bytes);
    return;
  }
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.migrate-errors.tmp`);
  try {
    await fs.writeFile(temp, bytes, { flag: 'wx' });
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}
