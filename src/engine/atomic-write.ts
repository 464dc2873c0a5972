import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Replaces a file's content atomically: the new bytes go to a temporary file in the same
 * directory (so the rename cannot cross devices), which gets the original's mode and then
 * replaces it in one rename. A crash or Ctrl-C leaves either the old file or the new one.
 */
export async function writeFileAtomic(file: string, bytes: Uint8Array): Promise<void> {
  const stat = await fs.stat(file);
  // Renaming over a read-only file would succeed, so its mode is the user's word: leave it alone.
  if ((stat.mode & 0o222) === 0) throw new Error('the file is read-only; make it writable to migrate it');
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.migrate-errors.tmp`);
  try {
    const handle = await fs.open(temp, 'wx', stat.mode & 0o7777);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.chmod(temp, stat.mode & 0o7777);
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}
