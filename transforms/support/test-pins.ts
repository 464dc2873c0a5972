import { ts } from '#typescript';
import { skipParentheses } from '../../src/codes/message-text.js';
import type { PreparedSource } from '../../src/engine/transform.js';
import { isGlobalErrorConstruction } from './error-syntax.js';

/**
 * Assertions in the project's tests that compare an error with a plain `Error` whole:
 * `assert.throws(fn, new Error('text'))` compares `name` too, and `assert.throws(fn, /^Error: text/)`
 * matches `String(err)`. A converted error keeps its message but not its name, so those tests
 * would fail: the throws they pin stay as they are (`manual`), and the report's "Tests to update"
 * shows the one-line change that frees them. Plain data, so an analysis thread can be given it.
 */
export interface TestPins {
  /** Texts of `new Error('text')` compared whole, with the first assertion of each. */
  readonly texts: Readonly<Record<string, PinPlace>>;
  /** Regular expressions that `throws`/`rejects` match against `String(err)`. */
  readonly patterns: ReadonlyArray<PinPlace & { readonly source: string; readonly flags: string }>;
}

export interface PinPlace {
  readonly file: string;
  readonly line: number;
}

/** Matchers and assertions whose `new Error(...)` argument is compared with the thrown error whole. */
const WHOLE_ERROR = new Set(['toThrow', 'toThrowError', 'toStrictEqual', 'deepStrictEqual', 'throws', 'rejects']);
/** Assertions whose regular expression argument is tested against `String(err)` (Node's `assert`). */
const STRING_FORM = new Set(['throws', 'rejects']);

/**
 * What one test file pins, its part of the pre-pass (from its path and text alone): every
 * assertion in order, the line where it is; null when it pins nothing.
 */
export interface TestPinsPart {
  readonly texts: ReadonlyArray<{ readonly text: string; readonly line: number }>;
  readonly patterns: ReadonlyArray<{ readonly line: number; readonly source: string; readonly flags: string }>;
}

