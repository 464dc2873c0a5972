import { ts } from '#typescript';

/**
 * Whether an identifier means the global of that name (`Error`, `TypeError`) and not something the
 * file declares or imports under it (`import { Error } from './class'`, a local `class Error`).
 * Syntax first: a file that binds the name nowhere cannot shadow it, so the type checker is asked
 * only in the rare file that does (and without a checker such a name is taken as not the global).
 */
export function refersToGlobal(identifier: ts.Identifier, checker?: () => ts.TypeChecker): boolean {
  if (!namesBoundIn(identifier.getSourceFile()).has(identifier.text)) return true;
  if (!checker) return false;
  const types = checker();
  const symbol = types.getSymbolAtLocation(identifier);
  return symbol !== undefined && symbol === types.resolveName(identifier.text, undefined, ts.SymbolFlags.Value, false);
}

const boundByFile = new WeakMap<ts.SourceFile, ReadonlySet<string>>();

/** Every value name the file binds anywhere: declarations, parameters, catch variables, imports. */
function namesBoundIn(sourceFile: ts.SourceFile): ReadonlySet<string> {
  let names = boundByFile.get(sourceFile);
  if (names) return names;
  const found = new Set<string>();
  const visit = (node: ts.Node): void => {
    const name = boundName(node);
    if (name) found.add(name.text);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  names = found;
  boundByFile.set(sourceFile, names);
  return names;
}

function boundName(node: ts.Node): ts.Identifier | undefined {
  if (
    ts.isClassLike(node) ||
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isVariableDeclaration(node) ||
    ts.isParameter(node) ||
    ts.isBindingElement(node) ||
    ts.isImportClause(node) ||
    ts.isImportSpecifier(node) ||
    ts.isNamespaceImport(node) ||
    ts.isImportEqualsDeclaration(node) ||
    ts.isEnumDeclaration(node) ||
    ts.isModuleDeclaration(node)
  ) {
    const name = node.name;
    return name && ts.isIdentifier(name) ? name : undefined;
  }
  return undefined;
}
