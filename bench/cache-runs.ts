import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ts } from '#typescript';
import { runProcess } from './measure.js';
import { listTs } from './repo-files.js';

/**
 * `check --cache` in four states: cold (no cache file), warm with nothing changed, and warm after
 * an edit to a leaf file (imported by nothing) or to the file the most files import. Each measured
 * run is prepared by an untimed one that brings the cache up to date, and an edited file is put
 * back afterwards, so every run starts from the same repository and the same cache.
 */
export type CacheState = 'cold' | 'warm' | 'leaf' | 'shared';

/** The cache lives beside the other outputs, so the repository itself stays as it is. */
export const cacheFileOf = (outDir: string, repoId: string): string => path.join(outDir, `${repoId}.migrate-errors-cache`);

export function cacheArgs(cli: string, cacheFile: string): string[] {
  return [cli, 'check', '--format', 'json', '--no-color', '--cache', '--cache-location', cacheFile];
}

/** What to do before the timed run, and how to undo it after. */
export async function prepareCacheRun(state: CacheState, repoDir: string, cli: string, cacheFile: string): Promise<() => Promise<void>> {
  if (state === 'cold') {
    await fs.rm(cacheFile, { force: true });
    return async () => undefined;
  }
  const prime = await runProcess(process.execPath, cacheArgs(cli, cacheFile), { cwd: repoDir });
  if (prime.exitCode !== 0 && prime.exitCode !== 1) throw new Error(`check --cache (untimed, to fill the cache) failed: ${prime.stderr.trim().split('\n').slice(-2).join(' / ')}`);
  if (state === 'warm') return async () => undefined;
  const file = path.join(repoDir, (await editTargets(repoDir))[state]);
  const original = await fs.readFile(file, 'utf8');
  // A new export: what an edit usually changes, and what the files that import it may see.
  await fs.writeFile(file, `${original}\nexport const benchEdit = ${Date.now()};\n`);
  return () => fs.writeFile(file, original);
}

const targetsByRepo = new Map<string, { leaf: string; shared: string }>();

/**
 * The leaf: the last file (by path) that no other file imports. The shared file: the one the
 * most files import directly (ties: by path). Relative imports only, as the generator writes them.
 */
export async function editTargets(repoDir: string): Promise<{ leaf: string; shared: string }> {
  const known = targetsByRepo.get(repoDir);
  if (known) return known;
  const files = (await listTs(repoDir)).filter((f) => !f.startsWith('node_modules/') && !f.endsWith('.d.ts') && !f.includes('/errors/'));
  const importers = new Map<string, number>(files.map((f) => [f, 0]));
  for (const file of files) {
    const text = await fs.readFile(path.join(repoDir, file), 'utf8');
    for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), fileName)).replace(/\.js$/, '.ts');
      for (const candidate of [target, `${target}.ts`, `${target}/index.ts`]) {
        if (importers.has(candidate)) {
          importers.set(candidate, importers.get(candidate)! + 1);
          break;
        }
      }
    }
  }
  const ranked = [...importers].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  const leaves = files.filter((f) => importers.get(f) === 0);
  const targets = { leaf: leaves.at(-1) ?? files.at(-1)!, shared: ranked[0]![0] };
  targetsByRepo.set(repoDir, targets);
  return targets;
}
