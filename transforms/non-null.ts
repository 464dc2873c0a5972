import { ts } from '#typescript';
import { oneLine } from '../src/codes/message-text.js';
import type { Transform } from '../src/engine/transform.js';
import { lintDisabledAt } from './support/lint-directives.js';

/**
 * `x!` becomes `must(x, 'x')`: the assertion that used to be a promise to the compiler becomes a
 * check that throws a typed `InternalError` naming what was missing.
 */
export const nonNull: Transform = {
  id: 'non-null',
  description: 'replace non-null assertions `x!` with `must(x, \'x\')`',
  needsTypes: false,
  create(context) {
    return {
      [ts.SyntaxKind.NonNullExpression](node: ts.NonNullExpression) {
        const what = describe(node.expression, context.sourceFile);
        const message = `non-null assertion on \`${what}\``;
        const manual = whyManual(node) ?? deliberate(node, context.sourceFile);
        if (manual) {
          context.report({ node, message, manual });
          return;
        }
        context.report({
          node,
          message,
          fix(fixer) {
            const parens = isNewCallee(node);
            // `(x as T)!` becomes `must(x as T, ...)`: the call's own parentheses take over.
            const outer = node.expression;
            const inner = redundantParens(outer) ? outer.expression : outer;
            const start = outer.getStart(context.sourceFile);
            fixer.replaceRange(start, inner.getStart(context.sourceFile), `${parens ? '(' : ''}${fixer.std('must')}(`, node);
            fixer.replaceRange(inner.getEnd(), node.getEnd(), `, ${context.stringLiteral(what)})${parens ? ')' : ''}`, node);
          },
        });
      },
    };
  },
};

export default nonNull;

/** Parentheses that an argument position makes redundant: anything but a comma sequence. */
function redundantParens(expression: ts.Expression): expression is ts.ParenthesizedExpression {
  if (!ts.isParenthesizedExpression(expression)) return false;
  const inner = expression.expression;
  return !(ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.CommaToken);
}

/**
 * An assertion the code's own lint setup was told to accept is one its author made knowingly,
 * often for a value that really can be undefined there: must() would throw where `!` lets it pass.
 */
function deliberate(node: ts.NonNullExpression, sourceFile: ts.SourceFile): string | undefined {
  const line = lintDisabledAt(sourceFile, node, 'no-non-null-assertion');
  if (line === undefined) return undefined;
  return `the ESLint directive on line ${line} accepts this assertion, so its author made it knowingly and the value may be undefined here: must() would throw where \`!\` lets it pass. Check that it can never be undefined, then remove the directive`;
}

/** Why rewriting this assertion would change what the code means, or undefined when it is safe. */
function whyManual(node: ts.NonNullExpression): string | undefined {
  if (isAssignmentTarget(node)) {
    return 'the assertion is an assignment target; must() returns a value, not a place to assign to';
  }
  if (continuesOptionalChain(node)) {
    return 'the assertion is inside an optional chain; must() would throw where the chain now short-circuits to undefined';
  }
  if (isMethodCallee(node)) {
    return 'a method is called through the assertion; must() would call it without its `this`';
  }
  const setter = setterAssignedTo(node);
  if (setter) {
    return `the value is assigned to \`this.${setter}\`, whose setter checks it itself; must() would throw its own error before that check`;
  }
  return undefined;
}

