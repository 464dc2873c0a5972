import { ts } from '#typescript';
import { oneLine } from '../../src/codes/message-text.js';
import { isStandardExport, type StandardExport } from '../../src/standard/exports.js';
import { refersToGlobal } from './global-names.js';

/**
 * Recognising error code by its syntax alone: constructions of the global `Error`, references to
 * the standard's exports, `Promise.reject(...)` and the `reject` of a promise executor.
 */

/** The standard export an expression names by its spelling: `InternalError`, `verrors.is`, or the alias `verrorsIs2` that the tool gives when a name is taken. */
export function standardNameOf(expression: ts.Expression): StandardExport | undefined {
  const name = ts.isIdentifier(expression) ? expression.text : ts.isPropertyAccessExpression(expression) ? expression.name.text : undefined;
  if (name === undefined) return undefined;
  if (isStandardExport(name)) return name;
  const alias = /^verrors([A-Z]\w*?)\d*$/.exec(name)?.[1];
  if (alias === undefined) return undefined;
  const exported = isStandardExport(alias) ? alias : `${alias[0]!.toLowerCase()}${alias.slice(1)}`;
  return isStandardExport(exported) ? exported : undefined;
}

/**
 * `new Error(...)` or `Error(...)` of the global Error, not of a class the file declares or
 * imports as `Error` (see `refersToGlobal`: the checker is asked only where the file binds the name).
 */
export function isGlobalErrorConstruction(node: ts.Node, checker?: () => ts.TypeChecker): node is (ts.NewExpression | ts.CallExpression) & { expression: ts.Identifier } {
  if (!ts.isNewExpression(node) && !ts.isCallExpression(node)) return false;
  return ts.isIdentifier(node.expression) && node.expression.text === 'Error' && refersToGlobal(node.expression, checker);
}

/** `===`, `==`, `!==` or `!=`. */
export const isEquality = (node: ts.BinaryExpression): boolean => {
  const kind = node.operatorToken.kind;
  return kind === ts.SyntaxKind.EqualsEqualsEqualsToken || kind === ts.SyntaxKind.EqualsEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsToken;
};

export const isNegatedEquality = (node: ts.BinaryExpression): boolean =>
  node.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || node.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsToken;

/** `Promise.reject(...)`. */
export function isPromiseReject(call: ts.CallExpression): boolean {
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'reject' && ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise';
}

/**
 * `reject(...)` where `reject` is the second parameter of a `new Promise((resolve, reject) => ...)`
 * executor around the call, not shadowed by a parameter of a function in between.
 */
export function isExecutorReject(call: ts.CallExpression): boolean {
  if (!ts.isIdentifier(call.expression)) return false;
  const parameter = parameterNamed(call.expression);
  const fn = parameter?.parent;
  if (!parameter || !fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || fn.parameters.indexOf(parameter) !== 1) return false;
  const executorOf = fn.parent;
  return ts.isNewExpression(executorOf) && ts.isIdentifier(executorOf.expression) && executorOf.expression.text === 'Promise' && executorOf.arguments?.[0] === fn;
}

/** The parameter `name` refers to, in the nearest function around it that has one of that name. */
export function parameterNamed(name: ts.Identifier): ts.ParameterDeclaration | undefined {
  for (let current: ts.Node = name.parent; !ts.isSourceFile(current); current = current.parent) {
    if (!ts.isFunctionLike(current)) continue;
    const parameter = current.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === name.text);
    if (parameter) return parameter;
  }
  return undefined;
}

/** `new InternalError(...)`, `new verrors.NotFoundError(...)`, `wrap(...)`, `withContext(...)`: already the standard's. */
export function isStandardConstruction(callee: ts.Expression): boolean {
  const name = standardNameOf(callee);
  return name !== undefined && (name.endsWith('Error') || name === 'wrap' || name === 'withContext');
}

/** An object literal argument that already sets `cause`. */
export function hasCauseOption(args: readonly ts.Expression[]): boolean {
  return args.some(
    (arg) =>
      ts.isObjectLiteralExpression(arg) &&
      arg.properties.some((p) => (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && ts.isIdentifier(p.name) && p.name.text === 'cause'),
  );
}

/** Source text for finding messages, in backticks: one line, cut when long. */
export function snippet(node: ts.Node, sourceFile: ts.SourceFile): string {
  const cut = oneLine(node.getText(sourceFile));
  // Code with a backtick (a template literal) needs a double-backtick code span.
  return cut.includes('`') ? `\`\` ${cut} \`\`` : `\`${cut}\``;
}
