import { execFileSync } from 'node:child_process';

/** The work tree's uncommitted paths (relative to the repository), or undefined outside a git repository. */
export function dirtyFiles(dir: string): string[] | undefined {
  let out: string;
  try {
    out = execFileSync('git', ['status', '--porcelain=v1', '-z', '--untracked-files=all'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
  const entries = out.split('\0');
  const files: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (entry.length < 4) continue;
    files.push(entry.slice(3));
    // A rename or copy is followed by its original path, which is not a separate change.
    if (entry[0] === 'R' || entry[0] === 'C') i++;
  }
  return files;
}
