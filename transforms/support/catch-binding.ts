import { ts } from '#typescript';

/**
 * The caught errors' names in scope at `node`, innermost first: each `catch (err)` block around
 * it in the same function whose `err` still means the caught value there (no block in between
 * declares its own `err`). None outside a catch, for `catch {}` and `catch ({ message })`, and
 * across a function boundary: a callback created in a catch block runs later, about something else.
 */
export function enclosingCatchBindings(node: ts.Node): ts.Identifier[] {
  const found: ts.Identifier[] = [];
  const shadowing = new Set<string>();
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current) || ts.isClassLike(current) || ts.isSourceFile(current)) break;
    if (ts.isCatchClause(current)) {
      const name = current.variableDeclaration?.name;
      if (name && ts.isIdentifier(name) && !shadowing.has(name.text)) found.push(name);
      if (name) for (const declared of boundNames(name)) shadowing.add(declared);
      continue;
    }
    for (const declared of namesDeclaredBy(current)) shadowing.add(declared);
  }
  return found;
}

/** The innermost caught error in scope at `node`: the one an error thrown there replaces. */
export function enclosingCatchBinding(node: ts.Node): ts.Identifier | undefined {
  return enclosingCatchBindings(node)[0];
}

/**
 * The catch variable `name` refers to, when it refers to one: any catch block around it in the
 * same function counts, not only the innermost (`catch (outer) { try {...} catch (inner) { outer } }`).
 * The one question "is this the caught value?" that every transform asks.
 */
export function caughtBindingOf(name: ts.Identifier): ts.Identifier | undefined {
  return enclosingCatchBindings(name).find((caught) => caught.text === name.text);
}

/** Names a block-like node or a loop head declares for the code inside it. */
function namesDeclaredBy(node: ts.Node): string[] {
  if (ts.isBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) {
    return node.statements.flatMap((statement) => {
      if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.flatMap((d) => boundNames(d.name));
      if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) return [statement.name.text];
      return [];
    });
  }
  if ((ts.isForStatement(node) || ts.isForInStatement(node) || ts.isForOfStatement(node)) && node.initializer && ts.isVariableDeclarationList(node.initializer)) {
    return node.initializer.declarations.flatMap((d) => boundNames(d.name));
  }
  return [];
}

function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : boundNames(element.name)));
}
