import { ts } from '#typescript';
import { skipParentheses } from '../src/codes/message-text.js';
import type { Fixer, TransformContext, Transform } from '../src/engine/transform.js';
import { caughtBindingOf, enclosingCatchBinding } from './support/catch-binding.js';
import { libHasErrorCause } from './support/error-options.js';
import { hasCauseOption, snippet, standardNameOf } from './support/error-syntax.js';
import { refersToGlobal } from './support/global-names.js';
import { ThrownValueTypes } from './support/thrown-types.js';

/** Built-in error classes whose constructors take `(message, { cause })`, and `AggregateError`, whose take `(errors, message, { cause })`. */
const BUILTIN_ERRORS = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError']);

/**
 * In a `catch (err)` block, a bare `throw err` becomes
 * `throw withContext(err, 'pkg/dex', 'MatchingEngine.settleBatch')`, so the error says where it
 * went through; a new error thrown there without a `cause` gets `{ cause: err }`, so the error it
 * replaces is not lost. A rethrow of an error the code has narrowed to a class of its own
 * (`if (err instanceof EscrowError) throw err`) is left alone: callers check that class.
 */
export const errorContext: Transform = {
  id: 'error-context',
  description: 'rethrow caught errors with withContext(), and give errors thrown in a catch block their cause',
  needsTypes: true,
  create(context) {
    const types = new ThrownValueTypes(() => context.checker);
    return {
      [ts.SyntaxKind.ThrowStatement](node: ts.ThrowStatement) {
        const innermost = enclosingCatchBinding(node);
        if (!innermost) return;
        const thrown = skipParentheses(node.expression);
        // Any caught error in scope rethrown bare (`throw outer` in a nested catch block counts too).
        if (ts.isIdentifier(thrown) && caughtBindingOf(thrown)) addContext(context, types, node, thrown);
        // A new error replaces the innermost caught one: that one is its cause.
        else if (ts.isNewExpression(thrown) || ts.isCallExpression(thrown)) addCause(context, thrown, innermost);
      },
    };
  },
};

export default errorContext;

/** `throw err` -> `throw withContext(err, 'module', 'operation')`, unless `err` is narrowed to an error class of its own. */
function addContext(context: TransformContext, types: ThrownValueTypes, node: ts.ThrowStatement, thrown: ts.Identifier): void {
  const kind = types.classify(thrown);
  if (kind !== 'unknown' && kind !== 'plain-error') return;
  const module = context.codes.moduleName(context.module.name);
  const operation = context.enclosingName(node);
  context.report({
    node: thrown,
    message: `caught error \`${thrown.text}\` rethrown without context`,
    fix(fixer) {
      fixer.wrap(thrown, `${fixer.std('withContext')}(`, `, ${context.stringLiteral(module)}, ${context.stringLiteral(operation)})`);
    },
  });
}

/** `throw new Error('failed')` in a catch block -> `throw new Error('failed', { cause: err })`. */
function addCause(context: TransformContext, thrown: ts.NewExpression | ts.CallExpression, caught: ts.Identifier): void {
  const args = thrown.arguments ?? ts.factory.createNodeArray<ts.Expression>();
  const calleeName = standardNameOf(thrown.expression);
  if (calleeName === 'wrap' || calleeName === 'withContext' || hasCauseOption(args)) return;
  const callee = thrown.expression;
  const builtin = ts.isIdentifier(callee) && BUILTIN_ERRORS.has(callee.text) && refersToGlobal(callee, () => context.checker) ? callee.text : undefined;
  const typed = ts.isNewExpression(thrown) && calleeName !== undefined && calleeName.endsWith('Error');
  // `throw makeError(err)`: a helper builds the error; what it does with `err` is its business.
  if (!builtin && !typed) {
    if (ts.isNewExpression(thrown) && !mentions(thrown, caught)) {
      context.report({
        node: thrown,
        message: `${snippet(thrown.expression, context.sourceFile)} thrown in a catch block without the caught \`${caught.text}\``,
        manual: `${snippet(thrown.expression, context.sourceFile)} is not the standard's: pass the caught \`${caught.text}\` as its cause by hand`,
      });
    }
    return;
  }
  // The options argument: the second of a built-in error (AggregateError's third), the fourth of a typed one (module, code, message, options).
  const optionsIndex = builtin === 'AggregateError' ? 2 : builtin ? 1 : 3;
  const message = `error thrown in a catch block without \`cause\`: ${snippet(thrown, context.sourceFile)}`;
  // The standard's typed errors declare `cause` themselves; a built-in takes it only from an ES2022 lib.
  if (builtin && !libHasErrorCause(context.checker)) {
    context.report({
      node: thrown,
      message,
      manual: `the project's lib has no \`Error\` \`cause\` (ES2022's ErrorOptions), so \`{ cause: ${caught.text} }\` would not type-check; add "es2022" to "lib" in the tsconfig, or keep \`${caught.text}\` by hand`,
    });
    return;
  }
  const options = args[optionsIndex];
  if (args.length < optionsIndex || args.length > optionsIndex + 1 || args.some(ts.isSpreadElement) || (options && !ts.isObjectLiteralExpression(options))) {
    const why = options && !ts.isObjectLiteralExpression(options) ? `its options ${snippet(options, context.sourceFile)} are not written out` : 'its arguments are not (message, options)';
    context.report({ node: thrown, message, manual: `${why}; add \`cause: ${caught.text}\` by hand` });
    return;
  }
  context.report({ node: thrown, message, fix: (fixer) => insertCause(fixer, args, options, caught.text) });
}

function insertCause(fixer: Fixer, args: ts.NodeArray<ts.Expression>, options: ts.Expression | undefined, cause: string): void {
  if (options && ts.isObjectLiteralExpression(options)) {
    const first = options.properties[0];
    const inside = options.getText().slice(1, -1);
    if (first) fixer.insertBefore(first, `cause: ${cause}, `);
    else if (inside.trim() === '') fixer.replace(options, `{ cause: ${cause} }`);
    // Only comments inside: they stay, after the new property.
    else fixer.insertAt(options.getStart() + 1, ` cause: ${cause},`);
    return;
  }
  // Inserted at the end of the last argument, and owned by it, so that it lands inside a call
  // that another transform builds around it in the same run.
  const last = args[args.length - 1]!;
  fixer.replaceRange(last.getEnd(), last.getEnd(), `, { cause: ${cause} }`, last);
}

function mentions(node: ts.Node, name: ts.Identifier): boolean {
  if (ts.isIdentifier(node)) return node.text === name.text;
  return ts.forEachChild(node, (child) => mentions(child, name) || undefined) ?? false;
}
