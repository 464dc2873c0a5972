import { ts } from '#typescript';
import { skipParentheses } from '../../src/codes/message-text.js';
import type { PreparedSource, ProjectFile, ProjectFiles } from '../../src/engine/transform.js';
import { caughtValueComparedWithString, isCaughtValue } from './caught-values.js';
import { isEquality, snippet } from './error-syntax.js';

/**
 * Code that tells errors apart by what a migration changes: their exact class or name
 * (`x.constructor === Error`, `x.name === 'Error'`, `Object.getPrototypeOf(x) === Error.prototype`,
 * any read of `x.constructor.name`), or whether the thrown value is a string (`typeof e === 'string'`).
 * A throw converted where such code can see it would take the other branch there, so the throws
 * that can reach it stay as they are.
 *
 * Who catches a throw is not known without following every call, so the reach is a module's:
 * the code of the throwing module itself, and of every module that imports it (its callers). A
 * syntactic scan, no type checker, and the text is tested before any file is parsed.
 */

/**
 * `class`: the exact class or name is read; `string`: a caught value is tested for being a string;
 * `compared`: a caught value is compared with one string (`err === 'insufficient funds'`).
 */
export type DiscriminatorKind = 'class' | 'string' | 'compared';

export interface Discriminator {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly kind: DiscriminatorKind;
  /** The test as written, for the reason (`` `cause.constructor === Error` ``). */
  readonly code: string;
  /** For `compared`: the string the caught value is compared with. */
  readonly text?: string;
}

/** The discriminators that can see each module's throws, by module name, in file and line order. */
export type DiscriminatorReach = Readonly<Record<string, readonly Discriminator[]>>;

