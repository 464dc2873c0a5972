import { ts } from '#typescript';
import { UserError } from '../src/engine/user-error.js';
import type { Fixer, Transform, TransformContext } from '../src/engine/transform.js';
import { oneLine, skipParentheses } from '../src/codes/message-text.js';
import { commaElements, FloatingPromises, isComma, type FloatingRules } from './async-floating.js';

/**
 * Floating promises become `detach('Ctx.op', p)` and async IIFEs `safeGo('Ctx.op', async () => ...)`:
 * fire-and-forget stays fire-and-forget, but a rejection is reported instead of crashing the
 * process (Node's default for an unhandled rejection). The call stays where it was, so it runs at
 * the same moment and a synchronous throw from it still goes where it went before.
 *
 * Options: `knownSafeCalls` and `knownSafePromises` (names, as typescript-eslint's
 * `allowForKnownSafeCalls` / `allowForKnownSafePromises` string specifiers), `migrateVoid`
 * (default true; false treats `void p` as handled, as the linter's `ignoreVoid` does), and
 * `checkThenables` (default false, as the linter's: only the built-in `Promise` floats; true
 * counts any thenable that takes a rejection callback, such as a `PromiseLike`).
 */
export const asyncCall: Transform = {
  id: 'async-call',
  description: 'protect floating promises with `detach` and async IIFEs with `safeGo`',
  needsTypes: true,
  create(context) {
    const rules = readOptions(context.options);
    let floating: FloatingPromises | undefined;
    const analysis = (): FloatingPromises => (floating ??= new FloatingPromises(context.checker, rules));

    const checkSite = (site: ts.Expression, value: ts.Expression, dropVoid: boolean): void => {
      if (!mayFloat(value) || !analysis().of(site).unhandled) return;
      const plan: Plan = { parts: [], voids: [], unreachable: false };
      planDetach(value, dropVoid, analysis(), rules, plan);
      const message = describeSite(site, plan, context.sourceFile);
      if (plan.unreachable) {
        const manual = 'the promise is the left side of `&&` or sits in an inner comma or `void` expression, so it is not the value that detach would get; split the statement';
        context.report({ node: site, message, manual });
        return;
      }
      const contextName = context.uniqueContextName(site);
      context.report({ node: site, message, contextName, fix: (fixer) => applyPlan(plan, fixer, context, contextName) });
    };

    return {
      [ts.SyntaxKind.ExpressionStatement](statement: ts.ExpressionStatement) {
        checkSite(statement.expression, statement.expression, true);
      },
      // `() => void p()`: the linter checks a `void` body too. The `void` stays, so the arrow still returns `undefined`.
      [ts.SyntaxKind.ArrowFunction](arrow: ts.ArrowFunction) {
        if (rules.migrateVoid && ts.isVoidExpression(arrow.body)) checkSite(arrow.body, arrow.body.expression, false);
      },
    };
  },
};

export default asyncCall;

interface Plan {
  /** Expressions to hand to `detach` (or, for an async IIFE, to turn into `safeGo`). */
  readonly parts: ts.Expression[];
  /** `void` operators to drop: the value was discarded anyway, and `detach` returns nothing. */
  readonly voids: ts.VoidExpression[];
  unreachable: boolean;
}

/** Collects what to wrap in a value that is discarded: each comma element and `void` operand on its own. */
function planDetach(expression: ts.Expression, dropVoid: boolean, analysis: FloatingPromises, rules: FloatingRules, plan: Plan): void {
  const node = skipParentheses(expression);
  if (ts.isVoidExpression(node) && rules.migrateVoid) {
    if (dropVoid) plan.voids.push(node);
    planDetach(node.expression, dropVoid, analysis, rules, plan);
    return;
  }
  if (isComma(node)) {
    for (const element of commaElements(node)) planDetach(element, dropVoid, analysis, rules, plan);
    return;
  }
  const floating = analysis.of(node);
  if (!floating.unhandled) return;
  if (floating.inValue) plan.parts.push(node);
  else plan.unreachable = true;
}

