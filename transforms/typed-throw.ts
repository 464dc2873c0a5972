import { ts } from '#typescript';
import { categoryOf, TYPED_ERROR } from '../src/codes/categories.js';
import { messageText, quoted, skipParentheses } from '../src/codes/message-text.js';
import type { Fixer, Transform, TransformContext } from '../src/engine/transform.js';
import { caughtBindingOf, enclosingCatchBinding } from './support/catch-binding.js';
import { caughtValueComparedWithString, stringsComparedWithCaughtValues } from './support/caught-values.js';
import { libHasErrorCause } from './support/error-options.js';
import { comparedStringReason, discriminatorReason } from './support/discriminators.js';
import { errorPrepass, pinsOf, reachOf } from './support/error-prepass.js';
import { pinReason } from './support/test-pins.js';
import { isExecutorReject, isGlobalErrorConstruction, isPromiseReject, isStandardConstruction, snippet } from './support/error-syntax.js';
import { ThrownValueTypes } from './support/thrown-types.js';

/** How the value leaves: thrown, or a promise rejected with it. */
type Exit = 'thrown' | 'rejected';

/**
 * `throw new Error('order not found')`, `throw 'text'`, `Promise.reject(...)` and an executor's
 * `reject(...)` with a plain Error or a string become the standard's typed error that the text
 * implies (`new NotFoundError('pkg/dex', 1000, 'order not found')`), with the module's name and a
 * code from its range; an existing `{ cause }` is kept. Classes of the code base that extend
 * Error are left as they are and listed in the report. Where code that can catch the value tells
 * errors apart by their exact class, or strings from errors (see `discriminators.ts`), the throw
 * stays as it is: converted, it would take the other branch there.
 */
export const typedThrow: Transform = {
  id: 'typed-throw',
  description: 'throw typed errors of the standard, with a module and a code, instead of plain Errors and strings',
  needsTypes: true,
  prepareByFile: errorPrepass,
  create(context) {
    const types = new ThrownValueTypes(() => context.checker);
    let compared: ReadonlyMap<string, number> | undefined;
    const comparedTexts = (): ReadonlyMap<string, number> => (compared ??= stringsComparedWithCaughtValues(context.sourceFile));
    return {
      [ts.SyntaxKind.ThrowStatement](node: ts.ThrowStatement) {
        visitValue(context, types, node, node.expression, 'thrown', comparedTexts);
      },
      [ts.SyntaxKind.CallExpression](node: ts.CallExpression) {
        if (!isPromiseReject(node) && !isExecutorReject(node)) return;
        const [reason] = node.arguments;
        if (reason === undefined) {
          context.report({ node, message: `promise rejected without a reason: ${snippet(node, context.sourceFile)}`, manual: 'a rejection needs an error to say what failed; reject with a typed error' });
          return;
        }
        visitValue(context, types, node, reason, 'rejected', comparedTexts);
      },
      [ts.SyntaxKind.BinaryExpression](node: ts.BinaryExpression) {
        const compare = caughtValueComparedWithString(node);
        if (!compare) return;
        context.report({
          node,
          message: `caught value \`${compare.value.text}\` compared with the string ${quoted(compare.text)}`,
          manual: 'thrown and rejected strings become typed errors, so this stops matching them; throw a sentinel instead and compare with is()',
        });
      },
      [ts.SyntaxKind.ClassDeclaration](node: ts.ClassDeclaration) {
        noteErrorSubclass(context, types, node);
      },
      [ts.SyntaxKind.ClassExpression](node: ts.ClassExpression) {
        noteErrorSubclass(context, types, node);
      },
    };
  },
};

export default typedThrow;

function visitValue(context: TransformContext, types: ThrownValueTypes, exit: ts.Node, value: ts.Expression, how: Exit, comparedTexts: () => ReadonlyMap<string, number>): void {
  const { sourceFile } = context;
  const inner = skipParentheses(value);
  if (isGlobalErrorConstruction(inner, () => context.checker)) {
    convertErrorConstruction(context, inner, how);
    return;
  }
  const text = messageText(inner, sourceFile);
  if (text !== undefined) {
    const comparedAt = comparedTexts().get(text);
    if (comparedAt !== undefined) {
      const reason = `line ${comparedAt} compares a caught value with this string, and a typed error would not equal it; change both by hand`;
      context.report({ node: inner, message: `string ${how}: ${quoted(text)}`, manual: reason });
      return;
    }
    convertText(context, exit, inner, text, how);
    return;
  }
  const literal = literalKind(inner);
  if (literal) {
    const manual =
      literal === 'object literal'
        ? 'callers may read the fields of the thrown object (`code`), which a typed error would not keep; replace it by hand'
        : `${snippet(inner, sourceFile)} carries no message to take a category and a code from; throw a typed error with a message`;
    context.report({ node: inner, message: `${literal} ${how}: ${snippet(inner, sourceFile)}`, manual });
    return;
  }
  // A caught error rethrown as it is belongs to `error-context`; a typed construction is done.
  if (ts.isIdentifier(inner) && caughtBindingOf(inner)) return;
  if ((ts.isNewExpression(inner) || ts.isCallExpression(inner)) && isStandardConstruction(inner.expression)) return;

  const kind = types.classify(inner);
  if (kind === 'string') {
    context.report({
      node: inner,
      message: `computed string ${how}: ${snippet(inner, sourceFile)}`,
      manual: 'the text is computed, so it has no message to take a category and a code from; throw a typed error with a literal or template message',
    });
  } else if (kind === 'generic') {
    const typeText = types.typeText(inner);
    context.report({ node: inner, message: `value of generic type \`${typeText}\` ${how}: ${snippet(inner, sourceFile)}`, manual: `\`${typeText}\` may not be an Error; constrain it to Error or throw a typed error` });
  } else if (kind === 'other') {
    const typeText = types.typeText(inner);
    context.report({ node: inner, message: `non-Error value ${how}: ${snippet(inner, sourceFile)}`, manual: `a \`${typeText}\` is not an Error; callers may read its fields, which a typed error would not keep` });
  }
}