/** `this.x = value!` in a class whose `set x(...)` receives the value: the setter is the check. */
function setterAssignedTo(node: ts.NonNullExpression): string | undefined {
  const value = outermostReference(node);
  const assignment = value.parent;
  if (!ts.isBinaryExpression(assignment) || assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken || assignment.right !== value) return undefined;
  const target = assignment.left;
  if (!ts.isPropertyAccessExpression(target) || target.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  let scope: ts.Node = assignment;
  while (!ts.isClassLike(scope)) {
    // An arrow function keeps the class's `this`; any other function has its own.
    if (ts.isFunctionLike(scope) && !ts.isArrowFunction(scope) && !ts.isConstructorDeclaration(scope) && !ts.isMethodDeclaration(scope) && !ts.isAccessor(scope)) return undefined;
    if (ts.isSourceFile(scope)) return undefined;
    scope = scope.parent;
  }
  const name = target.name.text;
  return scope.members.some((member) => ts.isSetAccessorDeclaration(member) && member.name.getText() === name) ? name : undefined;
}

/** Walks up through wrappers that keep an expression a reference: parentheses, `!`, `as`, `satisfies`, `<T>`. */
function outermostReference(node: ts.Expression): ts.Expression {
  let current: ts.Expression = node;
  while (
    ts.isParenthesizedExpression(current.parent) ||
    ts.isNonNullExpression(current.parent) ||
    ts.isAsExpression(current.parent) ||
    ts.isSatisfiesExpression(current.parent) ||
    ts.isTypeAssertionExpression(current.parent)
  ) {
    current = current.parent;
  }
  return current;
}

function isAssignmentTarget(node: ts.Expression): boolean {
  const target = outermostReference(node);
  const parent = target.parent;
  if (ts.isBinaryExpression(parent)) {
    const op = parent.operatorToken.kind;
    return parent.left === target && op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment;
  }
  if (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) {
    return parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken;
  }
  if (ts.isForInStatement(parent) || ts.isForOfStatement(parent)) return parent.initializer === target;
  // Destructuring: `[a!, b] = v`, `({ k: a! } = v)`, `[...rest!] = v`.
  if (ts.isArrayLiteralExpression(parent) || ts.isSpreadElement(parent)) return isAssignmentTarget(parent as ts.Expression);
  if (ts.isPropertyAssignment(parent) && parent.initializer === target) return isAssignmentTarget(parent.parent);
  if (ts.isSpreadAssignment(parent)) return isAssignmentTarget(parent.parent);
  return false;
}

/** `a?.b!.c`: the assertion sits inside an optional chain that goes on after it. */
function continuesOptionalChain(node: ts.NonNullExpression): boolean {
  if (!(node.flags & ts.NodeFlags.OptionalChain)) return false;
  const parent = node.parent;
  return (
    (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent) || ts.isCallExpression(parent) || ts.isNonNullExpression(parent)) &&
    parent.expression === node &&
    (parent.flags & ts.NodeFlags.OptionalChain) !== 0
  );
}

/** `obj.method!()`: the call gets `this` from the member access that the assertion wraps. */
function isMethodCallee(node: ts.NonNullExpression): boolean {
  let inner: ts.Expression = node.expression;
  while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
  if (!ts.isPropertyAccessExpression(inner) && !ts.isElementAccessExpression(inner)) return false;
  let outer: ts.Expression = node;
  while (ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
  const parent = outer.parent;
  return (ts.isCallExpression(parent) || ts.isTaggedTemplateExpression(parent)) && (ts.isCallExpression(parent) ? parent.expression : parent.tag) === outer;
}

/** `new a!.B()` needs `new (must(a)).B()`: unparenthesised, `new` would take `must` as the constructor. */
function isNewCallee(node: ts.NonNullExpression): boolean {
  let current: ts.Expression = node;
  while ((ts.isPropertyAccessExpression(current.parent) || ts.isElementAccessExpression(current.parent)) && current.parent.expression === current) {
    current = current.parent;
  }
  return ts.isNewExpression(current.parent) && current.parent.expression === current;
}

/** The asserted expression as a reader would name it: nested `!` dropped, white space folded, long text cut. */
function describe(asserted: ts.Expression, sourceFile: ts.SourceFile): string {
  let expression = asserted;
  while (ts.isParenthesizedExpression(expression)) expression = expression.expression;
  const start = expression.getStart(sourceFile);
  const bangs: number[] = [];
  const collect = (node: ts.Node): void => {
    if (ts.isNonNullExpression(node)) bangs.push(node.expression.getEnd());
    ts.forEachChild(node, collect);
  };
  collect(expression);
  let text = '';
  let cursor = start;
  for (const bang of bangs.sort((a, b) => a - b)) {
    const exclamation = sourceFile.text.indexOf('!', bang);
    text += sourceFile.text.slice(cursor, exclamation);
    cursor = exclamation + 1;
  }
  text += sourceFile.text.slice(cursor, expression.getEnd());
  // A line break before `.` or `?.` is layout of a call chain, not a space in the name.
  return oneLine(text.replace(/\s*\n\s*(?=\??\.)/g, '').trim());
}

