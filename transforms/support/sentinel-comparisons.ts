import { ts } from '#typescript';
import { skipParentheses } from '../../src/codes/message-text.js';
import type { TransformContext } from '../../src/engine/transform.js';
import { declaredUnknown } from './caught-values.js';
import { isNegatedEquality, snippet } from './error-syntax.js';

/** Comparisons with sentinels by identity, for the `sentinel` transform. */

/** `err === ErrX` -> `is(err, ErrX)`, `err !== ErrX` -> `!is(err, ErrX)`. */
export function convertComparison(context: TransformContext, node: ts.BinaryExpression, target: ts.Expression, other: ts.Expression): void {
  const { sourceFile } = context;
  const message = `sentinel ${snippet(target, sourceFile)} compared by identity: ${snippet(node, sourceFile)}`;
  const narrowing = narrowingReason(context, node, other);
  if (narrowing) {
    context.report({ node, message, manual: narrowing });
    return;
  }
  const not = isNegatedEquality(node) ? '!' : '';
  context.report({
    node,
    message,
    fix(fixer) {
      const is = fixer.std('is');
      if (target === node.right) {
        fixer.wrap(node, `${not}${is}(`, ')');
        fixer.replaceRange(node.left.getEnd(), node.right.getStart(sourceFile), ', ');
      } else {
        fixer.replace(node, `${not}${is}(${other.getText(sourceFile)}, ${target.getText(sourceFile)})`);
      }
    },
  });
}

/**
 * `err === ErrX` narrows a union-typed `err` (`Error | string`) for the code it guards; `is()`
 * does not, so where the function reads `err` again, and its type is a union, the comparison is
 * left alone. `unknown` (a catch variable) narrows only to `object`, which no code relies on.
 */
function narrowingReason(context: TransformContext, node: ts.BinaryExpression, other: ts.Expression): string | undefined {
  const inner = skipParentheses(other);
  if (!ts.isIdentifier(inner) || declaredUnknown(inner) || !readAgainLater(inner, node)) return undefined;
  const type = context.checker.getTypeAtLocation(inner);
  if (!type.isUnion()) return undefined;
  return `the comparison narrows \`${inner.text}\` (${context.checker.typeToString(type)}) for the code after it, and is() does not; compare with is() and narrow by hand`;
}

/** Whether the function (or file) around `node` mentions `name` again after it. */
function readAgainLater(name: ts.Identifier, node: ts.Node): boolean {
  let scope: ts.Node = node;
  while (!ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(child) && child.text === name.text && child.getStart() >= node.getEnd()) found = true;
    else ts.forEachChild(child, visit);
  };
  visit(scope);
  return found;
}

export function isLiteral(node: ts.Expression): boolean {
  return (
    ts.isStringLiteralLike(node) ||
    ts.isNumericLiteral(node) ||
    ts.isTemplateExpression(node) ||
    node.kind === ts.SyntaxKind.NullKeyword ||
    node.kind === ts.SyntaxKind.TrueKeyword ||
    node.kind === ts.SyntaxKind.FalseKeyword ||
    (ts.isIdentifier(node) && node.text === 'undefined')
  );
}
