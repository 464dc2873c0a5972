import { existsSync } from 'node:fs';
import path from 'node:path';
import { CodeRegistry } from '../codes/registry.js';
import { loadConfig, startDirFor, type ResolvedConfig } from '../config/load.js';
import { discoverFiles } from '../discovery/files.js';
import { resolveModules } from '../discovery/modules.js';
import { modulesOfShard, parseShard } from '../discovery/shard.js';
import type { EnabledTransform } from '../engine/migrate-file.js';
import { loadProject, type ProjectSettings } from '../engine/project.js';
import { analyzeOnThreads, threadCount } from '../engine/parallel.js';
import { analyzeFiles, toPosix, type FileEntry, type FileOutcome } from '../engine/session.js';
import { selectTransforms } from '../engine/transforms.js';
import { UserError } from './errors.js';
import { changedFilesSince } from './git.js';
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
  /** `--changed-since <ref>`: only files changed since a git ref. */
  readonly changedSince?: string;
  /** Only errors and warnings. */
  readonly quiet?: boolean;
  /** Every file written, every site found. */
  readonly verbose?: boolean;
  /** `--shard k/n`: only the modules of this shard. */
  readonly shard?: string;
  /** `--jobs <n>` (check and report): threads to analyse on. */
  readonly jobs?: string;
}

export interface Analysis {
  readonly config: ResolvedConfig;
  readonly transforms: readonly EnabledTransform[];
  readonly modules: readonly string[];
  readonly outcomes: readonly FileOutcome[];
  readonly startedAt: number;
  /** The project's compiler options, for `--verify` to type-check the edits. */
  readonly project: ProjectSettings;
  /** The code registry with this analysis's allocations; only `run` saves it. */
  readonly codes: CodeRegistry;
}

const splitIds = (value: string | undefined): string[] | undefined =>
  value === undefined ? undefined : value.split(',').map((id) => id.trim()).filter(Boolean);

/** Config, transforms, files, modules, project; then every file analysed. Writes nothing. */
export interface AnalyzeHooks {
  /** Runs once the config is known, before any file is read (the git guard of `run`). */
  readonly beforeFiles?: (config: ResolvedConfig) => void;
  /** The outcomes are to be written (see `AnalyzeOptions.forWriting`); analysed on one thread then. */
  readonly forWriting?: boolean;
}

export async function analyze(paths: readonly string[], options: CommonOptions, progress: Progress, hooks: AnalyzeHooks = {}): Promise<Analysis> {
  const startedAt = performance.now();
  const cwd = process.cwd();
  const config = await loadConfig({ configFile: options.config, project: options.project, startDir: await startDirFor(paths, cwd) });
  const selection = { only: splitIds(options.transform), skip: splitIds(options.skip) };
  const transforms = await selectTransforms(config, selection);
  requireStandardModule(config, transforms);
  hooks.beforeFiles?.(config);
  const codes = await CodeRegistry.load(config.root, config.codes);
  const { project, files } = await loadWorkspace(config, paths, options, cwd);
  const compilerOptions = project.options;
  const relative = files.map((f) => toPosix(path.relative(config.root, f)));
  const sourceRoot = compilerOptions.rootDir ? toPosix(path.relative(config.root, compilerOptions.rootDir)) || undefined : undefined;
  const moduleMap = await resolveModules(config, relative, sourceRoot);
  let entries: FileEntry[] = files.map((absolute, i) => ({ absolute, file: relative[i]!, module: moduleMap.moduleOf(relative[i]!) }));
  let modules = moduleMap.names;
  if (options.shard) {
    const mine = modulesOfShard(filesPerModule(entries), parseShard(options.shard));
    entries = entries.filter((entry) => mine.has(entry.module));
    modules = modules.filter((name) => mine.has(name));
  }
  const forWriting = hooks.forWriting ?? false;
  const common = {
    config,
    project,
    files: entries,
    transforms,
    allTransformsRun: !options.transform && !options.skip && Object.values(config.transforms).every((setting) => setting.enabled),
    codes,
    onFile: (done: number, total: number, entry: FileEntry) => progress.update(done, total, `${entry.module}  ${entry.file}`),
  };
  const threads = forWriting ? 1 : threadCount(options.jobs);
  const outcomes = threads > 1 ? await analyzeOnThreads({ ...common, selection }, threads) : analyzeFiles({ ...common, forWriting });
  progress.done();
  return { config, transforms, modules, outcomes, startedAt, codes, project };
}

/** The project (compiler options, path aliases) and the files to work on, as every command finds them. */
export async function loadWorkspace(
  config: ResolvedConfig,
  paths: readonly string[],
  options: Pick<CommonOptions, 'include' | 'exclude' | 'changedSince'>,
  cwd: string,
): Promise<{ project: ProjectSettings; files: string[] }> {
  const project = loadProject(config.project);
  const { files } = await discoverFiles({
    config,
    paths,
    cwd,
    allowJs: project.options.allowJs === true,
    ...(options.include ? { include: options.include } : {}),
    ...(options.exclude ? { exclude: options.exclude } : {}),
    ...(options.changedSince ? { onlyFiles: new Set(changedFilesSince(config.root, options.changedSince)) } : {}),
  });
  return { project, files };
}

function filesPerModule(entries: readonly FileEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { module } of entries) counts.set(module, (counts.get(module) ?? 0) + 1);
  return counts;
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
