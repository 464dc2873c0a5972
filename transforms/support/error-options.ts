import { ts } from '#typescript';

const causeByChecker = new WeakMap<ts.TypeChecker, boolean>();

/**
 * Whether the project's `lib` gives the global `Error` constructor its ES2022 options argument
 * (`new Error(message, { cause })`): asked of the checker once per program, as the project's own
 * `lib` and `target` decide it. Without it, `{ cause }` on a built-in error does not type-check.
 */
export function libHasErrorCause(checker: ts.TypeChecker): boolean {
  let has = causeByChecker.get(checker);
  if (has === undefined) {
    const error = checker.resolveName('Error', undefined, ts.SymbolFlags.Value, false);
    has = !!error && checker.getTypeOfSymbol(error).getConstructSignatures().some((signature) => signature.parameters.length >= 2);
    causeByChecker.set(checker, has);
  }
  return has;
}
