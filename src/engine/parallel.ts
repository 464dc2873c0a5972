import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { UserError } from './user-error.js';
import type { ResolvedConfig } from '../config/load.js';
import type { EnabledTransform } from './migrate-file.js';
import type { ProjectSettings } from './project.js';
import { inPhase } from './phase-error.js';
import { prepareTransforms, type PreparedData } from './project-files.js';
import { analyzeFiles, type FileEntry, type FileOutcome } from './session.js';
import type { ErrorCodes } from './transform.js';
import type { TransformSelection } from './transforms.js';

/**
 * `check` and `report` on more than one thread. Each thread takes whole modules (a run of
 * neighbouring modules, about as many files as the others) and builds its own program: its
 * files and what they import, not the whole repository, so memory grows by the libraries and
 * the shared imports, not twofold. The main thread analyses the first group while the workers start.
 *
 * Only for analyses that write nothing: a module's error codes do not depend on other modules,
 * but which range a new module gets does (ranges go to modules in the order they first need
 * one), and only migrated texts show code numbers.
 */

/**
 * `--jobs`; one thread by default. Measured on 2 vCPUs (BENCHMARK.md), two threads were slower
 * than one up to 2,000 files and 9% faster at 5,000: a single analysis already keeps about 1.3
 * cores busy (the garbage collector and the JIT run beside it), and each thread loads TypeScript
 * and parses the libraries again. Machines with more cores than that can ask for more.
 */
export function threadCount(jobs: string | undefined): number {
  if (jobs === undefined) return 1;
  const count = Number(jobs);
  if (!Number.isInteger(count) || count < 1) throw new UserError(`--jobs ${jobs}: expected a whole number of threads of at least 1 (1 analyses on the main thread only).`);
  return count;
}

export interface ThreadedAnalysis {
  readonly config: ResolvedConfig;
  readonly project: ProjectSettings;
  /** In the order outcomes are returned. */
  readonly files: readonly FileEntry[];
  /** For the main thread's group; the workers select them again from `selection` (plugins are code). */
  readonly transforms: readonly EnabledTransform[];
  readonly selection: TransformSelection;
  /** The URL of the module that exports the built-in transforms as `BUILTIN_TRANSFORMS`, for the threads to load. */
  readonly builtins: string;
  readonly allTransformsRun: boolean;
  readonly codes: ErrorCodes;
  readonly onFile?: (done: number, total: number, entry: FileEntry) => void;
  /** The pre-pass, when the caller ran it over more files than these (see `AnalyzeOptions.prepared`). */
  readonly prepared?: PreparedData;
}

/** What a worker is given: plain data only. */
export interface WorkerRequest {
  readonly config: ResolvedConfig;
  readonly project: ProjectSettings;
  readonly selection: TransformSelection;
  readonly builtins: string;
  readonly allTransformsRun: boolean;
  readonly files: readonly FileEntry[];
  readonly extraRoots: readonly string[];
  /** The transforms' pre-pass over every file, not only the thread's: a discriminator in one group reaches throws in another. */
  readonly prepared: PreparedData;
}

export type WorkerMessage =
  | { readonly kind: 'progress'; readonly entry: FileEntry }
  | { readonly kind: 'done'; readonly outcomes: FileOutcome[] }
  | { readonly kind: 'failed'; readonly message: string; readonly userError: boolean; readonly exitCode: number };

