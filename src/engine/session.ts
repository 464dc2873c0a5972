import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Project, ts } from 'ts-morph';
import type { ResolvedConfig } from '../config/load.js';
import type { ModuleMap } from '../discovery/modules.js';
import { migrateFile, type EnabledTransform, type Note } from './migrate-file.js';
import type { Site } from './site.js';
import { decodeSource, type SourceText } from './source-text.js';
import { describeSyntaxError, syntaxErrors, syntaxErrorsOf } from './syntax.js';
import type { IgnoreDirective } from './ignore-directives.js';
import type { ErrorCodes } from './transform.js';
import { CodeRegistry } from '../codes/registry.js';

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
  readonly source?: SourceText;
  readonly newText?: string;
  readonly sites: readonly Site[];
  readonly importsStandard: boolean;
  readonly unusedDirectives: readonly IgnoreDirective[];
  readonly unreasonedDirectives: readonly IgnoreDirective[];
  /** What transforms deliberately left as it is, for the report. */
  readonly notes?: readonly Note[];
}

export interface AnalyzeOptions {
  readonly config: ResolvedConfig;
  readonly project: Project;
  /** Absolute paths. */
  readonly files: readonly string[];
  readonly modules: ModuleMap;
  readonly transforms: readonly EnabledTransform[];
  /** Whether every known transform runs (no `--transform`/`--skip`, none switched off). */
  readonly allTransformsRun: boolean;
  readonly onFile?: (done: number, total: number, file: string) => void;
  /** The code registry; without it codes are allocated in memory only. */
  readonly codes?: ErrorCodes;
}

export const toPosix = (file: string): string => file.split(path.sep).join('/');

/**
 * Reads and parses every file, then runs the transforms over each one. Nothing is written here:
 * the caller decides (run writes, dry-run prints, check and report only count).
 */
export async function analyzeFiles(options: AnalyzeOptions): Promise<FileOutcome[]> {
  const { config, project } = options;
  const loaded: Array<{ absolute: string; file: string; module: string; source?: SourceText; sourceFile?: ts.SourceFile; skipReason?: string }> = [];
  for (const absolute of options.files) {
    const file = toPosix(path.relative(config.root, absolute));
    const module = options.modules.moduleOf(file);
    const unreadable = await whyNotReadable(absolute);
    if (unreadable) {
      loaded.push({ absolute, file, module, skipReason: unreadable });
      continue;
    }
    const bytes = await fs.readFile(absolute).catch((error: NodeJS.ErrnoException) => error);
    if (bytes instanceof Error) {
      loaded.push({ absolute, file, module, skipReason: `cannot read it (${bytes.code ?? bytes.message})` });
      continue;
    }
    const decoded = decodeSource(bytes);
    if (!decoded.ok) {
      loaded.push({ absolute, file, module, skipReason: decoded.reason });
      continue;
    }
    const sourceFile = project.createSourceFile(absolute, decoded.source.text, { overwrite: true }).compilerNode;
    const errors = syntaxErrors(sourceFile);
    if (errors.length > 0) {
      loaded.push({ absolute, file, module, skipReason: `does not parse (${describeSyntaxError(sourceFile, errors[0]!)}); fix the syntax error to migrate it` });
      continue;
    }
    loaded.push({ absolute, file, module, source: decoded.source, sourceFile });
  }

  let checker: ts.TypeChecker | undefined;
  const getChecker = (): ts.TypeChecker => (checker ??= project.getProgram().compilerObject.getTypeChecker());
  const compilerOptions = project.getCompilerOptions();
  const codes = options.codes ?? CodeRegistry.inMemory(path.basename(config.root));

  const outcomes: FileOutcome[] = [];
  for (const [index, entry] of loaded.entries()) {
    options.onFile?.(index + 1, loaded.length, entry.file);
    const base = { file: entry.file, absolute: entry.absolute, module: entry.module };
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
    const common = { ...base, source: entry.source, sites: result.sites, importsStandard: result.importsStandard, unusedDirectives: result.unusedDirectives, unreasonedDirectives: result.unreasonedDirectives, notes: result.notes };
    if (result.newText === undefined) {
      outcomes.push({ ...common, status: 'unchanged' });
      continue;
    }
    // The new text must parse before anything may write it.
    const newErrors = syntaxErrorsOf(entry.absolute, result.newText, scriptKindOf(entry.sourceFile));
    if (newErrors.length > 0) {
      outcomes.push({ ...common, status: 'skipped', skipReason: 'the migrated text would not parse; the file is left as it was (please report this)' });
      continue;
    }
    outcomes.push({ ...common, status: 'changed', newText: result.newText });
  }
  return outcomes;
}

/** Larger than any hand-written source file; such a file is generated, and parsing it would only cost time. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** A reason to leave a path alone before reading it: a link (never followed, so never written through) or a huge file. */
async function whyNotReadable(file: string): Promise<string | undefined> {
  const stat = await fs.lstat(file).catch(() => undefined);
  if (!stat) return 'it disappeared while the run was starting';
  if (stat.isSymbolicLink()) return 'a symbolic link; links are never followed, so migrate the file it points to where it lives';
  if (stat.size > MAX_FILE_BYTES) {
    return `too large for a hand-written source file (${(stat.size / 1024 / 1024).toFixed(1)} MiB); if it is generated, add it to "exclude"`;
  }
  return undefined;
}

function scriptKindOf(sourceFile: ts.SourceFile): ts.ScriptKind {
  return (sourceFile as ts.SourceFile & { scriptKind: ts.ScriptKind }).scriptKind;
}
