import { Project, ts } from 'ts-morph';
import { UserError } from '../cli/errors.js';

/** Compiler options used when the repository has no tsconfig. */
const DEFAULT_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  allowJs: true,
  jsx: ts.JsxEmit.Preserve,
  skipLibCheck: true,
  noEmit: true,
};

/**
 * Loads the project's compiler options and path aliases from its tsconfig. Files are added by
 * the caller (only the ones being migrated); the type checker resolves their imports itself.
 */
export function loadProject(tsconfig: string | undefined): Project {
  if (!tsconfig) return new Project({ compilerOptions: DEFAULT_OPTIONS, skipFileDependencyResolution: true });
  try {
    const project = new Project({ tsConfigFilePath: tsconfig, skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true });
    const errors = project.getConfigFileParsingDiagnostics().filter((d) => d.getCategory() === ts.DiagnosticCategory.Error);
    if (errors.length > 0) {
      const message = ts.flattenDiagnosticMessageText(errors[0]!.compilerObject.messageText, ' ');
      throw new UserError(`${tsconfig}: ${message}. Fix the tsconfig or pass another with --project.`);
    }
    return project;
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${tsconfig}: cannot load it (${(error as Error).message.split('\n')[0]}). Fix the tsconfig or pass another with --project.`);
  }
}