export function pinsIn(test: PreparedSource): TestPinsPart | null {
  if (!/\b(toThrow|toThrowError|toStrictEqual|deepStrictEqual|throws|rejects)\b/.test(test.text) || !/\bError\b/.test(test.text)) return null;
  const texts: Array<{ text: string; line: number }> = [];
  const patterns: Array<{ line: number; source: string; flags: string }> = [];
  const sourceFile = test.sourceFile();
  const lineOf = (node: ts.Node): number => sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
  const visit = (node: ts.Node): void => {
    const name = ts.isCallExpression(node) ? calleeName(node) : undefined;
    if (name && WHOLE_ERROR.has(name)) {
      for (const argument of (node as ts.CallExpression).arguments) {
        const inner = initializerOf(skipParentheses(argument));
        if (isGlobalErrorConstruction(inner) && ts.isNewExpression(inner)) {
          const [message] = inner.arguments ?? [];
          const text = message && (ts.isStringLiteral(message) || ts.isNoSubstitutionTemplateLiteral(message)) ? message.text : undefined;
          if (text !== undefined) texts.push({ text, line: lineOf(node) });
        } else if (STRING_FORM.has(name) && ts.isRegularExpressionLiteral(inner)) {
          const literal = inner.text;
          const end = literal.lastIndexOf('/');
          const source = literal.slice(1, end);
          const spelled = spelledMessage(source);
          if (spelled !== undefined) texts.push({ text: spelled, line: lineOf(node) });
          else patterns.push({ line: lineOf(node), source, flags: literal.slice(end + 1) });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return texts.length > 0 || patterns.length > 0 ? { texts, patterns } : null;
}

/** The project's pins from each test file's part, in test file order: the first assertion of a text is the one named. */
export function pinsFromParts(parts: ReadonlyArray<{ readonly file: string; readonly part: TestPinsPart | null }>): TestPins {
  const texts: Record<string, PinPlace> = {};
  const patterns: Array<PinPlace & { source: string; flags: string }> = [];
  for (const { file, part } of parts) {
    for (const { text, line } of part?.texts ?? []) if (!(text in texts)) texts[text] = { file, line };
    for (const { line, source, flags } of part?.patterns ?? []) patterns.push({ file, line, source, flags });
  }
  return { texts, patterns };
}

/** Starts every reason `pinReason` gives, so that the report can tell these sites from the others. */
export const PINNED_BY_TEST = 'pinned by the test ';

/**
 * Why the error whose message is `message` (a literal or template) must keep its shape: a test
 * compares it with a plain Error whole, or matches `Error: <text>` with a pattern that the typed
 * error's `String(err)` would not match. Undefined when no test pins it.
 */
export function pinReason(pins: TestPins | undefined, message: ts.Expression): string | undefined {
  if (!pins) return undefined;
  const matches = messageMatcher(message);
  if (!matches) return undefined;
  for (const [text, place] of Object.entries(pins.texts)) {
    if (matches(text)) return `${PINNED_BY_TEST}${place.file}:${place.line}, which compares it whole with \`new Error(${JSON.stringify(text)})\`: a typed error has another name, so that test would fail. Update the test as "Tests to update" shows, then run again`;
  }
  const sample = sampleText(message);
  if (sample === undefined) return undefined;
  for (const place of pins.patterns) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(place.source, place.flags);
    } catch {
      continue;
    }
    if (pattern.test(`Error: ${sample}`) && !pattern.test(`InternalError [module:1000]: ${sample}`)) {
      return `${PINNED_BY_TEST}${place.file}:${place.line}, which matches its string form \`Error: ...\` with /${place.source}/: a typed error reads \`<Name> [<module>:<code>]: ...\`, so that test would fail. Update the test, then run again`;
    }
  }
  return undefined;
}

/**
 * The message a pattern spells out after `^Error: ` when the rest is plain text (escaped
 * punctuation and `.` allowed): `/^Error: The 'iss' property is not allowed.$/` spells `The 'iss'
 * property is not allowed.`, which a template message may produce too.
 */
function spelledMessage(source: string): string | undefined {
  const match = /^\^Error: ((?:\\[^\w\s]|[^\\^$*+?()[\]{}|])*)\$?$/.exec(source);
  return match ? match[1]!.replace(/\\([^\w\s])/g, '$1') : undefined;
}

/** Whether a test's literal text is what `message` (a literal, or a template with any values) can produce. */
function messageMatcher(message: ts.Expression): ((text: string) => boolean) | undefined {
  const inner = skipParentheses(message);
  if (ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner)) return (text) => text === inner.text;
  if (!ts.isTemplateExpression(inner)) return undefined;
  const parts = [inner.head.text, ...inner.templateSpans.map((span) => span.literal.text)].map(escapeRegExp);
  const pattern = new RegExp(`^${parts.join('[\\s\\S]*')}$`);
  return (text) => pattern.test(text);
}

/** A text the message can produce, for patterns: literal parts kept, each value shown as `x`. */
function sampleText(message: ts.Expression): string | undefined {
  const inner = skipParentheses(message);
  if (ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner)) return inner.text;
  if (!ts.isTemplateExpression(inner)) return undefined;
  return inner.head.text + inner.templateSpans.map((span) => `x${span.literal.text}`).join('');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * What an identifier argument was declared with in a block around it (`const expected = new
 * Error('text'); assert.throws(fn, expected)`), or the argument itself.
 */
function initializerOf(node: ts.Expression): ts.Expression {
  if (!ts.isIdentifier(node)) return node;
  for (let scope: ts.Node | undefined = node.parent; scope; scope = scope.parent) {
    if (!ts.isBlock(scope) && !ts.isSourceFile(scope) && !ts.isModuleBlock(scope)) continue;
    for (const statement of scope.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      const declaration = statement.declarationList.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === node.text);
      if (declaration?.initializer) return skipParentheses(declaration.initializer);
    }
  }
  return node;
}

/** `toThrow` of `expect(f).toThrow(...)`, `throws` of `assert.throws(...)` or of `throws(...)`. */
export function calleeName(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return ts.isIdentifier(callee) ? callee.text : undefined;
}
