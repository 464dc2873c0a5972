import path from 'node:path';
import { ts } from '#typescript';
import { libFiles } from '../lib-files.js';
import type { AnalysedProgram } from '../program.js';
import type { ProjectSettings } from '../project.js';
import { filesToCheck, importsOf, type EditHints } from './reach.js';

/** One type error, where it is and what it says. */
export interface Diagnostic {
  /** Absolute path, as the compiler names it. */
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly code: number;
  readonly text: string;
}

/**
 * The project type-checked as `tsc --noEmit` would, over texts that verification swaps in and
 * out, but only where the swapped texts can change an answer: the files they change, and the
 * files that can see a change of their declarations (see `filesToCheck`). A file outside that
 * reach has the errors it had before, so a migration that edits function bodies (most do) costs
 * the check of the edited files, not of the project.
 *
 * Each check is a program made from the previous one: files whose text did not change keep their
 * parse and binding. A file's errors are kept until a text it can see changes, so a round after
 * reverting sites re-checks only what the reverts reach.
 *
 * What a file had before the texts were swapped in is asked of a second program over the texts
 * on disk (see `diagnosticsOnDisk`), only for the files that have errors now.
 *
 * The roots are the tsconfig's files and every analysed file, whether the tsconfig lists it or
 * not: a file is in the program once, by its path.
 *
 * The analysis's parses (made with the same options) are taken for every text they match, so a
 * file the edits leave alone, a library and a declaration file are neither parsed nor bound again;
 * and the analysis's program, which has answered type questions about the edited files already,
 * says what their declarations were before.
 */
export class CheckedProgram {
  private readonly texts = new Map<string, string>();
  private readonly cache = new Map<string, { readonly text: string; readonly sourceFile: ts.SourceFile }>();
  private readonly host: ts.CompilerHost;
  private readonly roots: string[];
  /** The program over the texts as they are now. */
  private current: ts.Program | undefined;
  /** Whether a text changed since `current` was made. */
  private stale = true;
  /** The program the kept errors are of (the last full check). */
  private checkedIn: ts.Program | undefined;
  private checkedLast = 0;
  /** The errors of every file checked so far, as of `checkedIn`. */
  private readonly checked = new Map<string, Diagnostic[]>();
  /** The program over the texts on disk, made on first need; it shares the parses of the files not swapped. */
  private onDisk: ts.Program | undefined;
  private readonly diskParses = new Map<string, ts.SourceFile>();
  /** The analysis's program, until the first check has asked it what the declarations were. */
  private analysisProgram: ts.Program | undefined;
  /** The analysis's parses, by absolute path. */
  private readonly parsed: ReadonlyMap<string, ts.SourceFile>;

  constructor(
    private readonly project: ProjectSettings,
    analysed: readonly string[],
    tsconfigFiles: readonly string[],
    analysis: AnalysedProgram = { sourceFiles: [] },
    /** What the edits tell of the declarations of the files (absolute paths) whose texts are swapped in, against the texts on disk. */
    private readonly hints?: EditHints,
  ) {
    // A redirect (one package installed twice, the second copy standing for the first) belongs to
    // the program that made it: a host must never hand one to another program.
    this.parsed = new Map(analysis.sourceFiles.filter((sourceFile) => !isRedirect(sourceFile)).map((sourceFile) => [path.resolve(sourceFile.fileName), sourceFile]));
    this.analysisProgram = analysis.takeProgram?.();
    this.roots = [...new Set([...tsconfigFiles, ...analysed, ...project.declarationFiles].map((file) => path.resolve(file)))];
    this.host = this.createHost();
  }

  /** Serves `text` for `file` from now on (the file on disk is never touched). */
  setText(file: string, text: string): void {
    const key = path.resolve(file);
    if (this.texts.get(key) === text) return;
    this.texts.set(key, text);
    this.stale = true;
  }

  /**
   * The errors, with the texts as they are now, in the project's own files that the swapped texts
   * can affect (not in declaration files or libraries). Only the files whose inputs changed since
   * the last call are checked again.
   */
  diagnostics(): Diagnostic[] {
    const program = this.rebuild();
    const files = this.filesToCheck(program);
    for (const file of files) this.checked.set(file, this.check(program, file));
    this.checkedIn = program;
    this.checkedLast = files.size;
    return [...this.checked.values()].flat();
  }

  /** How many files the checks so far have looked at. */
  get filesChecked(): number {
    return this.checked.size;
  }

  /** How many files the last `diagnostics()` checked (again). */
  get filesCheckedLast(): number {
    return this.checkedLast;
  }

  /** The errors of one file with the texts as they are now (a step of a bisection: nothing is kept). */
  diagnosticsOf(file: string): Diagnostic[] {
    return this.check(this.rebuild(), path.resolve(file));
  }

  /**
   * The errors that `files` (absolute paths) have with every text as on disk, none swapped in.
   * Only these files are checked (and what their types need): in a project that type-checks,
   * the files with errors after the edits are few, and a file without errors after has nothing
   * new to compare.
   */
  diagnosticsOnDisk(files: readonly string[]): Diagnostic[] {
    if (files.length === 0) return [];
    const program = this.diskProgram();
    return files.flatMap((file) => this.check(program, file));
  }

