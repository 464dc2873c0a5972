import { ts } from '#typescript';
import { skipParentheses } from '../src/codes/message-text.js';
import { isDefaultLibraryFile } from './support/default-library.js';

/**
 * Which expression values leave a promise rejection unhandled. The rules are typescript-eslint's
 * `no-floating-promises` with `ignoreVoid: false` (and its `checkThenables`), so that `check` and
 * the linter agree site for site (test/no-floating-promises.test.ts holds them to it); the one
 * deliberate difference is that known-safe calls are known-safe anywhere, also behind `void`.
 */
export interface FloatingRules {
  /** Functions and methods whose promises may float, by name (typescript-eslint's string specifiers). */
  readonly knownSafeCalls: readonly string[];
  /** Promise types that may float, by type or alias name. */
  readonly knownSafePromises: readonly string[];
  /** Whether `void p` still counts as floating (our standard) or as handled (the linter's default). */
  readonly migrateVoid: boolean;
  /** Whether any thenable that takes a rejection callback counts (`PromiseLike`), or only the built-in `Promise` (the linter's default). */
  readonly checkThenables: boolean;
}

export interface Floating {
  /** The expression produces a promise (or an array of them) whose rejection nothing handles. */
  readonly unhandled: boolean;
  /**
   * Every such promise is the expression's value, or an element of it, so `detach(value)` reaches
   * it. It is not for the left side of `&&`, an inner comma element or a `void` operand.
   */
  readonly inValue: boolean;
}

const HANDLED: Floating = { unhandled: false, inValue: true };
const FLOATING: Floating = { unhandled: true, inValue: true };

export class FloatingPromises {
  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly rules: FloatingRules,
  ) {}

  of(expression: ts.Expression): Floating {
    const node = skipParentheses(expression);
    if (isAssignment(node)) return HANDLED;
    if (isComma(node)) {
      const elements = commaElements(node).map((element) => this.of(element));
      const last = elements.length - 1;
      return combine(elements.map((floating, index) => (index === last ? floating : hidden(floating))));
    }
    if (ts.isVoidExpression(node)) return this.rules.migrateVoid ? hidden(this.of(node.expression)) : HANDLED;
    if (ts.isCallExpression(node)) {
      if (this.isKnownSafeCall(node)) return HANDLED;
      const declared = this.declaredReturn(node);
      if (declared === 'no-promise') return HANDLED;
      if (declared === 'promise') return this.ofCall(node);
    }
    if (this.isPromiseArray(this.checker.getTypeAtLocation(node), node)) return FLOATING;
    if (ts.isAwaitExpression(node)) return HANDLED;
    if (!this.isPromiseLike(this.checker.getTypeAtLocation(node), node)) return HANDLED;
    if (ts.isCallExpression(node)) return this.ofCall(node);
    if (ts.isConditionalExpression(node)) return combine([this.of(node.whenTrue), this.of(node.whenFalse)]);
    if (isLogical(node)) {
      const left = this.of(node.left);
      // A promise is truthy: after `p && x` the value is `x`, and `p` is dropped.
      return combine([node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken ? hidden(left) : left, this.of(node.right)]);
    }
    return FLOATING;
  }

  /** `.catch(f)` and `.then(f, g)` handle a rejection when the handler is callable; `.finally(f)` passes it on. */
  private ofCall(call: ts.CallExpression): Floating {
    const method = promiseMethod(call);
    if (method === 'then' || method === 'catch') {
      const handler = rejectionHandler(call, method);
      return handler && this.checker.getTypeAtLocation(handler).getCallSignatures().length > 0 ? HANDLED : FLOATING;
    }
    if (method === 'finally') return this.of((call.expression as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression);
    return FLOATING;
  }

  private isKnownSafeCall(call: ts.CallExpression): boolean {
    const names = this.rules.knownSafeCalls;
    if (names.length === 0) return false;
    if (ts.isIdentifier(call.expression) && names.includes(call.expression.text)) return true;
    return typeNameMatches(this.checker.getTypeAtLocation(call.expression), names);
  }

  /**
   * What a call returns, judged from the callee's declared signatures without resolving the call:
   * `no-promise` when no signature can return a promise (or an array of them), `promise` when
   * every one returns a single promise, else `unknown` (generic signatures, return types that are
   * still type variables, overloads that differ), which the resolved call's type then answers.
   * Resolving a call checks every argument and infers type arguments, which made it the most
   * costly question `check` asked; most calls in a statement (`log.info(...)`, `items.push(...)`,
   * `this.flush()`) are settled by the callee's type alone.
   */
  private declaredReturn(call: ts.CallExpression): 'no-promise' | 'promise' | 'unknown' {
    if (call.expression.kind === ts.SyntaxKind.ImportKeyword || call.expression.kind === ts.SyntaxKind.SuperKeyword) return 'unknown';
    const callee = this.checker.getApparentType(this.checker.getTypeAtLocation(call.expression));
    const signatures = unionParts(callee).flatMap((part) => part.getCallSignatures());
    // Generic signatures first: asking them is free, while a return type may have to be inferred from a body.
    if (signatures.length === 0 || signatures.some((signature) => signature.typeParameters?.length)) return 'unknown';
    let promises = 0;
    for (const signature of signatures) {
      const returned = this.checker.getReturnTypeOfSignature(signature);
      if (unionParts(returned).some((part) => (part.flags & ts.TypeFlags.Instantiable) !== 0 || part.isIntersection())) return 'unknown';
      if (this.isPromiseArray(returned, call)) return 'unknown';
      if (this.isPromiseLike(returned, call)) promises++;
    }
    if (promises === 0) return 'no-promise';
    return promises === signatures.length ? 'promise' : 'unknown';
  }

  private isPromiseArray(type: ts.Type, node: ts.Node): boolean {
    for (const part of unionParts(type).map((t) => this.checker.getApparentType(t))) {
      if (this.checker.isArrayType(part) || this.checker.isTupleType(part)) {
        const elements = this.checker.getTypeArguments(part as ts.TypeReference);
        if ((this.checker.isArrayType(part) ? elements.slice(0, 1) : elements).some((element) => this.isPromiseLike(element, node))) return true;
      }
    }
    return false;
  }

  /**
   * The built-in `Promise` (or a type built on it); with `checkThenables`, also any thenable whose
   * `then` takes a fulfilment and a rejection callback.
   */
  private isPromiseLike(type: ts.Type, node: ts.Node): boolean {
    if (this.rules.knownSafePromises.length > 0 && typeNameMatches(type, this.rules.knownSafePromises)) return false;
    const parts = unionParts(this.checker.getApparentType(type));
    if (parts.some((part) => this.isBuiltinPromise(part))) return true;
    if (!this.rules.checkThenables) return false;
    return parts.some((part) => {
      const then = part.getProperty('then');
      if (!then) return false;
      return unionParts(this.checker.getTypeOfSymbolAtLocation(then, node)).some((thenType) =>
        thenType.getCallSignatures().some((signature) => {
          const [onFulfilled, onRejected] = signature.parameters;
          return onFulfilled !== undefined && onRejected !== undefined && this.isCallableParameter(onFulfilled, node) && this.isCallableParameter(onRejected, node);
        }),
      );
    });
  }

  /**
   * The default library's `Promise`, or a class or interface that extends it, as typescript-eslint
   * judges it: every member of a union, some member of an intersection, a type parameter by its
   * constraint.
   */
  private isBuiltinPromise(type: ts.Type): boolean {
    if (type.isIntersection()) return type.types.some((member) => this.isBuiltinPromise(member));
    if (type.isUnion()) return type.types.every((member) => this.isBuiltinPromise(member));
    if (type.flags & ts.TypeFlags.TypeParameter) {
      const constraint = type.getConstraint();
      return constraint !== undefined && this.isBuiltinPromise(constraint);
    }
    const symbol = type.getSymbol();
    if (!symbol) return false;
    if (symbol.name === 'Promise' && (symbol.declarations ?? []).some((d) => isDefaultLibraryFile(d.getSourceFile()))) return true;
    if (!(symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface))) return false;
    const declared = this.checker.getDeclaredTypeOfSymbol(symbol);
    return (declared.isClassOrInterface() ? this.checker.getBaseTypes(declared) : []).some((base) => this.isBuiltinPromise(base));
  }

  private isCallableParameter(parameter: ts.Symbol, node: ts.Node): boolean {
    const type = this.checker.getApparentType(this.checker.getTypeOfSymbolAtLocation(parameter, node));
    return unionParts(type).some((part) => part.getCallSignatures().length > 0);
  }
}

