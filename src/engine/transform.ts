import type { ts } from '#typescript';
import type { ErrorCategory } from '../codes/categories.js';
import type { StandardExport } from '../standard/exports.js';

/**
 * The one interface every transform implements, built-in or a team's own (loaded through the
 * config's `plugins`). Like a lint rule: `create` is called once per file and returns handlers
 * keyed by syntax kind; the engine walks each file once and calls them.
 */
export interface Transform {
  /** Stable id used in config, `--transform`, check output and the report. */
  readonly id: string;
  /** One line for `--help`, SARIF rules and the report. */
  readonly description: string;
  /** Whether `create`'s handlers ask the type checker; without it no program is built for them. */
  readonly needsTypes: boolean;
  /**
   * Optional project-wide pre-pass, run once before any file is walked: what it returns (plain
   * data, since it may be sent to an analysis thread) reaches every file as `context.prepared`.
   * For rules whose answer in one file depends on code in another (who catches this throw?).
   */
  prepare?(project: ProjectFiles): unknown;
  /**
   * Optional: the same pre-pass in two steps, so that `--cache` keeps each file's part and works
   * out again only the parts of files that changed. When a transform has it, the engine uses it
   * and not `prepare`; a transform with `prepare` alone is run over the whole set, as before.
   */
  readonly prepareByFile?: PrepareByFile;
  create(context: TransformContext): TransformVisitor;
}

/**
 * A pre-pass split into what one file contributes and the project-wide result made of those
 * parts. A part is keyed by the file's path and text, so it may depend on nothing else: not the
 * module (modules can change without the text), not other files. The combine step is where
 * files meet (modules, imports); it should be cheap, since it runs again whenever any file changed.
 */
export interface PrepareByFile {
  /** What one file of the set contributes: plain JSON data; null (or undefined) when nothing. */
  file?(file: PreparedSource): unknown;
  /** What one of the project's test files contributes, under the same rules; without it the test files are not read. */
  testFile?(file: PreparedSource): unknown;
  /** The project-wide result, what `prepare` would return: plain data, reaching every file as `context.prepared`. */
  combine(parts: PreparedParts, project: ProjectFiles): unknown;
}

/** A file as a pre-pass part sees it: its path and text, no module. */
export type PreparedSource = Omit<ProjectFile, 'module'>;

export interface PreparedParts {
  /** Every file of `project.files`, in order, with its part (null when it contributes nothing). */
  readonly files: ReadonlyArray<{ readonly file: ProjectFile; readonly part: unknown }>;
  /** Every one of `project.testFiles()`, in order, with its part; empty without `testFile`. */
  readonly tests: ReadonlyArray<{ readonly file: ProjectFile; readonly part: unknown }>;
}

/** The files being migrated, for a transform's `prepare`: syntax only, no type checker. */
export interface ProjectFiles {
  readonly files: readonly ProjectFile[];
  /** The files of the set that `file` imports (`import`, `export ... from`, `require`, `import()`), resolved as the project resolves them. */
  importsOf(file: ProjectFile): readonly ProjectFile[];
  /** The project's test files (`*.test.*`, `test/`...): never migrated, but they observe what a migration changes. Read on first use. */
  testFiles(): readonly ProjectFile[];
}

export interface ProjectFile {
  /** Relative to the root, `/`-separated. */
  readonly file: string;
  readonly module: string;
  readonly text: string;
  /** The parsed file (parsed on first use when the walk has not parsed it already). */
  sourceFile(): ts.SourceFile;
}

/** Handlers by `ts.SyntaxKind`; `onEnd` runs after the walk (used by `import`). */
export type TransformVisitor = { [kind: number]: (node: never) => void } & { onEnd?: () => void };

export interface ModuleInfo {
  /** The module's name: its folder relative to the root (`pkg/workflow`), or `.` for the root. */
  readonly name: string;
}