/** `new Error(text[, options])` and `Error(text[, options])` become `new <Typed>(module, code, text[, options])`. */
function convertErrorConstruction(context: TransformContext, node: ts.NewExpression | ts.CallExpression, how: Exit): void {
  const { sourceFile } = context;
  const args = node.arguments ?? ts.factory.createNodeArray<ts.Expression>();
  const [message] = args;
  const found = `plain Error ${how}: ${snippet(node, sourceFile)}`;
  const manual = (reason: string): void => context.report({ node, message: found, manual: reason });
  if (message === undefined) return manual('the error has no message to take a category and a code from; give it one');
  if (args.length > 2 || args.some(ts.isSpreadElement)) return manual('its arguments are not (message, options); rewrite it by hand');
  const text = messageText(message, sourceFile);
  if (text === undefined) {
    return manual(`the message ${snippet(message, sourceFile)} is computed, so it has no text to take a category and a code from; write it as a literal or template`);
  }
  const discriminated = discriminatorReason(reachOf(context), context.module.name, ['class']) ?? pinReason(pinsOf(context), message);
  if (discriminated) return manual(discriminated);
  const module = context.codes.moduleName(context.module.name);
  const full = context.codes.whyNoCode(module, text);
  if (full) return manual(full);
  const category = categoryOf(text);
  const cause = how === 'thrown' && args.length === 1 ? causeWhereLibLacksIt(context, node) : undefined;
  context.report({
    node,
    message: `${found} (${TYPED_ERROR[category]})`,
    fix(fixer) {
      const typed = fixer.std(TYPED_ERROR[category]);
      fixer.replace(node.expression, ts.isNewExpression(node) ? typed : `new ${typed}`);
      fixer.insertBefore(message, `${context.stringLiteral(module)}, ${context.codes.codeFor(module, text, category)}, `);
      if (cause) fixer.insertAt(message.getEnd(), `, { cause: ${cause.text} }`);
    },
  });
}

/**
 * In a catch block, `error-context` gives a plain Error the caught error as its cause; where the
 * project's lib has no `Error` `cause` it cannot, so the typed error, which declares `cause`
 * itself, takes it here (and a second run has nothing left to add).
 */
function causeWhereLibLacksIt(context: TransformContext, node: ts.Node): ts.Identifier | undefined {
  const caught = enclosingCatchBinding(node);
  return caught && !libHasErrorCause(context.checker) ? caught : undefined;
}

/**
 * `throw 'text'` becomes `throw new <Typed>(module, code, 'text')`. Thrown inside a catch block,
 * the caught error becomes its cause: the new error replaces it, and would otherwise lose it.
 */
function convertText(context: TransformContext, exit: ts.Node, value: ts.Expression, text: string, how: Exit): void {
  const module = context.codes.moduleName(context.module.name);
  const found = `string ${how}: ${quoted(text)}`;
  // A class discriminator counts too: `x.constructor.name` reads 'String' for a string.
  const full =
    discriminatorReason(reachOf(context), context.module.name, ['string', 'class']) ??
    comparedStringReason(reachOf(context), context.module.name, text) ??
    context.codes.whyNoCode(module, text);
  if (full) {
    context.report({ node: value, message: found, manual: full });
    return;
  }
  const category = categoryOf(text);
  const cause = ts.isThrowStatement(exit) ? enclosingCatchBinding(exit) : undefined;
  context.report({
    node: value,
    message: `${found} (${TYPED_ERROR[category]})`,
    fix(fixer: Fixer) {
      const typed = fixer.std(TYPED_ERROR[category]);
      fixer.insertBefore(value, `new ${typed}(${context.stringLiteral(module)}, ${context.codes.codeFor(module, text, category)}, `);
      fixer.insertAt(value.getEnd(), cause ? `, { cause: ${cause.text} })` : ')');
    },
  });
}

type LiteralKind = 'object literal' | 'array literal' | 'number' | 'boolean' | 'null' | 'undefined' | 'regular expression';

function literalKind(node: ts.Expression): LiteralKind | undefined {
  if (ts.isObjectLiteralExpression(node)) return 'object literal';
  if (ts.isArrayLiteralExpression(node)) return 'array literal';
  if (ts.isNumericLiteral(node) || ts.isBigIntLiteral(node) || (ts.isPrefixUnaryExpression(node) && ts.isNumericLiteral(node.operand))) return 'number';
  if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) return 'boolean';
  if (node.kind === ts.SyntaxKind.NullKeyword) return 'null';
  if ((ts.isIdentifier(node) && node.text === 'undefined') || ts.isVoidExpression(node)) return 'undefined';
  if (ts.isRegularExpressionLiteral(node)) return 'regular expression';
  return undefined;
}

/** Lists a class of the code base that extends Error: it is kept, and so are its throws. */
function noteErrorSubclass(context: TransformContext, types: ThrownValueTypes, node: ts.ClassLikeDeclaration): void {
  const base = node.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  if (!base || isStandardConstruction(base)) return;
  const direct = ts.isIdentifier(base) && /^(Error|TypeError|RangeError|SyntaxError|ReferenceError|EvalError|URIError|AggregateError)$/.test(base.text);
  if (!direct && !types.isErrorClass(node)) return;
  const name = node.name ? `\`${node.name.text}\`` : 'an anonymous class';
  context.note(node.name ?? node, `${name} extends \`${base.getText(context.sourceFile)}\`: an error class of the code base, kept with its throws as they are`);
}