function applyPlan(plan: Plan, fixer: Fixer, context: TransformContext, contextName: string): void {
  const name = context.stringLiteral(contextName);
  for (const operator of plan.voids) fixer.replaceRange(operator.getStart(context.sourceFile), operator.expression.getStart(context.sourceFile), '', operator);
  for (const part of plan.parts) {
    const iife = asyncIife(part);
    if (!iife) {
      const opening = `${fixer.std('detach')}(${name}, `;
      // `void (p())` -> `detach('Ctx.op', p())`: redundant parentheses become the call's own.
      const outer = outermostParentheses(part);
      if (outer === part) fixer.wrap(part, opening, ')');
      else fixer.replaceRange(outer.getStart(context.sourceFile), outer.getStart(context.sourceFile) + 1, opening, outer);
      continue;
    }
    // `(async () => {...})()` -> `safeGo('Ctx.op', async () => {...})`: the callee's parentheses become
    // safeGo's and the empty argument list goes. (`void async function () {...}()` has none to reuse.)
    const callee = iife.expression;
    const start = callee.getStart(context.sourceFile);
    const parenthesized = ts.isParenthesizedExpression(callee);
    fixer.replaceRange(start, parenthesized ? start + 1 : start, `${fixer.std('safeGo')}(${name}, `, iife);
    fixer.replaceRange(callee.getEnd(), iife.getEnd(), parenthesized ? '' : ')', iife);
  }
}

function outermostParentheses(node: ts.Expression): ts.Expression {
  let outer = node;
  while (ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
  return outer;
}

/**
 * An async arrow or function called at once without arguments. One with arguments is detached
 * like any other call instead: inside `safeGo` a throw while evaluating the arguments would be
 * reported rather than thrown where it was.
 */
function asyncIife(node: ts.Expression): ts.CallExpression | undefined {
  if (!ts.isCallExpression(node) || node.arguments.length > 0 || node.typeArguments || node.questionDotToken) return undefined;
  const fn = skipParentheses(node.expression);
  const isAsync = (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && !fn.asteriskToken && fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
  return isAsync ? node : undefined;
}

/**
 * Whether an expression can be promise-valued at all, judged by syntax alone, so that the type
 * checker is asked (and the program built) only for statements that might float.
 */
function mayFloat(expression: ts.Expression): boolean {
  const node = skipParentheses(expression);
  if (ts.isVoidExpression(node)) return mayFloat(node.expression);
  if (ts.isConditionalExpression(node)) return mayFloat(node.whenTrue) || mayFloat(node.whenFalse);
  if (ts.isBinaryExpression(node)) {
    const kind = node.operatorToken.kind;
    const passesOperands = kind === ts.SyntaxKind.CommaToken || kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken;
    return passesOperands && (mayFloat(node.left) || mayFloat(node.right));
  }
  return !(
    ts.isLiteralExpression(node) ||
    ts.isTemplateExpression(node) ||
    ts.isPrefixUnaryExpression(node) ||
    ts.isPostfixUnaryExpression(node) ||
    ts.isTypeOfExpression(node) ||
    ts.isDeleteExpression(node) ||
    node.kind === ts.SyntaxKind.TrueKeyword ||
    node.kind === ts.SyntaxKind.FalseKeyword ||
    node.kind === ts.SyntaxKind.NullKeyword
  );
}

function describeSite(site: ts.Expression, plan: Plan, sourceFile: ts.SourceFile): string {
  const iife = plan.parts.length === 1 ? asyncIife(plan.parts[0]!) : undefined;
  if (iife) {
    const fn = skipParentheses(iife.expression);
    const named = ts.isFunctionExpression(fn) && fn.name ? ` \`${fn.name.text}\`` : '';
    return `async IIFE${named}: its rejection is never handled`;
  }
  const node = skipParentheses(site);
  if (ts.isVoidExpression(node)) return `floating promise \`${oneLine(skipParentheses(node.expression).getText(sourceFile))}\` behind \`void\`, which only silences the linter`;
  return `floating promise \`${oneLine(node.getText(sourceFile))}\`: its rejection is never handled`;
}

const OPTION_KEYS = ['knownSafeCalls', 'knownSafePromises', 'migrateVoid', 'checkThenables'];

function readOptions(options: Readonly<Record<string, unknown>>): FloatingRules {
  const where = (key: string): string => `config: "transforms.async-call.${key}"`;
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.includes(key)) throw new UserError(`config: unknown option "transforms.async-call.${key}"; the options are ${OPTION_KEYS.map((k) => `"${k}"`).join(', ')}.`);
  }
  const names = (key: string): string[] => {
    const value = options[key] ?? [];
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item.length > 0)) {
      throw new UserError(`${where(key)} must be an array of function or type names. Fix it and run again.`);
    }
    return value as string[];
  };
  const flag = (key: string, fallback: boolean): boolean => {
    const value = options[key] ?? fallback;
    if (typeof value !== 'boolean') throw new UserError(`${where(key)} must be true or false. Fix it and run again.`);
    return value;
  };
  return {
    knownSafeCalls: names('knownSafeCalls'),
    knownSafePromises: names('knownSafePromises'),
    migrateVoid: flag('migrateVoid', true),
    checkThenables: flag('checkThenables', false),
  };
}
