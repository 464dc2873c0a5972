import { ts } from '#typescript';

/**
 * The text of an error message written in the code: a string literal's value, or a template's
 * with each `${expr}` shown as `{expr}` (`order {id} not found`). This text is what the code
 * registry keys codes by and what the catalog lists. Undefined for a computed message (`msg`,
 * `a + b`, `format(x)`): it has no text of its own to take a code or a category from.
 */
export function messageText(expression: ts.Expression, sourceFile: ts.SourceFile): string | undefined {
  const inner = skipParentheses(expression);
  if (ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner)) return inner.text;
  if (!ts.isTemplateExpression(inner)) return undefined;
  let text = inner.head.text;
  for (const span of inner.templateSpans) {
    const source = span.expression.getText(sourceFile).replace(/\s+/g, ' ');
    text += `{${source}}${span.literal.text}`;
  }
  return text;
}

export function skipParentheses(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

/** Longest code or text shown whole in a finding's message; longer ones are cut with `...`. */
const MAX_SHOWN = 60;

/** Text for a finding's message: white space folded to one line, cut with `...` when long. */
export function oneLine(text: string): string {
  const folded = text.replace(/\s+/g, ' ');
  return folded.length > MAX_SHOWN ? `${folded.slice(0, MAX_SHOWN - 3)}...` : folded;
}

/** `'order not found'` for finding messages: quoted, one line, cut when long. */
export function quoted(text: string): string {
  return `'${oneLine(text)}'`;
}
