import { ts } from '#typescript';
import type { SiteEdit } from '../migrate-file.js';

/**
 * Whether every edit of a file stays inside the body of a function whose return type is written
 * out (or of a setter): then no edit, and no subset of them, can
 * change what other files see of it (its `.d.ts`), and the files that import it need no check.
 * Most migrations are such edits (`x!` in a method), and knowing it from the syntax spares asking
 * the checker for the file's declarations before and after.
 *
 * Anything else may change them: an edit at the top level (its narrowing reaches the initialisers
 * after it), in an initialiser or a parameter's default, or in a function whose return type is
 * inferred from its body. The supporting import is harmless unless a name it brings in was already
 * used in the file (it would now mean the import). JavaScript types come from JSDoc and the
 * body: its files are always asked.
 */
export function editsStayInBodies(original: ts.SourceFile, edits: readonly SiteEdit[]): boolean {
  if (/\.[cm]?jsx?$/.test(original.fileName)) return false;
  const names = new Set(edits.flatMap((edit) => edit.names ?? []));
  if ([...names].some((name) => new RegExp(`(^|[^\\w$])${escape(name)}($|[^\\w$])`).test(original.text))) return false;
  return edits.every((edit) => edit.site === undefined || edit.changes.every((change) => insideTypedBody(original, change.start, change.end)));
}

/**
 * Whether [start, end) lies inside the body of the innermost function-like around it, and that
 * function's type is written out. Narrowing never leaves a function's body, so what the edit
 * changes stays inside it.
 */
function insideTypedBody(sourceFile: ts.SourceFile, start: number, end: number): boolean {
  let innermost: ts.Node | undefined;
  let inBody = false;
  for (let node: ts.Node | undefined = sourceFile; node; node = ts.forEachChild(node, (child) => (child.pos <= start && end <= child.end ? child : undefined))) {
    const body = bodyOf(node);
    if (!body) continue;
    innermost = node;
    inBody = body.pos <= start && end <= body.end;
  }
  if (!innermost || !inBody) return false;
  // A constructor's assignments give types to the properties declared without one.
  if (ts.isSetAccessorDeclaration(innermost)) return true;
  return ts.isFunctionLike(innermost) && !ts.isConstructorDeclaration(innermost) && innermost.type !== undefined;
}

/** The body of a function-like node. */
function bodyOf(node: ts.Node): ts.Node | undefined {
  if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node) || ts.isAccessor(node) || ts.isConstructorDeclaration(node)) return node.body;
  return undefined;
}

const escape = (name: string): string => name.replace(/[$]/g, '\\$');
