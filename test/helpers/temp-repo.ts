import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './paths.js';

const created: string[] = [];

/** Temporary repositories go when the test process does (kept with KEEP_TEMP_REPOS=1, to look into a failure). */
process.on('exit', () => {
  if (process.env.KEEP_TEMP_REPOS) return;
  for (const dir of created) {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * A temporary copy of a real-looking repository. `node_modules` links to this project's, so the
 * copy's tsconfig finds `@types/node` as the original does.
 */
export function tempRepo(options: { from?: string; files?: Record<string, string | Buffer>; git?: boolean } = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'migrate-errors-test-'));
  created.push(dir);
  if (options.from) cpSync(options.from, dir, { recursive: true });
  for (const [file, content] of Object.entries(options.files ?? {})) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  if (options.git) {
    git(dir, 'init', '-q', '-b', 'main');
    // The node_modules link belongs to the test, not to the repository under test.
    writeFileSync(path.join(dir, '.git/info/exclude'), 'node_modules\n');
    git(dir, 'add', '-A');
    git(dir, '-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', 'initial');
  }
  return dir;
}

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Every file below `dir` (except node_modules and .git) with its bytes, for exact tree comparisons. */
export function snapshotTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (relative: string): void => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === '.git') continue;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) files.set(child, readFileSync(path.join(dir, child)));
    }
  };
  walk('');
  return files;
}

export function fileMode(file: string): number {
  return statSync(file).mode & 0o777;
}
