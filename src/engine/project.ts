import path from 'node:path';
import { ts } from '#typescript';
import { UserError } from './user-error.js';

/** Compiler options used when the repository has no tsconfig (a function: the compiler loads on first use). */
const defaultOptions = (): ts.CompilerOptions => ({
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  allowJs: true,
  jsx: ts.JsxEmit.Preserve,
  skipLibCheck: true,
  noEmit: true,
});

/** tsconfig errors that do not matter here: the files to migrate come from discovery, not from "include". */
const IGNORED_CONFIG_ERRORS = new Set([
  18003, // No inputs were found in config file.
]);

/** `x.d.ts`, `x.d.mts`, `x.d.cts`, and declarations for other extensions (`styles.d.css.ts`). */
const DECLARATION_FILE = /\.d(\.[^./]+)?\.[mc]?ts$/;

export interface ProjectSettings {
  /** The tsconfig the options come from, or undefined when the repository has none. */
  readonly tsconfig: string | undefined;
  /** Compiler options, path aliases included (`extends` resolved). */
  readonly options: ts.CompilerOptions;
  /**
   * Declaration files the tsconfig includes. Nothing imports a global `.d.ts`, so the program
   * gets them as roots; without them its globals would be missing from every type.
   */
  readonly declarationFiles: readonly string[];
  /**
   * The files of the project's program as the tsconfig lists them (`include`/`files`, with
   * project references followed), absolute; undefined when there is no tsconfig. Only the
   * config files are read: no program is built to list them.
   */
  readonly programFiles: readonly string[] | undefined;
}

/** The file system calls reading a tsconfig makes (`ts.sys`, or a host that notes them for a cache). */
export type ConfigFileSystem = Pick<ts.System, 'useCaseSensitiveFileNames' | 'readFile' | 'fileExists' | 'directoryExists' | 'getDirectories' | 'readDirectory' | 'realpath' | 'getCurrentDirectory'>;

/** Reads the project's compiler options and path aliases from its tsconfig, or defaults without one. */
export function loadProject(tsconfig: string | undefined, system: ConfigFileSystem = ts.sys): ProjectSettings {
  if (!tsconfig) return { tsconfig, options: defaultOptions(), declarationFiles: [], programFiles: undefined };
  const fail = (message: string): never => {
    throw new UserError(`${tsconfig}: ${message}. Fix the tsconfig or pass another with --project.`);
  };
  const host: ts.ParseConfigFileHost = {
    ...system,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => fail(flatten(diagnostic)),
  };
  let parsed: ts.ParsedCommandLine | undefined;
  try {
    parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, undefined, host);
  } catch (error) {
    if (error instanceof UserError) throw error;
    fail(`cannot load it (${(error as Error).message.split('\n')[0]})`);
  }
  if (!parsed) return fail('cannot load it');
  const error = parsed.errors.find((d) => d.category === ts.DiagnosticCategory.Error && !IGNORED_CONFIG_ERRORS.has(d.code));
  if (error) fail(flatten(error));
  return {
    tsconfig,
    options: parsed.options,
    declarationFiles: parsed.fileNames.filter((file) => DECLARATION_FILE.test(file)),
    programFiles: withReferencedFiles(parsed, host),
  };
}

/**
 * The root config's files and those of every project it references, transitively (a solution
 * tsconfig has `"files": []` and only references). A reference that cannot be read adds nothing:
 * `tsc --build` names that problem better than a codemod can.
 */
function withReferencedFiles(root: ts.ParsedCommandLine, host: ts.ParseConfigFileHost): string[] {
  const files = new Set(root.fileNames.map((file) => path.resolve(file)));
  const seen = new Set<string>();
  const visit = (parsed: ts.ParsedCommandLine): void => {
    for (const reference of parsed.projectReferences ?? []) {
      const configFile = path.resolve(ts.resolveProjectReferencePath(reference));
      if (seen.has(configFile) || !host.fileExists(configFile)) continue;
      seen.add(configFile);
      let referenced: ts.ParsedCommandLine | undefined;
      try {
        referenced = ts.getParsedCommandLineOfConfigFile(configFile, undefined, { ...host, onUnRecoverableConfigFileDiagnostic: () => undefined });
      } catch {
        referenced = undefined;
      }
      if (!referenced) continue;
      for (const file of referenced.fileNames) files.add(path.resolve(file));
      visit(referenced);
    }
  };
  visit(root);
  return [...files];
}

function flatten(diagnostic: ts.Diagnostic): string {
  return ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
}
