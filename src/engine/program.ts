import path from 'node:path';
import { ts } from '#typescript';
import { libFiles } from './lib-files.js';
import { PhaseError } from './phase-error.js';
import type { ProjectSettings } from './project.js';

/** What the analysis parsed and, when a transform asked for types, the program it answered them in. */
export interface AnalysedProgram {
  readonly sourceFiles: readonly ts.SourceFile[];
  /**
   * The program, once: its checker holds every type it resolved, so the one who takes it lets it
   * go as soon as it can (a large live heap makes every later collection slower).
   */
  readonly takeProgram?: () => ts.Program | undefined;
}

/**
 * The files being migrated, each parsed once, and the program the type checker needs, built
 * only when a type-aware transform first asks for it. The program takes these parses instead of
 * reading and parsing the files again; it parses only what they import (and the libraries).
 *
 * JSDoc is parsed as `tsc` parses it, only where it carries types (in JavaScript files): no
 * transform reads JSDoc nodes.
 */
export class LazyProgram {
  private readonly parsed = new Map<string, ts.SourceFile>();
  private packageJsonCache: ts.PackageJsonInfoCache | undefined;
  private program: ts.Program | undefined;
  private typeChecker: ts.TypeChecker | undefined;
  /** Why the checker could not be built. */
  private failure: PhaseError | undefined;

  constructor(
    private readonly project: ProjectSettings,
    /** More files for the program (not parsed here, not migrated). */
    private readonly extraRoots: readonly string[] = [],
  ) {}

  get compilerOptions(): ts.CompilerOptions {
    return this.project.options;
  }

  /** Parses a file the program will include; its module format (ESM or CommonJS) as the program would decide it. */
  parse(fileName: string, text: string): ts.SourceFile {
    const options = this.project.options;
    // Made on the first parse: a run that reuses every outcome never loads the compiler.
    this.packageJsonCache ??= packageJsonCacheFor(options);
    const sourceFile = ts.createSourceFile(
      fileName,
      text,
      {
        languageVersion: options.target ?? ts.ScriptTarget.Latest,
        impliedNodeFormat: ts.getImpliedNodeFormatForFile(fileName, this.packageJsonCache, ts.sys, options),
        jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeErrors,
      },
      /* setParentNodes */ true,
    );
    this.parsed.set(path.resolve(fileName), sourceFile);
    return sourceFile;
  }

  /** Leaves a parsed file out of the program (it does not parse, so nothing of it is migrated). */
  forget(fileName: string): void {
    this.parsed.delete(path.resolve(fileName));
  }

  /**
   * Binding every file happens here, on first use: a failure then is no one file's, so it names
   * the phase (and is not tried again for every file).
   */
  get checker(): ts.TypeChecker {
    if (this.typeChecker) return this.typeChecker;
    if (this.failure) throw this.failure;
    try {
      this.program ??= this.createProgram();
      this.typeChecker = this.program.getTypeChecker();
      return this.typeChecker;
    } catch (error) {
      this.failure = new PhaseError('building the type checker', error);
      throw this.failure;
    }
  }

  /**
   * Every file parsed so far (and bound, once the checker was built), which a later program over
   * the same texts and options takes instead of parsing and binding them again; and the program
   * once it has a checker, which a later check of the same texts asks what it knows already.
   */
  analysed(): AnalysedProgram {
    let program = this.typeChecker ? this.program : undefined;
    const takeProgram = (): ts.Program | undefined => {
      const taken = program;
      program = undefined;
      return taken;
    };
    return { sourceFiles: this.program?.getSourceFiles() ?? [...this.parsed.values()], takeProgram };
  }

  /**
   * A checker that threw halfway (its stack overflowed on a pathological type) may keep half-done
   * state, such as types still marked as being resolved, and answer later questions wrongly. The
   * next question gets a new checker, over the same parsed and bound files.
   */
  discardChecker(): void {
    if (!this.typeChecker) return;
    this.typeChecker = undefined;
    this.program = this.createProgram(this.program);
  }

  private createProgram(oldProgram?: ts.Program): ts.Program {
    const { options, declarationFiles } = this.project;
    const lib = libFiles();
    // Only the files to migrate are walked (with parents, see `parse`); the binder gives the others theirs.
    const host = ts.createCompilerHost(options, /* setParentNodes */ false);
    host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
    const fromDisk = { getSourceFile: host.getSourceFile.bind(host), fileExists: host.fileExists.bind(host), readFile: host.readFile.bind(host) };
    host.getDefaultLibLocation = () => lib.folder;
    host.getDefaultLibFileName = (libOptions) => `${lib.folder}/${ts.getDefaultLibFileName(libOptions)}`;
    host.fileExists = (fileName) => lib.texts.has(fileName) || fromDisk.fileExists(fileName);
    host.readFile = (fileName) => lib.texts.get(fileName) ?? fromDisk.readFile(fileName);
    host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) => {
      // The compiler's paths use `/`; the keys are the platform's.
      const own = this.parsed.get(path.resolve(fileName));
      if (own) {
        // Whether a file without imports or exports is a module depends on the options (moduleDetection);
        // the program decides it for the files it parses itself, so it decides it for this one too.
        if (typeof languageVersionOrOptions === 'object') languageVersionOrOptions.setExternalModuleIndicator?.(own);
        return own;
      }
      const libText = lib.texts.get(fileName);
      if (libText !== undefined) return ts.createSourceFile(fileName, libText, languageVersionOrOptions);
      return fromDisk.getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile);
    };
    return ts.createProgram({ rootNames: [...this.parsed.keys(), ...this.extraRoots, ...declarationFiles], options, host, ...(oldProgram ? { oldProgram } : {}) });
  }
}

/** Where the module format lookups keep the package.json files they read. */
export function packageJsonCacheFor(options: ts.CompilerOptions): ts.PackageJsonInfoCache {
  const canonical = ts.sys.useCaseSensitiveFileNames ? (name: string) => name : (name: string) => name.toLowerCase();
  return ts.createModuleResolutionCache(ts.sys.getCurrentDirectory(), canonical, options).getPackageJsonInfoCache();
}