export async function analyzeOnThreads(analysis: ThreadedAnalysis, threads: number): Promise<FileOutcome[]> {
  const { config, files } = analysis;
  const groups = contiguousGroups(files, threads);
  const mayDeclareGlobals = files.map((entry) => entry.absolute).filter(declaresGlobals);
  const extraRootsFor = (group: readonly FileEntry[]): string[] => {
    const inGroup = new Set(group.map((entry) => entry.absolute));
    return mayDeclareGlobals.filter((file) => !inGroup.has(file));
  };

  const prepared = analysis.prepared ?? inPhase('the pre-pass of the transforms', () => prepareTransforms(analysis.transforms, files, analysis.project, config.root));
  let done = 0;
  const progress = (entry: FileEntry): void => analysis.onFile?.(++done, files.length, entry);
  const workers = groups.slice(1).map((group) => {
    const request: WorkerRequest = {
      config,
      project: analysis.project,
      selection: analysis.selection,
      builtins: analysis.builtins,
      allTransformsRun: analysis.allTransformsRun,
      files: group,
      extraRoots: extraRootsFor(group),
      prepared,
    };
    return runWorker(request, progress);
  });
  try {
    const own = analyzeFiles({
      config,
      project: analysis.project,
      files: groups[0] ?? [],
      transforms: analysis.transforms,
      allTransformsRun: analysis.allTransformsRun,
      forWriting: false,
      extraRoots: extraRootsFor(groups[0] ?? []),
      prepared,
      codes: analysis.codes,
      onFile: (_done, _total, entry) => progress(entry),
    });
    const all = [own, ...(await Promise.all(workers.map((w) => w.result)))].flat();
    const order = new Map(files.map((entry, index) => [entry.absolute, index]));
    return all.sort((a, b) => order.get(a.absolute)! - order.get(b.absolute)!);
  } finally {
    for (const worker of workers) await worker.stop();
  }
}

/**
 * Whole modules in path order, cut into `count` runs of about equal file counts. Neighbouring
 * modules tend to import each other (`pkg/orders` and `pkg/orders-api`), and a thread parses
 * whatever its files import: runs keep that shared work in one thread more often than a
 * size-balanced deal of modules would.
 */
function contiguousGroups(files: readonly FileEntry[], count: number): FileEntry[][] {
  const byModule = new Map<string, FileEntry[]>();
  for (const entry of files) {
    const list = byModule.get(entry.module);
    if (list) list.push(entry);
    else byModule.set(entry.module, [entry]);
  }
  const groups: FileEntry[][] = [];
  let current: FileEntry[] = [];
  let taken = 0;
  for (const module of [...byModule.keys()].sort()) {
    const moduleFiles = byModule.get(module)!;
    current.push(...moduleFiles);
    taken += moduleFiles.length;
    if (groups.length < count - 1 && taken >= (files.length * (groups.length + 1)) / count) {
      groups.push(current);
      current = [];
    }
  }
  groups.push(current);
  return groups.filter((group) => group.length > 0);
}

/**
 * Whether a file's declarations may be visible without an import: a script (no import or
 * export) puts its declarations in the global scope, and `declare global` / `declare module`
 * augment it from a module. Every thread's program includes such files, so that each sees the
 * globals one program of the whole repository would. A text test: a false positive only adds a root.
 */
function declaresGlobals(file: string): boolean {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  return textDeclaresGlobals(text);
}

/** `declaresGlobals` of a text already read. */
export function textDeclaresGlobals(text: string): boolean {
  return /\bdeclare\s+(global|module|namespace)\b/.test(text) || !/^\s*(import|export)\b/m.test(text);
}

/** `onProgress` gets each file as the worker finishes it. */
function runWorker(request: WorkerRequest, onProgress: (entry: FileEntry) => void): { result: Promise<FileOutcome[]>; stop: () => Promise<void> } {
  // Through `../engine/`: this code also runs from the bundled CLI in `cli/` (see package.json "bundle").
  const worker = new Worker(new URL('../engine/analysis-worker.js', import.meta.url), { workerData: request });
  const result = new Promise<FileOutcome[]>((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'progress') onProgress(message.entry);
      else if (message.kind === 'done') resolve(message.outcomes);
      else reject(message.userError ? new UserError(message.message, message.exitCode) : new Error(message.message));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`an analysis thread stopped (exit code ${code}) before it was done; run again with --jobs 1`)));
  });
  // Until it is awaited, a failure must not count as unhandled.
  result.catch(() => undefined);
  return { result, stop: async () => void (await worker.terminate()) };
}