export interface TransformContext {
  readonly ts: typeof ts;
  readonly sourceFile: ts.SourceFile;
  /** The file's path relative to the root, with `/` separators. */
  readonly fileName: string;
  readonly module: ModuleInfo;
  /** This transform's options from the config (`{}` when none). */
  readonly options: Readonly<Record<string, unknown>>;
  /** What this transform's `prepare` returned for the project (undefined without one). */
  readonly prepared: unknown;
  /** The type checker, built on first use. */
  readonly checker: ts.TypeChecker;
  /** The project's compiler options. */
  readonly compilerOptions: ts.CompilerOptions;
  /** Standard names that accepted edits of this file use, with the local names they are bound to. */
  readonly standard: StandardBindings;
  /**
   * A context name for a protected site, unique within the file (`BidEngine.start`, then
   * `BidEngine.start#2`); shared by every transform of the file.
   */
  uniqueContextName(node: ts.Node): string;
  /** The enclosing class and function names (`BidEngine.start`), not made unique: an operation name. */
  enclosingName(node: ts.Node): string;
  /** A string literal for `text` in the file's quote style. */
  stringLiteral(text: string): string;
  /** The line ending new lines use in this file. */
  readonly eol: string;
  /** Records a site: fixable with `fix`, or `manual` with the reason. */
  report(site: SiteDescriptor): void;
  /** The session's error codes (the `errors.codes.json` registry), shared by every file. */
  readonly codes: ErrorCodes;
  /** Lists something in the report that is deliberately left as it is and is not a finding (an Error subclass of the code base). */
  note(node: ts.Node, message: string): void;
}

/**
 * Error codes (SPEC section 2): each module owns a range of 100 codes, allocated on first use in
 * the order sites are met and never reused; the same text in a module keeps its code.
 */
export interface ErrorCodes {
  /** The module name errors carry: the engine's module name, or for the root module `.` the package's name. */
  moduleName(module: string): string;
  /** Why `text` cannot get a code in `module` (its range is full), or undefined when it can. */
  whyNoCode(module: string, text: string): string | undefined;
  /**
   * The code of `text` in `module`, allocating the module's next free code on first use. Call it
   * from a site's `fix`, so that ignored and refused sites take no code; throws when `whyNoCode` says so.
   */
  codeFor(module: string, text: string, category: ErrorCategory): number;
}

export interface SiteDescriptor {
  readonly node: ts.Node;
  /** What was found, for check output: "non-null assertion on `user.profile`". */
  readonly message: string;
  /** Why the site is not migrated; makes it `manual`. */
  readonly manual?: string;
  /** Builds the edit; called only when the site is migrated. */
  readonly fix?: (fixer: Fixer) => void;
  /** The protected site's context name (`BidEngine.start`), listed in the report. */
  readonly contextName?: string;
  /** A supporting edit (the import) that is not a finding of its own. */
  readonly supporting?: boolean;
}

export interface Fixer {
  /** The local name bound to a standard export in this file; adds it to the file's import. */
  std(name: StandardExport): string;
  replace(node: ts.Node, text: string): void;
  replaceRange(start: number, end: number, text: string, owner?: ts.Node): void;
  insertBefore(node: ts.Node, text: string): void;
  insertAfter(node: ts.Node, text: string): void;
  /** Puts `before` and `after` around the node, composing with edits nested inside it. */
  wrap(node: ts.Node, before: string, after: string): void;
  insertAt(position: number, text: string): void;
}

export interface StandardBindings {
  /** The local name for an export, choosing an alias when the name is taken in this file. */
  localName(name: StandardExport): string;
  /** The name the team's standard module exports it under (the config's name map applied). */
  exportedName(name: StandardExport): string;
  /** Exports used by accepted edits, in first-use order, with their local names. */
  readonly used: ReadonlyMap<StandardExport, string>;
  /** Names the file does not import yet: `exported` as `local`. */
  readonly pending: ReadonlyArray<{ readonly exported: string; readonly local: string }>;
  /** An existing `import { ... } from '<standard>'` that new names can join. */
  readonly mergeTarget: ts.NamedImports | undefined;
  /** Set when edits use a namespace (`verrors.must`) that the file does not import yet. */
  readonly pendingNamespace: string | undefined;
  /** The module specifier this file should import the standard from. */
  readonly specifier: string;
}
