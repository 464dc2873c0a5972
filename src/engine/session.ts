import path from 'node:path';
import type { ts } from 'ts-morph';
import type { ResolvedConfig } from '../config/load.js';
import { migrateFile, type EnabledTransform, type Note } from './migrate-file.js';
import type { Site } from './site.js';
import type { SourceText } from './source-text.js';
import { LazyProgram } from './program.js';
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
  const { config } = options;
  const program = new LazyProgram(options.project, options.extraRoots ?? []);
  const loaded: Array<{ absolute: string; file: string; module: string; source?: SourceText; sourceFile?: ts.SourceFile; skipReason?: string }> = [];
  for (const { absolute, file, module } of options.files) {
    const read = readSource(absolute);
    if (!read.ok) {
      loaded.push({ absolute, file, module, skipReason: read.reason });
      continue;
    }
    const sourceFile = program.parse(absolute, read.source.text);
    const errors = syntaxErrors(sourceFile);
    if (errors.length > 0) {
      program.forget(absolute);
      loaded.push({ absolute, file, module, skipReason: `does not parse (${describeSyntaxError(sourceFile, errors[0]!)}); fix the syntax error to migrate it` });
      continue;
    }
    loaded.push({ absolute, file, module, source: read.source, sourceFile });
  }

  const getChecker = (): ts.TypeChecker => program.checker;
  const compilerOptions = program.compilerOptions;
  const { codes } = options;

  const outcomes: FileOutcome[] = [];
  for (const [index, entry] of loaded.entries()) {
    const base: FileEntry = { file: entry.file, absolute: entry.absolute, module: entry.module };
    options.onFile?.(index + 1, loaded.length, base);
    if (!entry.sourceFile || !entry.source) {
      outcomes.push({ ...base, status: 'skipped', skipReason: entry.skipReason ?? 'not parsed', sites: [], importsStandard: false, unusedDirectives: [], unreasonedDirectives: [] });
      continue;
    }
    const result = migrateFile({
      sourceFile: entry.sourceFile,
      fileName: entry.file,
      root: config.root,
      module: { name: entry.module },
      transforms: options.transforms,
      compilerOptions,
      standard: config.standard,
      checker: getChecker,
      allTransformsRun: options.allTransformsRun,
      codes,
    });
    const texts = options.forWriting ? { source: entry.source } : {};
    const common = { ...base, ...texts, sites: result.sites, importsStandard: result.importsStandard, unusedDirectives: result.unusedDirectives, unreasonedDirectives: result.unreasonedDirectives, notes: result.notes };
    if (result.newText === undefined) {
      outcomes.push({ ...common, status: 'unchanged' });
      continue;
    }
    outcomes.push({ ...common, status: 'changed', ...(options.forWriting ? { newText: result.newText } : {}) });
  }
  return outcomes;
}
