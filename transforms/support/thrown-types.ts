import { ts } from '#typescript';

/** What the type checker says a thrown or rejected value is. */
export type ThrownValueKind =
  /** `any`, `unknown` or `never`: nothing to tell, typically an error passed along. */
  | 'unknown'
  /** Exactly the global `Error`. */
  | 'plain-error'
  /** A subtype of Error: a typed error, a class of the code base, a built-in like TypeError. */
  | 'error-subtype'
  | 'string'
  /** A type parameter `T` that is not known to be an Error. */
  | 'generic'
  | 'other';

/**
 * Asks the type checker about thrown values that are not syntactically an Error (`throw err`,
 * `throw foo.msg`, a generic `T`): only for those, and only when first needed, since the first
 * question builds the program.
 */
export class ThrownValueTypes {
  private error: { symbol: ts.Symbol; type: ts.Type } | null | undefined;

  constructor(private readonly checker: () => ts.TypeChecker) {}

  classify(expression: ts.Expression): ThrownValueKind {
    const checker = this.checker();
    const type = this.constructedType(checker, expression) ?? checker.getTypeAtLocation(expression);
    const error = this.globalError(checker);
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never) || !error) return 'unknown';
    if (type === error.type || type.getSymbol() === error.symbol) return 'plain-error';
    if (checker.isTypeAssignableTo(type, error.type)) return 'error-subtype';
    if (type.flags & ts.TypeFlags.TypeParameter) return 'generic';
    const parts = type.isUnion() ? type.types : [type];
    if (parts.every((part) => part.flags & ts.TypeFlags.StringLike)) return 'string';
    return 'other';
  }

  /** The expression's type as the compiler writes it, for a message (printing a type is not free, so only on demand). */
  typeText(expression: ts.Expression): string {
    const checker = this.checker();
    return checker.typeToString(checker.getTypeAtLocation(expression));
  }

  /**
   * What `new X(...)` makes, read from X's construct signatures when they all make the same
   * non-generic type (as a class's do): resolving the call would check every argument first.
   */
  private constructedType(checker: ts.TypeChecker, expression: ts.Expression): ts.Type | undefined {
    if (!ts.isNewExpression(expression)) return undefined;
    const signatures = checker.getTypeAtLocation(expression.expression).getConstructSignatures();
    if (signatures.length === 0 || signatures.some((signature) => signature.typeParameters?.length)) return undefined;
    const made = new Set(signatures.map((signature) => checker.getReturnTypeOfSignature(signature)));
    const [type] = made;
    return made.size === 1 && type && !(type.flags & ts.TypeFlags.Instantiable) ? type : undefined;
  }

  /** Whether a class's instances are Errors (for classes whose base is not `Error` itself). */
  isErrorClass(declaration: ts.ClassLikeDeclaration): boolean {
    const checker = this.checker();
    const error = this.globalError(checker);
    const symbol = declaration.name ? checker.getSymbolAtLocation(declaration.name) : undefined;
    if (!error || !symbol) return false;
    return checker.isTypeAssignableTo(checker.getDeclaredTypeOfSymbol(symbol), error.type);
  }

  private globalError(checker: ts.TypeChecker): { symbol: ts.Symbol; type: ts.Type } | null {
    if (this.error === undefined) {
      // Resolved in the global scope: in a file that imports or declares its own `Error`, that one is not the global.
      const symbol = checker.resolveName('Error', undefined, ts.SymbolFlags.Type, false);
      this.error = symbol ? { symbol, type: checker.getDeclaredTypeOfSymbol(symbol) } : null;
    }
    return this.error;
  }
}
