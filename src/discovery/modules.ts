import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import type { ResolvedConfig } from '../config/load.js';

/**
 * Which module each file belongs to. A module is a folder: one matched by the config's `modules`
 * globs (`pkg/*`, `x/*\/keeper`), else a workspace package, else a top-level folder of the source
 * root. A file in several matching folders belongs to the deepest one.
 */
export interface ModuleMap {
  /** Module names (folders relative to the root, `/`-separated), sorted. */
  readonly names: readonly string[];
  moduleOf(relativeFile: string): string;
}

export const ROOT_MODULE = '.';

export async function resolveModules(config: ResolvedConfig, relativeFiles: readonly string[], sourceRoot: string | undefined): Promise<ModuleMap> {
  const folders = new Set(await moduleFolders(config, relativeFiles, sourceRoot));
  // The deepest module folder holding the file: its folders from the innermost out (a project has hundreds of modules).
  const moduleOf = (file: string): string => {
    for (let end = file.lastIndexOf('/'); end > 0; end = file.lastIndexOf('/', end - 1)) {
      const dir = file.slice(0, end);
      if (folders.has(dir)) return dir;
    }
    return ROOT_MODULE;
  };
  const used = new Set(relativeFiles.map(moduleOf));
  return { names: [...used].sort(), moduleOf };
}

async function moduleFolders(config: ResolvedConfig, files: readonly string[], sourceRoot: string | undefined): Promise<string[]> {
  if (config.modules) {
    return fg(config.modules.map((glob) => glob.replace(/\/+$/, '')), { cwd: config.root, onlyDirectories: true, ignore: ['**/node_modules/**'], followSymbolicLinks: false });
  }
  const workspaces = workspaceGlobs(config.root);
  if (workspaces.length > 0) {
    const dirs = await fg(workspaces, { cwd: config.root, onlyDirectories: true, ignore: ['**/node_modules/**'], followSymbolicLinks: false });
    return dirs.filter((dir) => existsSync(path.join(config.root, dir, 'package.json')));
  }
  // Top-level folders of the source root (tsconfig rootDir, else `src` when it holds files, else the root).
  const base = sourceRoot ?? (files.some((f) => f.startsWith('src/')) ? 'src' : '');
  const prefix = base ? `${base}/` : '';
  const dirs = new Set<string>();
  for (const file of files) {
    if (!file.startsWith(prefix)) continue;
    const rest = file.slice(prefix.length).split('/');
    if (rest.length > 1) dirs.add(`${prefix}${rest[0]}`);
  }
  return [...dirs];
}

function workspaceGlobs(root: string): string[] {
  const pkgFile = path.join(root, 'package.json');
  if (!existsSync(pkgFile)) return [];
  try {
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { workspaces?: string[] | { packages?: string[] } };
    const list = Array.isArray(pkg.workspaces) ? pkg.workspaces : pkg.workspaces?.packages;
    return (list ?? []).map((glob) => glob.replace(/\/+$/, ''));
  } catch {
    return [];
  }
}
