import { existsSync } from 'node:fs';
import path from 'node:path';
import { CodeRegistry } from '../codes/registry.js';
import { loadConfig, startDirFor, type ResolvedConfig } from '../config/load.js';
import type { SkippedByDefault } from '../discovery/default-skips.js';
import { discoverFiles, type DiscoveredFiles } from '../discovery/files.js';
import { resolveModules } from '../discovery/modules.js';
import { modulesOfShard, parseShard } from '../discovery/shard.js';
import type { EnabledTransform } from '../engine/migrate-file.js';
import type { AnalysedProgram } from '../engine/program.js';
import { loadProject, type ProjectSettings } from '../engine/project.js';
import { analyzeOnThreads, threadCount } from '../engine/parallel.js';
import { inPhase } from '../engine/phase-error.js';
import { prepareTransforms, type PreparedData } from '../engine/project-files.js';
import { analyzeFiles, toPosix, type FileEntry, type FileOutcome } from '../engine/session.js';
import { selectTransforms } from '../engine/transforms.js';
import { BUILTIN_TRANSFORMS } from '../../transforms/index.js';
import { cacheFileFor, readCache, type CacheRead } from '../cache/cache-file.js';
import { OutcomeCache, type CacheUse } from '../cache/outcome-cache.js';
import { lookupsKey, RecordedLookups } from '../cache/recorded-lookups.js';
import { StampedReads } from '../cache/stamped-reads.js';
import { UserError } from './errors.js';
import { changedFilesSince } from './git.js';
import { holdBackRolledBack } from './rolled-back.js';
import type { Progress } from './progress.js';
import { TOOL_VERSION } from './version.js';

/** Where analysis threads load the built-in transforms from. */
const BUILTINS_MODULE = new URL('../../transforms/index.js', import.meta.url).href;

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
  /** `--cache` (check and report): reuse the outcomes of files whose inputs have not changed. */
  readonly cache?: boolean;
  /** `--cache-location <file>`: where the cache lives (default `.migrate-errors-cache` at the root). */
  readonly cacheLocation?: string;
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
  /** The standard module is not written yet (`check` and `run --dry-run` work before `init`). */
  readonly standardMissing: boolean;
  /** With `--cache`: how many outcomes were reused, and any warning about the cache file. */
  readonly cache?: CacheUse;
  /** What the default file set left out (tests, tooling, generated code), per rule. */
  readonly skippedByDefault: readonly SkippedByDefault[];
  /** With `keepAnalysed`: the analysis's parses (and bindings) of the files as read, and its program, for the type check to reuse. */
  readonly analysed?: AnalysedProgram;
}

const splitIds = (value: string | undefined): string[] | undefined =>
  value === undefined ? undefined : value.split(',').map((id) => id.trim()).filter(Boolean);

/** Config, transforms, files, modules, project; then every file analysed. Writes nothing. */
export interface AnalyzeHooks {
  /** Runs once the config is known, before any file is read (the git guard of `run`). */
  readonly beforeFiles?: (config: ResolvedConfig) => void;
  /** The outcomes are to be written (see `AnalyzeOptions.forWriting`); analysed on one thread then. */
  readonly forWriting?: boolean;
  /** Refuse to start without the standard module (`run`, which writes imports of it). */
  readonly requireStandard?: boolean;
  /** Keep the analysis's parses and program in `Analysis.analysed` (`run`'s type check; on one thread only). */
  readonly keepAnalysed?: boolean;
}

export async function analyze(paths: readonly string[], options: CommonOptions, progress: Progress, hooks: AnalyzeHooks = {}): Promise<Analysis> {
  const startedAt = performance.now();
  const cwd = process.cwd();
  const config = await loadConfig({ configFile: options.config, project: options.project, startDir: await startDirFor(paths, cwd) });
  const selection = { only: splitIds(options.transform), skip: splitIds(options.skip) };
  const transforms = await selectTransforms(config, selection, BUILTIN_TRANSFORMS);
  const standardMissing = standardModuleMissing(config, transforms);
  if (standardMissing && hooks.requireStandard) throw standardMissingError(config);
  hooks.beforeFiles?.(config);
  const codes = await CodeRegistry.load(config.root, config.codes);
  const forWriting = hooks.forWriting ?? false;
  // The cache keeps outcomes of analyses that write nothing (its analysis runs on one thread), and the project's settings.
  const cached = (options.cache || options.cacheLocation !== undefined) && !forWriting ? openCache(config, options, cwd) : undefined;
  const { project, files, skippedByDefault, reads } = await loadWorkspace(config, paths, options, cwd, cached);
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
  const scoped = paths.length > 0 || options.shard !== undefined || options.changedSince !== undefined;
  // A discriminator outside the files worked on still holds back the throws it can see.
  const prepared = scoped ? await prepareOverWholeProject(config, project, transforms, options, cwd, sourceRoot) : undefined;
  const common = {
    config,
    project,
    files: entries,
    reads,
    ...(prepared ? { prepared } : {}),
    transforms,
    allTransformsRun: !options.transform && !options.skip && Object.values(config.transforms).every((setting) => setting.enabled),
    codes,
    onFile: (done: number, total: number, entry: FileEntry) => progress.update(done, total, `${entry.module}  ${entry.file}`),
  };
  const threads = forWriting ? 1 : threadCount(options.jobs);
  let analysedProgram: AnalysedProgram | undefined;
  const keep = hooks.keepAnalysed ? { onAnalysed: (kept: AnalysedProgram) => (analysedProgram = kept) } : {};
  const cache = cached ? new OutcomeCache({ ...cached, toolVersion: TOOL_VERSION, ...common }) : undefined;
  const analysed = cache
    ? await cache.analyze({ ...common, forWriting }, () => CodeRegistry.load(config.root, config.codes))
    : threads > 1
      ? await analyzeOnThreads({ ...common, selection, builtins: BUILTINS_MODULE }, threads)
      : analyzeFiles({ ...common, forWriting, ...keep });
  // What `run --test` rolled back stays back until the file changes.
  const outcomes = holdBackRolledBack(config.root, analysed);
  progress.done();
  const cacheUse = cache ? await cache.save() : undefined;
  return { config, transforms, modules, outcomes, startedAt, codes, project, standardMissing, skippedByDefault, ...(cacheUse ? { cache: cacheUse } : {}), ...(analysedProgram ? { analysed: analysedProgram } : {}) };
}

