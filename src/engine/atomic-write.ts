import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
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
  await renameIntoPlace(file, bytes, stat.mode & 0o7777);
}

/**
 * Writes a file the tool owns (the code registry, the catalog) atomically: an existing one as
 * `writeFileAtomic` does, keeping its mode; a new one (and its folder) with the default mode.
 */
export async function writeOwnFileAtomic(file: string, text: string): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  if (existsSync(file)) return writeFileAtomic(file, bytes);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await renameIntoPlace(file, bytes, undefined);
}

/** The bytes to a temporary file beside `file`, synced, then renamed over it; `mode` undefined leaves the umask's. */
async function renameIntoPlace(file: string, bytes: Uint8Array, mode: number | undefined): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.migrate-errors.tmp`);
  try {
    const handle = await fs.open(temp, 'wx', mode ?? 0o666);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // `open` applies the umask; an existing file's mode is kept exactly.
    if (mode !== undefined) await fs.chmod(temp, mode);
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}
