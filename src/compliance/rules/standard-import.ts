import path from 'node:path';
import { ts } from '#typescript';
import type { StandardConfig } from '../../config/schema.js';
import type { AnalysedFile, RuleEvaluation } from '../rule.js';
import type { ListedViolation } from '../types.js';

/**
 * `standard-import`: a file that throws or catches must not bypass the standard through a
 * second error module. An error module is an import whose last path segment, without extension
 * or `/index`, is `error`/`errors` or ends in `-errors`, `_errors`, `.errors` or `Errors`
 * (`./errors.js`, `http-errors`, `@acme/errors`, `./appErrors`). It is a second one unless it is
 * the standard itself (its path, its package, or a path alias ending in its path), or a file of
 * the project that imports the standard (a module's own `errors.ts` of standard sentinels).
 */
export const STANDARD_IMPORT = {
  id: 'standard-import',
  description: 'Files that throw or catch use the standard, not a second error module',
} as const;

const ERROR_MODULE = /(?:^|[-_.])errors?$/i;
const CAMEL_ERROR_MODULE = /[a-z]Errors?$/;
const SCRIPT_EXTENSION = /\.(?:[cm]?[jt]sx?)$/;

/** `./errors.js` -> `./errors`; `./errors/index` -> `./errors`. */
const bare = (specifier: string): string => specifier.replace(SCRIPT_EXTENSION, '').replace(/\/index$/, '');

export function isErrorModuleName(specifier: string): boolean {
  const name = bare(specifier).split('/').pop() ?? '';
  return ERROR_MODULE.test(name) || CAMEL_ERROR_MODULE.test(name);
}

/** Whether an import names the standard: relative to the file, its package, or a path alias ending in its path. */
export function isStandardSpecifier(specifier: string, file: string, standard: Pick<StandardConfig, 'path' | 'package'>): boolean {
  if (standard.package) return specifier === standard.package || specifier.startsWith(`${standard.package}/`);
  const target = bare(standard.path.split(path.sep).join('/'));
  if (specifier.startsWith('.')) return bare(path.posix.join(path.posix.dirname(file), specifier)) === target;
  const [, ...rest] = bare(specifier).split('/');
  return rest.length > 0 && (target === rest.join('/') || target.endsWith(`/${rest.join('/')}`));
}

/** The module specifiers of a file's imports and re-exports, with their 1-based lines. */
export function importsOf(sourceFile: ts.SourceFile): Array<{ specifier: string; line: number }> {
  const found: Array<{ specifier: string; line: number }> = [];
  for (const statement of sourceFile.statements) {
    let specifier: ts.Expression | undefined;
    if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) specifier = statement.moduleSpecifier;
    else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) specifier = statement.moduleReference.expression;
    if (specifier && ts.isStringLiteral(specifier)) {
      found.push({ specifier: specifier.text, line: sourceFile.getLineAndCharacterOfPosition(specifier.getStart(sourceFile)).line + 1 });
    }
  }
  return found;
}

/** The project files a relative import may name (`./errors.js` is `errors.ts` in TypeScript sources). */
function candidates(file: string, specifier: string): string[] {
  const joined = path.posix.join(path.posix.dirname(file), specifier);
  const stem = joined.replace(SCRIPT_EXTENSION, '');
  const extensions = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
  return [joined, ...extensions.map((ext) => stem + ext), ...extensions.map((ext) => `${stem}/index${ext}`)];
}

/**
 * `importsStandard(file)`: whether a project file imports the standard, as the report describes
 * the code (migrated, after `run`). Violations sit on the import's line.
 */
export function evaluateStandardImport(files: readonly AnalysedFile[], importsStandard: (file: string) => boolean | undefined): RuleEvaluation {
  const violations: ListedViolation[] = [];
  let checked = 0;
  for (const outcome of files) {
    if (!outcome.facts?.handlesErrors) continue;
    checked++;
    for (const { specifier, line } of outcome.facts.otherErrorModules) {
      if (specifier.startsWith('.') && candidates(outcome.file, specifier).some((candidate) => importsStandard(candidate) === true)) continue;
      violations.push({
        rule: STANDARD_IMPORT.id,
        module: outcome.module,
        file: outcome.file,
        line,
        column: 1,
        message: `imports the error module \`${specifier}\`, which does not use the standard`,
      });
    }
  }
  return { violations: violations.length, checked, unit: 'files', exceptions: 0, listed: violations, accepted: [] };
}