/** The cache file as the run starts, and the project lookups kept in it (read before the project is loaded). */
function openCache(config: ResolvedConfig, options: CommonOptions, cwd: string): { file: string; read: CacheRead; lookups: RecordedLookups; stampedReads: StampedReads } {
  const file = cacheFileFor(options.cacheLocation, config.root, cwd);
  const read = readCache(file, TOOL_VERSION);
  const contents = read.kind === 'read' ? read.contents : undefined;
  const lookups = new RecordedLookups(contents?.lookups, lookupsKey(TOOL_VERSION, config.project));
  return { file, read, lookups, stampedReads: new StampedReads(config.root, contents?.stamps) };
}

/** The transforms' pre-pass over the default file set, for a run limited to some paths, a shard or the changed files. */
async function prepareOverWholeProject(
  config: ResolvedConfig,
  project: ProjectSettings,
  transforms: readonly EnabledTransform[],
  options: Pick<CommonOptions, 'include' | 'exclude'>,
  cwd: string,
  sourceRoot: string | undefined,
): Promise<PreparedData> {
  const { files, reads } = await discover(config, project, [], options, cwd);
  const relative = files.map((f) => toPosix(path.relative(config.root, f)));
  const moduleMap = await resolveModules(config, relative, sourceRoot);
  const entries = files.map((absolute, i) => {
    const read = reads.get(absolute);
    return { absolute, file: relative[i]!, module: moduleMap.moduleOf(relative[i]!), ...(read?.ok ? { text: read.source.text } : {}) };
  });
  return inPhase('the pre-pass of the transforms', () => prepareTransforms(transforms, entries, project, config.root));
}

/** The project (compiler options, path aliases) and the files to work on, as every command finds them. */
export async function loadWorkspace(
  config: ResolvedConfig,
  paths: readonly string[],
  options: Pick<CommonOptions, 'include' | 'exclude' | 'changedSince'>,
  cwd: string,
  cached?: { readonly lookups: RecordedLookups; readonly stampedReads: StampedReads },
): Promise<{ project: ProjectSettings } & DiscoveredFiles> {
  const project = cached ? cached.lookups.project((host) => loadProject(config.project, host)) : loadProject(config.project);
  return { project, ...(await discover(config, project, paths, options, cwd, cached?.stampedReads)) };
}

function discover(
  config: ResolvedConfig,
  project: ProjectSettings,
  paths: readonly string[],
  options: Pick<CommonOptions, 'include' | 'exclude' | 'changedSince'>,
  cwd: string,
  stampedReads?: StampedReads,
) {
  return discoverFiles({
    ...(stampedReads ? { readFile: (absolute: string) => stampedReads.readFile(absolute) } : {}),
    config,
    programFiles: project.programFiles,
    paths,
    cwd,
    allowJs: project.options.allowJs === true,
    ...(options.include ? { include: options.include } : {}),
    ...(options.exclude ? { exclude: options.exclude } : {}),
    ...(options.changedSince ? { onlyFiles: new Set(changedFilesSince(config.root, options.changedSince)) } : {}),
  });
}

function filesPerModule(entries: readonly FileEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { module } of entries) counts.set(module, (counts.get(module) ?? 0) + 1);
  return counts;
}

/** Edits import the standard module; before `init` it is missing, which only `run` cannot accept. */
function standardModuleMissing(config: ResolvedConfig, transforms: readonly EnabledTransform[]): boolean {
  if (config.standard.package || !transforms.some((t) => t.transform.id === 'import')) return false;
  return !existsSync(path.resolve(config.root, config.standard.path));
}

function standardMissingError(config: ResolvedConfig): UserError {
  return new UserError(
    `the standard error module ${config.standard.path} does not exist under ${config.root}. ` +
      'Run `migrate-errors init` to write it, or set "standard.path" (or "standard.package") in the config.',
  );
}

/** The one line `check` and `run --dry-run` print when they run before `init`. */
export function standardNotYetLine(analysis: Analysis, color: { yellow(text: string): string }): string {
  if (!analysis.standardMissing) return '';
  return `${color.yellow('note')}: the standard module ${analysis.config.standard.path} does not exist yet; imports point where \`migrate-errors init\` writes it, and \`run\` needs \`init\` first.\n`;
}
