import path from 'node:path';
import { ts } from '#typescript';
import { sameDeclarationTypes, type EditedDeclaration } from './edited-declarations.js';

/**
 * Which files a change of texts can give new type errors, the rule `tsc --incremental` follows:
 * a changed file itself; when its declarations changed (its `.d.ts` would read differently), the
 * files that import it, transitively, or every file when it declares globals (a script, or a
 * module with `declare global`); every file when it turned from a script into a module or back.
 * A file outside that reach sees the same types as before, so it has the errors it had before
 * and needs no check.
 */
export function filesToCheck(
  previous: ts.Program,
  next: ts.Program,
  changed: readonly string[],
  hints: EditHints = NO_HINTS,
): { readonly files: ReadonlySet<string>; readonly everything: boolean } {
  const files = new Set<string>();
  /** Changed files whose declarations may have changed. */
  const unsure: Array<{ readonly file: string; readonly before: ts.SourceFile; readonly after: ts.SourceFile }> = [];
  for (const file of changed) {
    const before = previous.getSourceFile(file);
    const after = next.getSourceFile(file);
    // Every analysed file is a root; one the program lacks is checked with everything else, not skipped.
    if (!after) return everything(next);
    files.add(file);
    // A script that becomes a module (an import added) takes its declarations out of the global scope.
    if (!before || isModule(before) !== isModule(after)) return everything(next);
    if (!hints.keepsDeclarations(file)) unsure.push({ file, before, after });
  }
  const importers = importersIn(next);
  const declaresGlobals = ({ before, after }: (typeof unsure)[number]): boolean => affectsGlobalScope(before) || affectsGlobalScope(after);
  const mostReached = withImporters(files, unsure.map(({ file }) => file), importers);
  // Asking for a file's declarations costs about what checking it does: worth it only when it
  // may spare more files than it asks about (a file that declares globals may spare them all).
  if (!unsure.some(declaresGlobals) && mostReached.size - files.size <= unsure.length) return { files: mostReached, everything: false };
  // The declarations of a script and the `declare global` of a module are part of the shape.
  const reshaped = unsure.filter(({ file, before, after }) => {
    const declarations = hints.editedDeclarations(file);
    if (declarations && sameDeclarationTypes(previous, before, next, after, declarations)) return false;
    // A declaration whose type changed may be one no export uses: the emitted declarations decide.
    return shapeOf(previous, before) !== shapeOf(next, after);
  });
  if (reshaped.some(declaresGlobals)) return everything(next);
  return { files: withImporters(files, reshaped.map(({ file }) => file), importers), everything: false };
}

/** `files`, and every file that imports one of `from`, transitively. */
function withImporters(files: ReadonlySet<string>, from: readonly string[], importers: ReadonlyMap<string, readonly string[]>): Set<string> {
  const reached = new Set(files);
  const queue = [...from];
  while (queue.length > 0) {
    for (const importer of importers.get(queue.pop()!) ?? []) {
      if (reached.has(importer)) continue;
      reached.add(importer);
      queue.push(importer);
    }
  }
  return reached;
}

/** What the edits tell of a changed file's declarations without asking the checker. */
export interface EditHints {
  /** Its edits cannot change its declarations (see `editsStayInBodies`). */
  keepsDeclarations(file: string): boolean;
  /** The declarations that hold its edits, where they are in the two programs (see `editedDeclarations`). */
  editedDeclarations(file: string): readonly EditedDeclaration[] | undefined;
}

const NO_HINTS: EditHints = { keepsDeclarations: () => false, editedDeclarations: () => undefined };

const everything = (program: ts.Program): { files: ReadonlySet<string>; everything: boolean } => ({ files: new Set(ownFiles(program)), everything: true });

/** The project's own files of a program (not libraries, not declaration files): what `tsc` reports errors in. */
function ownFiles(program: ts.Program): string[] {
  return program
    .getSourceFiles()
    .filter((sourceFile) => !sourceFile.isDeclarationFile && !program.isSourceFileFromExternalLibrary(sourceFile))
    .map((sourceFile) => path.resolve(sourceFile.fileName));
}