export function isComma(node: ts.Node): node is ts.BinaryExpression {
  return ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.CommaToken;
}

/** `a, b, c` (parsed as `(a, b), c`) as `[a, b, c]`. */
export function commaElements(node: ts.BinaryExpression): ts.Expression[] {
  return [...(isComma(node.left) ? commaElements(node.left) : [node.left]), node.right];
}

function isAssignment(node: ts.Expression): boolean {
  if (!ts.isBinaryExpression(node)) return false;
  const kind = node.operatorToken.kind;
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

function isLogical(node: ts.Expression): node is ts.BinaryExpression {
  if (!ts.isBinaryExpression(node)) return false;
  const kind = node.operatorToken.kind;
  return kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken;
}

/** Floating, but not as the value: `detach` around the whole would not reach it. */
function hidden(floating: Floating): Floating {
  return floating.unhandled ? { ...floating, inValue: false } : floating;
}

function combine(parts: readonly Floating[]): Floating {
  const floating = parts.filter((part) => part.unhandled);
  if (floating.length === 0) return HANDLED;
  return { unhandled: true, inValue: floating.every((part) => part.inValue) };
}

/** `p.then(...)`, `p['catch'](...)`: the promise method a call names, judged by syntax as the linter does. */
function promiseMethod(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) return callee.argumentExpression.text;
  return undefined;
}

/** The rejection handler argument: `catch`'s first, `then`'s second; none behind a spread. */
function rejectionHandler(call: ts.CallExpression, method: 'then' | 'catch'): ts.Expression | undefined {
  const index = method === 'catch' ? 0 : 1;
  const args = call.arguments.slice(0, index + 1);
  if (args.length <= index || args.some(ts.isSpreadElement)) return undefined;
  return args[index];
}

function unionParts(type: ts.Type): readonly ts.Type[] {
  return type.isUnion() ? type.types : [type];
}

/** typescript-eslint's string specifier match: every union member, or some intersection member, by name. */
function typeNameMatches(type: ts.Type, names: readonly string[]): boolean {
  if (type.isUnion()) return type.types.every((member) => typeNameMatches(member, names));
  const symbol = type.aliasSymbol ?? type.getSymbol();
  const candidates = [symbol?.escapedName as string | undefined, (type as ts.Type & { intrinsicName?: string }).intrinsicName];
  if (names.some((name) => candidates.includes(name))) return true;
  return type.isIntersection() && type.types.some((member) => typeNameMatches(member, names));
}
