import { ts } from '#typescript';
import { skipParentheses } from '../../src/codes/message-text.js';
import { caughtBindingOf } from './catch-binding.js';
import { isEquality, parameterNamed } from './error-syntax.js';

/** Names that hold a caught error or a rejection reason, by convention. */
const CAUGHT_NAME = /^(e|err|error|ex|exception|reason|cause)$|(Err|Error)$/;

const isUnknownOrAny = (type: ts.TypeNode | undefined): boolean => type?.kind === ts.SyntaxKind.UnknownKeyword || type?.kind === ts.SyntaxKind.AnyKeyword;

/** A catch variable without a type, or a parameter typed `unknown` or `any`: known without asking the checker. */
export function declaredUnknown(name: ts.Identifier): boolean {
  const caught = caughtBindingOf(name);
  if (caught) return !(caught.parent as ts.VariableDeclaration).type;
  return isUnknownOrAny(parameterNamed(name)?.type);
}

/** A catch variable, or a parameter named like an error (`err`, `reason`) and typed `unknown`/`any` or not at all. */
export function isCaughtValue(name: ts.Identifier): boolean {
  if (caughtBindingOf(name)) return true;
  const parameter = CAUGHT_NAME.test(name.text) ? parameterNamed(name) : undefined;
  return !!parameter && (!parameter.type || isUnknownOrAny(parameter.type));
}

/** `err === 'insufficient funds'` (either way round, `!==` too) where `err` is a caught value. */
export function caughtValueComparedWithString(node: ts.BinaryExpression): { value: ts.Identifier; text: string } | undefined {
  if (!isEquality(node)) return undefined;
  const [left, right] = [skipParentheses(node.left), skipParentheses(node.right)];
  const [value, literal] = ts.isStringLiteralLike(right) ? [left, right] : [right, left];
  if (!ts.isStringLiteralLike(literal) || !ts.isIdentifier(value) || !isCaughtValue(value)) return undefined;
  return { value, text: literal.text };
}

/** Strings the file compares caught values with, and the line of the first comparison of each. */
export function stringsComparedWithCaughtValues(sourceFile: ts.SourceFile): ReadonlyMap<string, number> {
  const found = new Map<string, number>();
  const visit = (node: ts.Node): void => {
    const compare = ts.isBinaryExpression(node) ? caughtValueComparedWithString(node) : undefined;
    if (compare && !found.has(compare.text)) found.set(compare.text, sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}