/** The program's files that `sourceFile` imports or references (absolute paths). */
export function importsOf(program: ts.Program, sourceFile: ts.SourceFile): string[] {
  const resolver = program as ts.Program & WithResolvedModules;
  const found: string[] = [];
  for (const specifier of (sourceFile as ts.SourceFile & WithImports).imports ?? []) {
    const mode = program.getModeForUsageLocation(sourceFile, specifier);
    const resolved = resolver.getResolvedModule?.(sourceFile, specifier.text, mode)?.resolvedModule;
    if (resolved && program.getSourceFile(resolved.resolvedFileName)) found.push(path.resolve(resolved.resolvedFileName));
  }
  for (const reference of sourceFile.referencedFiles) {
    const referenced = path.resolve(path.dirname(sourceFile.fileName), reference.fileName);
    if (program.getSourceFile(referenced)) found.push(referenced);
  }
  return found;
}

/** Who imports each file of the program (absolute paths). */
function importersIn(program: ts.Program): Map<string, string[]> {
  const importers = new Map<string, string[]>();
  for (const sourceFile of program.getSourceFiles()) {
    if (program.isSourceFileFromExternalLibrary(sourceFile)) continue;
    const importer = path.resolve(sourceFile.fileName);
    for (const imported of importsOf(program, sourceFile)) {
      const list = importers.get(imported);
      if (list) list.push(importer);
      else importers.set(imported, [importer]);
    }
  }
  return importers;
}

/**
 * What other files can see of a file: its declarations as `tsc` would emit them, and the errors
 * that emit met (an inferred type that cannot be named reads differently from one that can).
 * Emitting declarations asks the checker only for the types they need, not for the whole file.
 */
export function shapeOf(program: ts.Program, sourceFile: ts.SourceFile): string {
  let shape = '';
  const writeFile: ts.WriteFileCallback = (fileName, text, _bom, _onError, _sources, data) => {
    if (!/\.d\.[cm]?ts$/.test(fileName)) return;
    shape = text + ((data as WithDiagnostics | undefined)?.diagnostics ?? []).map((d) => `\n${d.start}:${d.code}:${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`).join('');
  };
  (program as ts.Program & WithForcedDeclarations).emit(sourceFile, writeFile, undefined, /* emitOnlyDts */ true, undefined, /* forceDtsEmit */ true);
  return shape;
}

/**
 * Whether a file puts names in the global scope, so that any file may see them: a script (no
 * import or export) or a module with `declare global`. What the compiler decides, in its terms.
 */
export function affectsGlobalScope(sourceFile: ts.SourceFile): boolean {
  if (isModule(sourceFile)) return sourceFile.statements.some(isGlobalAugmentation);
  if (sourceFile.fileName.endsWith('.json')) return false;
  // A script of `declare module 'x' { }` blocks only declares modules, which are imported by name.
  return !sourceFile.statements.every((statement) => ts.isModuleDeclaration(statement) && ts.isStringLiteral(statement.name));
}

/** An ES module, or a JavaScript file that uses `require` or `module.exports`, as the parser marked it. */
const isModule = (sourceFile: ts.SourceFile): boolean => {
  const marked = sourceFile as ts.SourceFile & { externalModuleIndicator?: unknown; commonJsModuleIndicator?: unknown };
  return Boolean(marked.externalModuleIndicator) || Boolean(marked.commonJsModuleIndicator);
};

const isGlobalAugmentation = (statement: ts.Statement): boolean => ts.isModuleDeclaration(statement) && (statement.flags & ts.NodeFlags.GlobalAugmentation) !== 0;

/** What the compiler keeps of a file's imports; not in its public typings, stable across versions. */
interface WithImports {
  readonly imports?: readonly ts.StringLiteralLike[];
}
interface WithResolvedModules {
  getResolvedModule?(file: ts.SourceFile, name: string, mode: ts.ResolutionMode): { resolvedModule?: { resolvedFileName: string } } | undefined;
}
/** The errors a declaration emit met, handed to its `writeFile`. */
interface WithDiagnostics {
  readonly diagnostics?: readonly ts.Diagnostic[];
}
/** `emit`'s parameter that emits declarations whatever the options say (what `tsc --incremental` uses for a file's shape). */
interface WithForcedDeclarations {
  emit(
    sourceFile: ts.SourceFile,
    writeFile: ts.WriteFileCallback,
    cancellationToken: ts.CancellationToken | undefined,
    emitOnlyDts: boolean,
    transformers: ts.CustomTransformers | undefined,
    forceDtsEmit: boolean,
  ): ts.EmitResult;
}
