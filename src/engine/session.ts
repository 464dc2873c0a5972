import path from 'node:path';
import type { ts } from '#typescript';
import { collectFacts } from '../compliance/facts.js';
import type { FileFacts } from '../compliance/types.js';
import type { ResolvedConfig } from '../config/load.js';
import { migrateFile, TransformFailure, type EnabledTransform, type MigrateFileResult, type Note, type SiteEdit } from './migrate-file.js';
import type { Site } from './site.js';
import type { DecodeResult, SourceText } from './source-text.js';
import { errorLine, inPhase, thrownByCompiler } from './phase-error.js';
import { LazyProgram, type AnalysedProgram } from './program.js';
import type { PreparedPartStore } from './prepared-parts.js';
import { prepareTransforms, type PreparedData } from './project-files.js';
import type { ProjectSettings } from './project.js';
import { readSource } from './read-source.js';
import { describeSyntaxError, syntaxErrors, syntaxErrorsOf } from './syntax.js';
import type { IgnoreDirective } from './ignore-directives.js';
import type { ErrorCodes } from './transform.js';

export interface FileOutcome {
  /** Relative to the root, `/`-separated. */
  readonly file: string;
  readonly absolute: string;
  readonly module: string;
  /** `skipped`: could not be read or parsed, or the edits would not parse; never written. */
  readonly status: 'unchanged' | 'changed' | 'skipped';
  readonly skipReason?: string;
  /** Changed but not written: declined in `run --interactive`, or the write failed. */
  readonly declined?: boolean;
  /** The text as read, and the migrated text when changed; only when analysed for writing. */
  readonly source?: SourceText;
  readonly newText?: string;
  readonly sites: readonly Site[];
  readonly importsStandard: boolean;
  readonly unusedDirectives: readonly IgnoreDirective[];
  readonly unreasonedDirectives: readonly IgnoreDirective[];
  /** What transforms deliberately left as it is, for the report. */
  readonly notes?: readonly Note[];
  /** What the compliance rules need to know of the file as read (lines of code, imports, team rules). */
  readonly facts?: FileFacts;
  /** Each site's text changes, when changed and analysed for writing (see `MigrateFileResult.edits`). */
  readonly edits?: readonly SiteEdit[];
}

/** A file to analyse, as the pipeline found it. */
export interface FileEntry {
  readonly absolute: string;
  /** Relative to the root, `/`-separated. */
  readonly file: string;
  readonly module: string;
}

export interface AnalyzeOptions {
  readonly config: ResolvedConfig;
  readonly project: ProjectSettings;
  readonly files: readonly FileEntry[];
  /** Files already read (by the discovery of the file set), by absolute path; the rest are read here. */
  readonly reads?: ReadonlyMap<string, DecodeResult>;
  readonly transforms: readonly EnabledTransform[];
  /** Whether every known transform runs (no `--transform`/`--skip`, none switched off). */
  readonly allTransformsRun: boolean;
  /**
   * The outcomes are to be written (`run`, and its dry run, which shows the same): every migrated
   * text is parsed before it counts as changed, and the texts are kept. `check` and `report`
   * only count; they get no texts and skip that parse.
   */
  readonly forWriting: boolean;
  /**
   * Files outside `files` that the program must still include: when the files are split across
   * threads, the other threads' files that may declare globals (see `parallel.ts`).
   */
  readonly extraRoots?: readonly string[];
  readonly onFile?: (done: number, total: number, entry: FileEntry) => void;
  /** The session's code registry. */
  readonly codes: ErrorCodes;
  /**
   * The transforms' project-wide pre-pass, when the caller ran it over more files than `files`
   * (an analysis thread's group); otherwise it runs here over `files`.
   */
  readonly prepared?: PreparedData;
  /** `--cache`: earlier outcomes of files whose inputs have not changed (check and report only). */
  readonly store?: OutcomeStore;
  /** Receives the analysis's parses and program once it is done (`run`'s type check reuses them). */
  readonly onAnalysed?: (analysed: AnalysedProgram) => void;
}

/**
 * Earlier outcomes of files whose inputs have not changed (see src/cache). Asked once every file
 * is read and before any is parsed: reused files are not parsed (unless the program needs them),
 * and their outcomes take their place in file order.
 */
export interface OutcomeStore {
  /** The files whose earlier outcome may stand, and files the program must include since they are not parsed. */
  plan(files: ReadonlyArray<{ readonly entry: FileEntry; readonly source: SourceText }>): {
    readonly reusable: ReadonlySet<string>;
    readonly extraRoots: readonly string[];
    /** The pre-pass's result, when the files it looks at are all as they were. */
    readonly prepared?: PreparedData;
    /** Otherwise, the parts of split pre-passes that it knows (and keeps the new ones). */
    readonly parts?: PreparedPartStore;
  };
  /** After the pre-pass: the planned files to analyse after all, because what the pre-pass found has changed. */
  confirm(prepared: PreparedData): ReadonlySet<string>;
  /** A planned file's earlier outcome, its requests to the code registry made again in order. */
  reuse(entry: FileEntry, codes: ErrorCodes): FileOutcome;
  /** Watches what one file's analysis asks beyond its own text (the checker, the codes); `done` keeps its outcome. */
  analysing(entry: FileEntry, text: string, codes: ErrorCodes, checker: () => ts.TypeChecker): { codes: ErrorCodes; checker: () => ts.TypeChecker; done(outcome: FileOutcome): void };
}

export const toPosix = (file: string): string => file.split(path.sep).join('/');