  /** The files that `file` imports, directly (absolute paths; only files of the program). */
  importsOf(file: string): string[] {
    const program = this.rebuild();
    const sourceFile = program.getSourceFile(file);
    return sourceFile ? importsOf(program, sourceFile) : [];
  }

  /** `line:column` (1-based) of a position in a file of the current program. */
  lineAndColumn(file: string, position: number): string {
    const sourceFile = this.current?.getSourceFile(file);
    if (!sourceFile) return '1:1';
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(position);
    return `${line + 1}:${character + 1}`;
  }

  /** The files whose errors may differ in `program` from those kept (all that the edits reach, the first time). */
  private filesToCheck(program: ts.Program): ReadonlySet<string> {
    const previous = this.checkedIn ?? this.analysisProgram ?? this.diskProgram();
    const changed = [...this.texts.keys()].filter((file) => previous.getSourceFile(file)?.text !== program.getSourceFile(file)?.text);
    // Where the edits put a declaration holds against the original only; that the edits keep the
    // declarations holds for any subset of them.
    const hints: EditHints | undefined = this.hints && (this.checkedIn ? { keepsDeclarations: this.hints.keepsDeclarations, editedDeclarations: () => undefined } : this.hints);
    const { files } = filesToCheck(previous, program, changed, hints);
    this.analysisProgram = undefined;
    return files;
  }

  private check(program: ts.Program, file: string): Diagnostic[] {
    const sourceFile = program.getSourceFile(file);
    return sourceFile ? errorsIn(program, [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)]) : [];
  }

  private rebuild(): ts.Program {
    if (this.current && !this.stale) return this.current;
    this.current = ts.createProgram({ rootNames: this.roots, options: this.project.options, host: this.host, ...(this.current ? { oldProgram: this.current } : {}) });
    this.stale = false;
    return this.current;
  }

  /**
   * A program whose host serves the disk's text for the swapped files and the checked program's
   * own parses for the others, so only the swapped files are parsed and bound again.
   */
  private diskProgram(): ts.Program {
    if (this.onDisk) return this.onDisk;
    const host: ts.CompilerHost = { ...this.host };
    host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) => {
      const key = path.resolve(fileName);
      if (!this.texts.has(key)) return this.host.getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile);
      let sourceFile = this.diskParses.get(key);
      const text = sourceFile ? undefined : ts.sys.readFile(fileName);
      if (!sourceFile && text !== undefined) this.diskParses.set(key, (sourceFile = this.parseOf(key, text) ?? ts.createSourceFile(fileName, text, languageVersionOrOptions)));
      return sourceFile;
    };
    this.onDisk = ts.createProgram({ rootNames: this.roots, options: this.project.options, host, oldProgram: this.rebuild() });
    return this.onDisk;
  }

  private createHost(): ts.CompilerHost {
    const lib = libFiles();
    const host = ts.createCompilerHost(this.project.options);
    host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
    const fromDisk = { fileExists: host.fileExists.bind(host), readFile: host.readFile.bind(host) };
    host.getDefaultLibLocation = () => lib.folder;
    host.getDefaultLibFileName = (options) => `${lib.folder}/${ts.getDefaultLibFileName(options)}`;
    host.fileExists = (fileName) => lib.texts.has(fileName) || this.texts.has(path.resolve(fileName)) || fromDisk.fileExists(fileName);
    host.readFile = (fileName) => lib.texts.get(fileName) ?? this.texts.get(path.resolve(fileName)) ?? fromDisk.readFile(fileName);
    host.getSourceFile = (fileName, languageVersionOrOptions) => {
      const key = path.resolve(fileName);
      const text = lib.texts.get(fileName) ?? this.texts.get(key) ?? fromDisk.readFile(fileName);
      if (text === undefined) return undefined;
      // The same object for the same text: that is what lets the next program reuse it.
      const cached = this.cache.get(key);
      if (cached && cached.text === text) return cached.sourceFile;
      const sourceFile = this.parseOf(key, text) ?? ts.createSourceFile(fileName, text, languageVersionOrOptions);
      this.cache.set(key, { text, sourceFile });
      return sourceFile;
    };
    return host;
  }

  /** The analysis's parse of `text` at `key`, if it made one. */
  private parseOf(key: string, text: string): ts.SourceFile | undefined {
    const sourceFile = this.parsed.get(key);
    return sourceFile?.text === text ? sourceFile : undefined;
  }
}

/** The errors among `diagnostics` that are in the project's own files. */
function errorsIn(program: ts.Program, diagnostics: readonly ts.Diagnostic[]): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const d of diagnostics) {
    const sourceFile = d.file;
    if (!sourceFile || d.category !== ts.DiagnosticCategory.Error) continue;
    if (sourceFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(sourceFile)) continue;
    const file = path.resolve(sourceFile.fileName);
    const start = d.start ?? 0;
    found.push({ file, start, end: start + (d.length ?? 0), code: d.code, text: ts.flattenDiagnosticMessageText(d.messageText, ' ') });
  }
  return found;
}

/** Whether the compiler made `sourceFile` stand for another copy of the same package (not in its public typings). */
function isRedirect(sourceFile: ts.SourceFile): boolean {
  return (sourceFile as ts.SourceFile & { redirectInfo?: unknown }).redirectInfo !== undefined;
}
