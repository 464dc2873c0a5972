import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ts } from '#typescript';
import type { StandardConfig } from '../config/schema.js';
import { STANDARD_EXPORTS } from '../standard/exports.js';
import { reachesStandard, refersToStandard } from './standard-bindings.js';

/**
 * The names a module exports, read from its syntax (no program): declarations, export lists,
 * `export * from './x'` followed, and CommonJS `exports.x =`. Enough to tell whether a file is the
 * standard module, without type-checking a project that may not compile yet.
 */
export function exportedNames(file: string, seen = new Set<string>()): Set<string> {
  const names = new Set<string>();
  if (seen.has(file) || !existsSync(file)) return names;
  seen.add(file);
  const sourceFile = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  for (const statement of sourceFile.statements) {
    if (ts.isExportDeclaration(statement)) {
      const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      const clause = statement.exportClause;
      if (!clause && from?.startsWith('.')) {
        const target = relativeModuleFile(file, from);
        if (target) for (const name of exportedNames(target, seen)) if (name !== 'default') names.add(name);
      } else if (clause && ts.isNamespaceExport(clause)) names.add(clause.name.text);
      else if (clause && ts.isNamedExports(clause)) for (const element of clause.elements) names.add(element.name.text);
      continue;
    }
    if (ts.isExportAssignment(statement)) {
      names.add('default');
      continue;
    }
    const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (exported) {
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) for (const name of boundNames(declaration.name)) names.add(name);
      } else if ('name' in statement && statement.name && ts.isIdentifier(statement.name as ts.Node)) {
        names.add((statement.name as ts.Identifier).text);
      }
      continue;
    }
    const commonJs = commonJsExport(statement);
    if (commonJs) names.add(commonJs);
  }
  return names;
}

/** The standard's names a module lacks, after the config's name map; empty when it is the standard. */
export function missingStandardNames(file: string, names: Readonly<Record<string, string>>): string[] {
  const exported = exportedNames(file);
  return STANDARD_EXPORTS.map((name) => names[name] ?? name).filter((name) => !exported.has(name));
}

/**
 * The names a migrated text imports from the standard: named imports, `ns.name` through a
 * namespace import, and `require` destructuring.
 */
export function importedStandardNames(fileName: string, text: string, config: StandardConfig, root: string, options: ts.CompilerOptions): Set<string> {
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const names = new Set<string>();
  const namespaces = new Set<string>();
  const isStandard = (node: ts.Expression | undefined): boolean =>
    !!node &&
    ts.isStringLiteral(node) &&
    refersToStandard(node.text, fileName, config, root) &&
    (config.package !== undefined || reachesStandard(node.text, fileName, config, root, options));
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && isStandard(statement.moduleSpecifier)) {
      const bindings = statement.importClause?.namedBindings;
      if (statement.importClause?.isTypeOnly) continue;
      if (bindings && ts.isNamespaceImport(bindings)) namespaces.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) if (!element.isTypeOnly) names.add((element.propertyName ?? element.name).text);
      }
    }
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer;
        if (!init || !ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || init.expression.text !== 'require' || !isStandard(init.arguments[0])) continue;
        if (ts.isIdentifier(declaration.name)) namespaces.add(declaration.name.text);
        else if (ts.isObjectBindingPattern(declaration.name)) {
          for (const element of declaration.name.elements) {
            const key = element.propertyName ?? element.name;
            if (ts.isIdentifier(key)) names.add(key.text);
          }
        }
      }
    }
  }
  if (namespaces.size > 0) {
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && namespaces.has(node.expression.text)) names.add(node.name.text);
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return names;
}

function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : boundNames(element.name)));
}

/** `exports.x = ...` or `module.exports.x = ...`. */
function commonJsExport(statement: ts.Statement): string | undefined {
  if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) return undefined;
  const target = statement.expression.left;
  if (!ts.isPropertyAccessExpression(target)) return undefined;
  const owner = target.expression;
  const isExports =
    (ts.isIdentifier(owner) && owner.text === 'exports') ||
    (ts.isPropertyAccessExpression(owner) && ts.isIdentifier(owner.expression) && owner.expression.text === 'module' && owner.name.text === 'exports');
  return isExports ? target.name.text : undefined;
}

/** `./x`, `./x.js` or `./x/index` next to `from`, as a TypeScript or JavaScript file. */
function relativeModuleFile(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  const stem = base.replace(/\.[cm]?jsx?$/, '');
  const candidates = [base, ...['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'].map((ext) => stem + ext), ...['index.ts', 'index.tsx', 'index.js'].map((index) => path.join(base, index))];
  return candidates.find((file) => existsSync(file) && statSync(file).isFile());
}

/**
 * The names the migrated texts import from the standard module that it does not export: a
 * project's own `errors/index.ts` taken for the standard, or a name map that misses a name.
 * Empty before `init` (no module yet) and for a package (resolved by the package manager).
 */
export function namesTheStandardLacks(
  config: StandardConfig,
  root: string,
  options: ts.CompilerOptions,
  changed: ReadonlyArray<{ readonly absolute: string; readonly newText?: string | undefined }>,
): string[] {
  if (config.package) return [];
  const file = path.resolve(root, config.path);
  if (!existsSync(file)) return [];
  const imported = new Set<string>();
  for (const outcome of changed) {
    if (outcome.newText === undefined) continue;
    for (const name of importedStandardNames(outcome.absolute, outcome.newText, config, root, options)) imported.add(name);
  }
  if (imported.size === 0) return [];
  const exported = exportedNames(file);
  return [...imported].filter((name) => !exported.has(name)).sort();
}