/**
 * Reads and parses every file, then runs the transforms over each one. Nothing is written here:
 * the caller decides (run writes, dry-run prints, check and report only count).
 */
export function analyzeFiles(options: AnalyzeOptions): FileOutcome[] {
  const outcomes = migrateAll(options);
  // After the program is gone: its memory is free again, and the parser is hot.
  return options.forWriting ? outcomes.map(provedToParse) : outcomes;
}

/** A changed file whose migrated text would not parse is never written. */
function provedToParse(outcome: FileOutcome): FileOutcome {
  if (outcome.status !== 'changed' || syntaxErrorsOf(outcome.absolute, outcome.newText!).length === 0) return outcome;
  const { newText: _dropped, ...rest } = outcome;
  return { ...rest, status: 'skipped', skipReason: 'the migrated text would not parse; the file is left as it was (please report this)' };
}

function migrateAll(options: AnalyzeOptions): FileOutcome[] {
  const { config, store } = options;
  const reads = options.files.map((entry) => ({ entry, read: options.reads?.get(entry.absolute) ?? readSource(entry.absolute) }));
  const plan = store?.plan(reads.flatMap(({ entry, read }) => (read.ok ? [{ entry, source: read.source }] : [])));
  const program = new LazyProgram(options.project, [...(options.extraRoots ?? []), ...(plan?.extraRoots ?? [])]);
  type Loaded = { absolute: string; file: string; module: string; source?: SourceText; sourceFile?: ts.SourceFile; skipReason?: string; reused?: boolean };
  const parse = (entry: FileEntry, source: SourceText): Loaded => {
    const sourceFile = program.parse(entry.absolute, source.text);
    const errors = syntaxErrors(sourceFile);
    const base = { absolute: entry.absolute, file: entry.file, module: entry.module };
    if (errors.length === 0) return { ...base, source, sourceFile };
    program.forget(entry.absolute);
    return { ...base, skipReason: `does not parse (${describeSyntaxError(sourceFile, errors[0]!)}); fix the syntax error to migrate it` };
  };
  const loaded: Loaded[] = reads.map(({ entry, read }) => {
    if (!read.ok) return { ...entry, skipReason: read.reason };
    return plan?.reusable.has(entry.file) ? { ...entry, source: read.source, reused: true } : parse(entry, read.source);
  });

  const prepared =
    options.prepared ??
    plan?.prepared ??
    inPhase('the pre-pass of the transforms', () =>
      prepareTransforms(options.transforms, loaded.filter((entry) => entry.source).map((entry) => ({ ...entry, text: entry.source!.text })), options.project, config.root, plan?.parts),
    );
  const stale = store?.confirm(prepared);
  if (stale?.size) {
    for (const [index, entry] of loaded.entries()) if (entry.reused && stale.has(entry.file)) loaded[index] = parse(entry, entry.source!);
  }
  const getChecker = (): ts.TypeChecker => program.checker;
  const compilerOptions = program.compilerOptions;
  const { codes } = options;

  const outcomes: FileOutcome[] = [];
  for (const [index, entry] of loaded.entries()) {
    const base: FileEntry = { file: entry.file, absolute: entry.absolute, module: entry.module };
    options.onFile?.(index + 1, loaded.length, base);
    if (entry.reused) {
      outcomes.push(store!.reuse(base, codes));
      continue;
    }
    if (!entry.sourceFile || !entry.source) {
      outcomes.push({ ...base, status: 'skipped', skipReason: entry.skipReason ?? 'not parsed', sites: [], importsStandard: false, unusedDirectives: [], unreasonedDirectives: [] });
      continue;
    }
    const watch = store?.analysing(base, entry.source.text, codes, getChecker);
    let result: MigrateFileResult;
    try {
      result = migrateFile({
        sourceFile: entry.sourceFile,
        fileName: entry.file,
        root: config.root,
        module: { name: entry.module },
        transforms: options.transforms,
        compilerOptions,
        standard: config.standard,
        checker: watch?.checker ?? getChecker,
        allTransformsRun: options.allTransformsRun,
        codes: watch?.codes ?? codes,
        prepared,
      });
    } catch (error) {
      if (!(error instanceof TransformFailure)) throw error;
      program.discardChecker();
      outcomes.push({ ...base, status: 'skipped', skipReason: failureReason(error), sites: [], importsStandard: false, unusedDirectives: [], unreasonedDirectives: [] });
      continue;
    }
    const texts = options.forWriting ? { source: entry.source } : {};
    const common = { ...base, ...texts, sites: result.sites, importsStandard: result.importsStandard, unusedDirectives: result.unusedDirectives, unreasonedDirectives: result.unreasonedDirectives, notes: result.notes, facts: collectFacts(entry.sourceFile, entry.file, config) };
    const outcome: FileOutcome =
      result.newText === undefined ? { ...common, status: 'unchanged' } : { ...common, status: 'changed', ...(options.forWriting ? { newText: result.newText, edits: result.edits } : {}) };
    outcomes.push(outcome);
    watch?.done(outcome);
  }
  options.onAnalysed?.(program.analysed());
  return outcomes;
}

/** Why a file whose analysis threw is skipped: the phase, the error, and what to do. */
function failureReason(failure: TransformFailure): string {
  const error = errorLine(failure.cause);
  if (thrownByCompiler(failure.cause)) {
    return `the TypeScript checker failed on it in the \`${failure.transform}\` analysis (${error}), as it can on a pathological type; the file is left as it was (exclude it to silence this)`;
  }
  return `the \`${failure.transform}\` analysis failed on it (${error}); the file is left as it was (a bug in that transform: please report it)`;
}
