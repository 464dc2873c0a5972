import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, startDirFor, type ResolvedConfig } from '../config/load.js';
import { discoverFiles } from '../discovery/files.js';
import { resolveModules } from '../discovery/modules.js';
import type { EnabledTransform } from '../engine/migrate-file.js';
import { loadProject } from '../engine/project.js';
import { analyzeFiles, toPosix, type FileOutcome } from '../engine/session.js';
import { selectTransforms } from '../engine/transforms.js';
import { UserError } from './errors.js';
import type { Progress } from './progress.js';

/** Options every command that analyses files shares (SPEC section 3, "Common options"). */
export interface CommonOptions {
  readonly config?: string;
  readonly project?: string;
  readonly transform?: string;
  readonly skip?: string;
  readonly include?: string[];
  readonly exclude?: string[];
  readonly report?: string;
  readonly color: boolean;
}

export interface Analysis {
  readonly config: ResolvedConfig;
  readonly transforms: readonly EnabledTransform[];
  readonly modules: readonly string[];
  readonly outcomes: readonly FileOutcome[];
  readonly startedAt: number;
}

const splitIds = (value: string | undefined): string[] | undefined =>
  value === undefined ? undefined : value.split(',').map((id) => id.trim()).filter(Boolean);

/** Config, transforms, files, modules, project; then every file analysed. Writes nothing. */
export interface AnalyzeHooks {
  /** Runs once the config is known, before any file is read (the git guard of `run`). */
  readonly beforeFiles?: (config: ResolvedConfig) => void;
}

export async function analyze(paths: readonly string[], options: CommonOptions, progress: Progress, hooks: AnalyzeHooks = {}): Promise<Analysis> {
  const startedAt = performance.now();
  const cwd = process.cwd();
  const config = await loadConfig({ configFile: options.config, project: options.project, startDir: await startDirFor(paths, cwd) });
  const transforms = await selectTransforms(config, { only: splitIds(options.transform), skip: splitIds(options.skip) });
  requireStandardModule(config, transforms);
  hooks.beforeFiles?.(config);
  const project = loadProject(config.project);
  const compilerOptions = project.getCompilerOptions();
  const { files } = await discoverFiles({
    config,
    paths,
    cwd,
    allowJs: compilerOptions.allowJs === true,
    ...(options.include ? { include: options.include } : {}),
    ...(options.exclude ? { exclude: options.exclude } : {}),
  });
  const relative = files.map((f) => toPosix(path.relative(config.root, f)));
  const sourceRoot = compilerOptions.rootDir ? toPosix(path.relative(config.root, compilerOptions.rootDir)) || undefined : undefined;
  const moduleMap = await resolveModules(config, relative, sourceRoot);
  const outcomes = await analyzeFiles({
    config,
    project,
    files,
    modules: moduleMap,
    transforms,
    onFile: (done, total, file) => progress.update(done, total, `${moduleMap.moduleOf(file)}  ${file}`),
  });
  progress.done();
  return { config, transforms, modules: moduleMap.names, outcomes, startedAt };
}

/** Edits import the standard module, so it must exist before anything is migrated to it. */
function requireStandardModule(config: ResolvedConfig, transforms: readonly EnabledTransform[]): void {
  if (config.standard.package || !transforms.some((t) => t.transform.id === 'import')) return;
  const file = path.resolve(config.root, config.standard.path);
  if (!existsSync(file)) {
    throw new UserError(
      `the standard error module ${config.standard.path} does not exist under ${config.root}. ` +
        'Run `migrate-errors init` to write it, or set "standard.path" (or "standard.package") in the config.',
    );
  }
}
