import path from 'node:path';
import { ts } from '#typescript';
import { messageText, skipParentheses } from '../codes/message-text.js';
import { readSource } from '../engine/read-source.js';
import type { FileOutcome } from '../engine/session.js';
import { testFiles } from '../engine/test-files.js';
import type { TestToUpdate } from '../report/model.js';
import { isGlobalErrorConstruction } from '../../transforms/support/error-syntax.js';
import { calleeName, PINNED_BY_TEST } from '../../transforms/support/test-pins.js';

/**
 * Test files that pin a converted error by its old shape: a converted throw keeps its message but
 * is a typed subclass now, so a test comparing it whole with `new Error('<same text>')`, or its
 * constructor with `Error`, stops passing. Found by syntax in the test files the migration leaves
 * alone (`*.test.*`, `*.spec.*`, `test/`, `__tests__/`...), each with the one-line change that
 * keeps what it meant. `toBeInstanceOf(Error)` and `toThrow('text')` still pass and are not listed.
 */

/** Matchers and assertions that compare an error whole, and the change that compares its message instead. */
const WHOLE_ERROR: Record<string, (call: string, text: string, other: string | undefined) => string> = {
  toThrow: (call, text) => `${call}(${JSON.stringify(text)})`,
  toThrowError: (call, text) => `${call}(${JSON.stringify(text)})`,
  toStrictEqual: (call, text) => `${call.replace(/toStrictEqual$/, 'toMatchObject')}({ message: ${JSON.stringify(text)} })`,
  deepStrictEqual: (call, text, other) => `${call.replace(/deepStrictEqual$/, 'strictEqual')}(${other ?? 'err'}.message, ${JSON.stringify(text)})`,
  throws: (call, text, other) => `${call}(${other ?? 'fn'}, { message: ${JSON.stringify(text)} })`,
  rejects: (call, text, other) => `${call}(${other ?? 'promise'}, { message: ${JSON.stringify(text)} })`,
};

interface Converted {
  readonly file: string;
  readonly line: number;
}

export function findTestsToUpdate(root: string, outcomes: readonly FileOutcome[]): TestToUpdate[] {
  const converted = convertedTexts(outcomes);
  if (converted.size === 0) return [];
  const migrated = new Set(outcomes.map((o) => o.file));
  const found: TestToUpdate[] = [];
  for (const file of testFiles(root)) {
    if (migrated.has(file)) continue;
    const read = readSource(path.join(root, file));
    if (!read.ok || !/\bError\b/.test(read.source.text)) continue;
    const sourceFile = ts.createSourceFile(file, read.source.text, ts.ScriptTarget.Latest, /* setParentNodes */ true);
    found.push(...pinsIn(sourceFile, file, converted));
  }
  return found;
}

/** The message texts of the throws and sentinels that `run` converts (or converted), with the first site of each. */
function convertedTexts(outcomes: readonly FileOutcome[]): Map<string, Converted> {
  const texts = new Map<string, Converted>();
  for (const site of outcomes.flatMap((o) => o.sites)) {
    if (site.transform !== 'typed-throw' && site.transform !== 'sentinel') continue;
    // Converted, or held back only because a test pins it: either way the test is what to change.
    if (site.status !== 'fixable' && !(site.status === 'manual' && site.reason?.startsWith(PINNED_BY_TEST))) continue;
    const text = textOfSnippet(site.transform === 'sentinel' ? `const ${site.snippet};` : `(${site.snippet});`);
    if (text !== undefined && !texts.has(text)) texts.set(text, { file: site.file, line: site.line });
  }
  return texts;
}

/** The literal message of `new Error('text')`, `Error('text')` or `'text'` in a snippet. */
function textOfSnippet(snippet: string): string | undefined {
  const sourceFile = ts.createSourceFile('site.ts', snippet, ts.ScriptTarget.Latest, true);
  let text: string | undefined;
  const visit = (node: ts.Node): void => {
    if (text !== undefined) return;
    if (ts.isNewExpression(node) || ts.isCallExpression(node)) {
      const [message] = node.arguments ?? [];
      if (message && ts.isIdentifier(node.expression) && node.expression.text === 'Error') text = literalText(message);
      return;
    }
    if (ts.isExpressionStatement(node)) {
      const literal = literalText(node.expression);
      if (literal !== undefined) {
        text = literal;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return text;
}

function literalText(node: ts.Expression): string | undefined {
  const inner = skipParentheses(node);
  return ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner) ? inner.text : undefined;
}

function pinsIn(sourceFile: ts.SourceFile, file: string, converted: ReadonlyMap<string, Converted>): TestToUpdate[] {
  const found: TestToUpdate[] = [];
  const lineOf = (node: ts.Node): number => sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
  const add = (node: ts.Node, site: Converted, to: string): void => {
    found.push({ file, line: lineOf(node), site, change: { from: folded(node.getText(sourceFile)), to: folded(to) } });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      const make = name === undefined ? undefined : WHOLE_ERROR[name];
      const pinned = make ? node.arguments.findIndex((arg) => isPlainErrorOf(arg, converted)) : -1;
      if (make && pinned >= 0) {
        const text = messageText((skipParentheses(node.arguments[pinned]!) as ts.NewExpression).arguments![0]!, sourceFile)!;
        const other = node.arguments.find((_, index) => index !== pinned)?.getText(sourceFile);
        add(node, converted.get(text)!, make(node.expression.getText(sourceFile), text, other));
      } else if (name === 'toBe' || name === 'toEqual' || name === 'toStrictEqual') {
        constructorPin(node);
      }
    }
    ts.forEachChild(node, visit);
  };
  // `expect(err.constructor).toBe(Error)`, in a test that names a converted text.
  const constructorPin = (call: ts.CallExpression): void => {
    const [expected] = call.arguments;
    const subject = ts.isPropertyAccessExpression(call.expression) && ts.isCallExpression(call.expression.expression) ? call.expression.expression.arguments[0] : undefined;
    if (!expected || !ts.isIdentifier(expected) || expected.text !== 'Error' || !subject) return;
    const inner = skipParentheses(subject);
    if (!ts.isPropertyAccessExpression(inner) || inner.name.text !== 'constructor') return;
    const site = textNamedAround(call, converted);
    if (site) add(call, site, `expect(${skipParentheses(inner.expression).getText(sourceFile)}).toBeInstanceOf(Error)`);
  };
  visit(sourceFile);
  return found;
}

/** The change is shown whole (it is to be copied), on one line. */
const folded = (text: string): string => text.replace(/\s+/g, ' ');


function isPlainErrorOf(node: ts.Expression, converted: ReadonlyMap<string, Converted>): boolean {
  const inner = skipParentheses(node);
  if (!isGlobalErrorConstruction(inner) || !ts.isNewExpression(inner)) return false;
  const [message] = inner.arguments ?? [];
  const text = message ? literalText(message) : undefined;
  return text !== undefined && converted.has(text);
}

/** The converted site whose text the test around `node` (the callback of `it`/`test`) spells out. */
function textNamedAround(node: ts.Node, converted: ReadonlyMap<string, Converted>): Converted | undefined {
  let scope: ts.Node = node;
  while (!ts.isSourceFile(scope) && !ts.isFunctionLike(scope)) scope = scope.parent;
  let site: Converted | undefined;
  const visit = (child: ts.Node): void => {
    if (site) return;
    if (ts.isStringLiteral(child) || ts.isNoSubstitutionTemplateLiteral(child)) site = converted.get(child.text);
    else ts.forEachChild(child, visit);
  };
  visit(scope);
  return site;
}
