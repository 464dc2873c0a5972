import path from 'node:path';
import { ts } from 'ts-morph';
import { libFiles } from '../lib-files.js';
import type { ProjectSettings } from '../project.js';

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
 * out. Each check is a builder program made from the previous one: files whose text did not
 * change keep their parse and binding, and their diagnostics are recomputed only when a file
 * they depend on changed its declarations. So the first check costs one `tsc`, and each later
 * one costs the changed files and their dependants.
 *
 * What a file had before the texts were swapped in is asked of a second program over the texts
 * on disk (see `diagnosticsOnDisk`), only for the files that have errors now.
 *
 * The roots are the tsconfig's files and every analysed file, whether the tsconfig lists it or
 * not: a file is in the program once, by its path.
 *
 * The analysis's parses (made with the same options) are taken for every text they match, so a
 * file the edits leave alone, a library and a declaration file are neither parsed nor bound again.
 */
export class CheckedProgram {
  private readonly texts = new Map<string, string>();
  private readonly cache = new Map<string, { readonly text: string; readonly sourceFile: ts.SourceFile }>();
  private readonly host: ts.CompilerHost;
  private readonly roots: string[];
  private builder: ts.SemanticDiagnosticsBuilderProgram | undefined;
  /** The program over the texts on disk, made on first need; it shares the parses of the files not swapped. */
  private onDisk: ts.Program | undefined;
  private readonly diskParses = new Map<string, ts.SourceFile>();
  /** The analysis's parses, by absolute path. */
  private readonly parsed: ReadonlyMap<string, ts.SourceFile>;
  private versions = 0;
  /** Whether a text changed since the last program was made. */
  private stale = true;

  constructor(
    private readonly project: ProjectSettings,
    analysed: readonly string[],
    tsconfigFiles: readonly string[],
    parses: readonly ts.SourceFile[] = [],
  ) {
    // A redirect (one package installed twice, the second copy standing for the first) belongs to
    // the program that made it: a host must never hand one to another program.
    this.parsed = new Map(parses.filter((sourceFile) => !isRedirect(sourceFile)).map((sourceFile) => [path.resolve(sourceFile.fileName), sourceFile]));
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

  /** The errors in the project's own files (not in declaration files or libraries), or in `only` (absolute paths). */
  diagnostics(only?: ReadonlySet<string>): Diagnostic[] {
    const builder = this.rebuild();
    // Without a file, the builder re-checks the files the last change affects and answers the others from its cache.
    return errorsIn(builder.getProgram(), [...builder.getSyntacticDiagnostics(), ...builder.getSemanticDiagnostics()], only);
  }

  /**
   * The errors that `files` (absolute paths) have with every text as on disk, none swapped in.
   * Only these files are checked (and what their types need): in a project that type-checks,
   * the files with errors after the edits are few, and a file without errors after has nothing
   * new to compare.
   */
  diagnosticsOnDisk(files: readonly string[]): Diagnostic[] {
    if (files.length === 0) return [];
    const program = (this.onDisk ??= this.createDiskProgram());
    const found: ts.Diagnostic[] = [];
    for (const file of files) {
      const sourceFile = program.getSourceFile(file);
      if (sourceFile) found.push(...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile));
    }
    return errorsIn(program, found);
  }

  /** The files that `file` imports, directly (absolute paths; only files of the program). */
  importsOf(file: string): string[] {
    const program = this.rebuild().getProgram();
    const sourceFile = program.getSourceFile(file);
    if (!sourceFile) return [];
    const imported: string[] = [];
    for (const resolved of sourceFileImports(program, sourceFile)) imported.push(path.resolve(resolved));
    return imported;
  }

  /** `line:column` (1-based) of a position in a file of the current program. */
  lineAndColumn(file: string, position: number): string {
    const sourceFile = this.builder?.getProgram().getSourceFile(file);
    if (!sourceFile) return '1:1';
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(position);
    return `${line + 1}:${character + 1}`;
  }

  private rebuild(): ts.SemanticDiagnosticsBuilderProgram {
    if (this.builder && !this.stale) return this.builder;
    this.builder = ts.createSemanticDiagnosticsBuilderProgram(this.roots, this.project.options, this.host, this.builder);
    this.stale = false;
    return this.builder;
  }

  /**
   * A plain program (nothing to compare it with later) whose host serves the disk's text for the
   * swapped files and the checked program's own parses for the others, so only the swapped files
   * are parsed and bound again.
   */
  private createDiskProgram(): ts.Program {
    const host: ts.CompilerHost = { ...this.host };
    host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) => {
      const key = path.resolve(fileName);
      if (!this.texts.has(key)) return this.host.getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile);
      let sourceFile = this.diskParses.get(key);
      const text = sourceFile ? undefined : ts.sys.readFile(fileName);
      if (!sourceFile && text !== undefined) this.diskParses.set(key, (sourceFile = this.parseOf(key, text) ?? ts.createSourceFile(fileName, text, languageVersionOrOptions)));
      return sourceFile;
    };
    return ts.createProgram({ rootNames: this.roots, options: this.project.options, host, oldProgram: this.rebuild().getProgram() });
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
      (sourceFile as { version?: string }).version = String(++this.versions);
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

/** The errors among `diagnostics` that are in the project's own files (and in `only`, when given). */
function errorsIn(program: ts.Program, diagnostics: readonly ts.Diagnostic[], only?: ReadonlySet<string>): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const d of diagnostics) {
    const sourceFile = d.file;
    if (!sourceFile || d.category !== ts.DiagnosticCategory.Error) continue;
    if (sourceFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(sourceFile)) continue;
    const file = path.resolve(sourceFile.fileName);
    if (only && !only.has(file)) continue;
    const start = d.start ?? 0;
    found.push({ file, start, end: start + (d.length ?? 0), code: d.code, text: ts.flattenDiagnosticMessageText(d.messageText, ' ') });
  }
  return found;
}

/** What the compiler keeps of a file's imports; not in its public typings, stable across versions. */
interface WithImports {
  readonly imports?: readonly ts.StringLiteralLike[];
}
interface WithResolvedModules {
  getResolvedModule?(file: ts.SourceFile, name: string, mode: ts.ResolutionMode): { resolvedModule?: { resolvedFileName: string } } | undefined;
}

/** The program's files that `sourceFile` resolves its imports to. */
function sourceFileImports(program: ts.Program, sourceFile: ts.SourceFile): string[] {
  const resolver = program as ts.Program & WithResolvedModules;
  const found: string[] = [];
  for (const specifier of (sourceFile as ts.SourceFile & WithImports).imports ?? []) {
    const mode = program.getModeForUsageLocation(sourceFile, specifier);
    const resolved = resolver.getResolvedModule?.(sourceFile, specifier.text, mode)?.resolvedModule;
    if (resolved && program.getSourceFile(resolved.resolvedFileName)) found.push(resolved.resolvedFileName);
  }
  return found;
}

/** Whether the compiler made `sourceFile` stand for another copy of the same package (not in its public typings). */
function isRedirect(sourceFile: ts.SourceFile): boolean {
  return (sourceFile as ts.SourceFile & { redirectInfo?: unknown }).redirectInfo !== undefined;
}
