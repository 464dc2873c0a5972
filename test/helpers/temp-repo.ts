import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, onTestFinished } from 'vitest';
import { REPO_ROOT } from './paths.js';

const created: string[] = [];

const keep = (): boolean => Boolean(process.env.KEEP_TEMP_REPOS);
const remove = (dir: string): void => {
  if (!keep()) rmSync(dir, { recursive: true, force: true });
};

/*
 * Temporary folders go when the test that made them finishes, pass or fail; those made in a
 * `beforeAll` go when the file's tests are done (kept with KEEP_TEMP_REPOS=1, to look into a failure).
 */
afterAll(() => {
  for (const dir of created.splice(0)) remove(dir);
});

/** A temporary folder that is removed with the test (or the test file) that made it. */
export function tempDir(prefix = 'migrate-errors-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    onTestFinished(() => remove(dir));
  } catch {
    // Outside a running test (in `beforeAll`): the file's `afterAll` removes it.
  }
  created.push(dir);
  return dir;
}

/**
 * A temporary copy of a real-looking repository. `node_modules` links to this project's, so the
 * copy's tsconfig finds `@types/node` as the original does.
 */
export function tempRepo(options: { from?: string; files?: Record<string, string | Buffer>; git?: boolean } = {}): string {
  const dir = tempDir();
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

/** Commits everything, as a user does after `init`. */
export function commitAll(dir: string): void {
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', 'change');
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

/** A tree without the reports `run` rewrites every time (their clock differs from run to run). */
export function withoutReports(tree: Map<string, Buffer>): Map<string, Buffer> {
  return new Map([...tree].filter(([file]) => !/^migration-report\.(md|json)$/.test(file)));
}

export function fileMode(file: string): number {
  return statSync(file).mode & 0o777;
}
