import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { DEFAULT_CACHE_FILE } from '../cache/cache-file.js';
import { UserError } from './errors.js';

/**
 * The work tree's uncommitted paths (relative to the repository), or undefined outside a git
 * repository. `ignoring` (absolute paths) leaves out files the caller rewrites anyway;
 * `ignoringNew` (absolute paths) leaves out files while they are untracked.
 */
export function dirtyFiles(dir: string, ignoring: readonly string[] = [], ignoringNew: readonly string[] = []): string[] | undefined {
  let out: string;
  let top: string;
  try {
    out = execFileSync('git', ['status', '--porcelain=v1', '-z', '--untracked-files=all'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    top = ignoring.length + ignoringNew.length > 0 ? gitOutput(dir, ['rev-parse', '--show-toplevel']).trim() : '';
  } catch {
    return undefined;
  }
  const ignored = new Set(ignoring.map((file) => path.resolve(file)));
  const ignoredWhileNew = new Set(ignoringNew.map((file) => path.resolve(file)));
  const entries = out.split('\0');
  const files: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (entry.length < 4) continue;
    const file = entry.slice(3);
    const absolute = path.join(top, file);
    const ownNewFile = entry.startsWith('??') && ignoredWhileNew.has(absolute);
    // The check cache is the tool's own, rewritten on every `check --cache`: never the user's change.
    if (!ignored.has(absolute) && !ownNewFile && path.posix.basename(file) !== DEFAULT_CACHE_FILE) files.push(file);
    // A rename or copy is followed by its original path, which is not a separate change.
    if (entry[0] === 'R' || entry[0] === 'C') i++;
  }
  return files;
}

function gitOutput(dir: string, args: readonly string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Absolute paths of the files changed since `ref`: committed since the merge base with `ref`
 * (what a pull request changes), staged, unstaged and untracked. Deleted files are left out.
 */
export function changedFilesSince(dir: string, ref: string): string[] {
  let top: string;
  let base: string;
  try {
    top = gitOutput(dir, ['rev-parse', '--show-toplevel']).trim();
  } catch {
    throw new UserError(`--changed-since needs a git repository, and ${dir} is not in one.`);
  }
  try {
    gitOutput(dir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new UserError(`--changed-since ${ref}: no such commit, branch or tag. Fetch it first (e.g. \`git fetch origin main\`) or name another.`);
  }
  try {
    base = gitOutput(dir, ['merge-base', ref, 'HEAD']).trim();
  } catch {
    base = ref;
  }
  const changed = gitOutput(dir, ['diff', '--name-only', '-z', '--diff-filter=d', base]).split('\0');
  const untracked = gitOutput(dir, ['ls-files', '--others', '--exclude-standard', '-z', '--full-name']).split('\0');
  return [...new Set([...changed, ...untracked].filter(Boolean))].map((file) => path.join(top, file));
}