/** Whether a file's text may hold a discriminator: files that cannot are not parsed for it. */
const mayDiscriminate = (text: string): boolean =>
  /\.constructor\b|Error\.prototype\b|['"`]Error['"`]/.test(text) ||
  (/\btypeof\b/.test(text) && /['"`]string['"`]/.test(text)) ||
  /[!=]==?\s*['"`]|['"`]\s*[!=]==?/.test(text);

/** One file's discriminators, its part of the pre-pass (from its path and text alone): the file is parsed only when its text may hold one. */
export function fileDiscriminators(file: PreparedSource): Discriminator[] {
  return mayDiscriminate(file.text) ? discriminatorsIn(file.sourceFile(), file.file) : [];
}

/**
 * The project's discriminators by the modules whose throws they can see, from each file's
 * discriminators (in file order): where the files meet, so it runs again whenever any file changed.
 */
export function reachFromParts(parts: ReadonlyArray<{ readonly file: ProjectFile; readonly discriminators: readonly Discriminator[] }>, project: ProjectFiles): DiscriminatorReach {
  const found: Array<Discriminator & { module: string }> = [];
  for (const { file, discriminators } of parts) for (const d of discriminators) found.push({ ...d, module: file.module });
  const filesByModule = new Map<string, ProjectFile[]>();
  for (const file of project.files) {
    const list = filesByModule.get(file.module);
    if (list) list.push(file);
    else filesByModule.set(file.module, [file]);
  }
  // Only the modules that hold a discriminator have their imports resolved.
  const importsByModule = new Map<string, Set<string>>();
  const modulesImportedBy = (module: string): Set<string> => {
    let modules = importsByModule.get(module);
    if (!modules) {
      modules = new Set((filesByModule.get(module) ?? []).flatMap((file) => project.importsOf(file).map((imported) => imported.module)));
      importsByModule.set(module, modules);
    }
    return modules;
  };
  const reach: Record<string, Discriminator[]> = Object.create(null) as Record<string, Discriminator[]>;
  for (const { module, ...discriminator } of found) {
    for (const reached of new Set([module, ...modulesImportedBy(module)])) (reach[reached] ??= []).push(discriminator);
  }
  return reach;
}

/** The first discriminator of a kind that can see a module's throws, as the reason of a site left alone. */
export function discriminatorReason(reach: DiscriminatorReach | undefined, module: string, kinds: readonly DiscriminatorKind[]): string | undefined {
  const all = (reach?.[module] ?? []).filter((d) => kinds.includes(d.kind));
  const [first] = all;
  if (!first) return undefined;
  const more = all.length > 1 ? ` (and ${all.length - 1} more)` : '';
  const what = first.kind === 'class' ? 'tells errors apart by their exact class or name' : 'tests whether a caught value is a string';
  return `${first.file}:${first.line}${more} ${what} (${first.code}), and the converted value would take the other branch there; change both by hand`;
}

/**
 * Why a string thrown with `text` in `module` must stay a string: code that can catch it compares
 * the caught value with that very string. Undefined when none does.
 */
export function comparedStringReason(reach: DiscriminatorReach | undefined, module: string, text: string): string | undefined {
  const first = (reach?.[module] ?? []).find((d) => d.kind === 'compared' && d.text === text);
  if (!first) return undefined;
  return `${first.file}:${first.line} compares a caught value with this string (${first.code}); a typed error would stop matching there: throw a sentinel and compare with is(), by hand`;
}

/** The discriminators of one file. */
export function discriminatorsIn(sourceFile: ts.SourceFile, file: string): Discriminator[] {
  const found: Discriminator[] = [];
  const lineOf = (node: ts.Node): number => sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
  const add = (node: ts.Node, kind: DiscriminatorKind): void => {
    const line = lineOf(node);
    if (!found.some((d) => d.line === line && d.kind === kind)) found.push({ file, line, kind, code: snippet(node, sourceFile) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && isEquality(node)) {
      const kind = comparisonKind(skipParentheses(node.left), skipParentheses(node.right)) ?? comparisonKind(skipParentheses(node.right), skipParentheses(node.left));
      const compared = kind ? undefined : caughtValueComparedWithString(node);
      if (kind) add(node, kind);
      else if (compared) found.push({ file, line: lineOf(node), kind: 'compared', code: snippet(node, sourceFile), text: compared.text });
    } else if (ts.isPropertyAccessExpression(node) && node.name.text === 'name' && isConstructorOf(skipParentheses(node.expression))) {
      add(node, 'class');
    } else if (ts.isSwitchStatement(node)) {
      const kind = switchKind(node);
      if (kind) add(node.expression, kind);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** What `side === other` tests, when it is a discriminator. */
function comparisonKind(side: ts.Expression, other: ts.Expression): DiscriminatorKind | undefined {
  if (isConstructorOf(side) && isGlobalError(other)) return 'class';
  if (ts.isPropertyAccessExpression(side) && side.name.text === 'name' && !isThis(side.expression) && ts.isStringLiteralLike(other) && other.text === 'Error') return 'class';
  if (ts.isPropertyAccessExpression(other) && other.name.text === 'prototype' && isGlobalError(skipParentheses(other.expression))) return 'class';
  if (isTypeofCaught(side) && ts.isStringLiteralLike(other) && other.text === 'string') return 'string';
  return undefined;
}

function switchKind(node: ts.SwitchStatement): DiscriminatorKind | undefined {
  const subject = skipParentheses(node.expression);
  const cases = node.caseBlock.clauses.filter(ts.isCaseClause).map((clause) => skipParentheses(clause.expression));
  if (isConstructorOf(subject) && cases.some(isGlobalError)) return 'class';
  if (isTypeofCaught(subject) && cases.some((c) => ts.isStringLiteralLike(c) && c.text === 'string')) return 'string';
  return undefined;
}

/** `x.constructor`, except `this.constructor`: a class reading its own constructor is not looking at a thrown value. */
function isConstructorOf(node: ts.Expression): node is ts.PropertyAccessExpression {
  return ts.isPropertyAccessExpression(node) && node.name.text === 'constructor' && !isThis(node.expression);
}

const isThis = (node: ts.Expression): boolean => skipParentheses(node).kind === ts.SyntaxKind.ThisKeyword;

/** `Error`, taken for the global one even where the file binds its own: a discriminator too many only leaves a throw as it is. */
function isGlobalError(node: ts.Expression): boolean {
  return ts.isIdentifier(node) && node.text === 'Error';
}

function isTypeofCaught(node: ts.Expression): boolean {
  if (!ts.isTypeOfExpression(node)) return false;
  const operand = skipParentheses(node.expression);
  return ts.isIdentifier(operand) && isCaughtValue(operand);
}
