import { ts } from '#typescript';
import { categoryOf, STANDARD_SENTINEL_TEXT, standardSentinelFor } from '../src/codes/categories.js';
import { messageText, quoted, skipParentheses } from '../src/codes/message-text.js';
import type { StandardExport } from '../src/standard/exports.js';
import type { Transform, TransformContext } from '../src/engine/transform.js';
import { isEquality, isGlobalErrorConstruction, snippet, standardNameOf } from './support/error-syntax.js';
import { discriminatorReason } from './support/discriminators.js';
import { errorPrepass, pinsOf, reachOf } from './support/error-prepass.js';
import { pinReason } from './support/test-pins.js';
import { convertComparison, isLiteral } from './support/sentinel-comparisons.js';

/** How sentinels are named by convention (Go's `ErrNotFound`): what identity comparisons are recognised by. */
const SENTINEL_NAME = /^Err[A-Z0-9_]/;

/** A module-level error value of this file: a plain `new Error(...)`, a `sentinel(...)`, or a standard sentinel. */
interface FileSentinel {
  readonly declaration: ts.VariableDeclaration & { name: ts.Identifier };
  /** Its text, when the file spells it out. */
  readonly text: string | undefined;
  /** The standard sentinel it is (or, when plain, would become), if any. */
  readonly standard: StandardExport | undefined;
  readonly plain: boolean;
}

/**
 * Module-level sentinels `const ErrX = new Error('text')` (exported or not, `let` and `var` too)
 * become the standard sentinel the text means (`ErrNotFound`), else the module's own
 * `sentinel('pkg/dex', 1000, 'text', 'not_found')`. Comparisons with a sentinel by identity
 * (`err === ErrX`) become `is(err, ErrX)`, which also matches an error that wraps it. A sentinel
 * keeps its text as its message, so comparisons of the message with the text keep matching and are
 * left as they are. Where code that can see the sentinel tells errors apart by their exact class
 * (see `discriminators.ts`), the sentinel stays a plain Error.
 */
export const sentinel: Transform = {
  id: 'sentinel',
  description: 'turn module-level `new Error(...)` sentinels into standard sentinels, and compare them with is()',
  needsTypes: true,
  prepareByFile: errorPrepass,
  create(context) {
    const sentinels = collectSentinels(context.sourceFile, () => context.checker);
    const isSentinel = (expression: ts.Expression): boolean => {
      const inner = skipParentheses(expression);
      if (ts.isIdentifier(inner)) return sentinels.has(inner.text) || SENTINEL_NAME.test(inner.text);
      return ts.isPropertyAccessExpression(inner) && SENTINEL_NAME.test(inner.name.text);
    };
    return {
      [ts.SyntaxKind.VariableDeclaration](node: ts.VariableDeclaration) {
        const found = ts.isIdentifier(node.name) ? sentinels.get(node.name.text) : undefined;
        if (found?.plain && found.declaration === node) convertDeclaration(context, found);
      },
      [ts.SyntaxKind.BinaryExpression](node: ts.BinaryExpression) {
        if (!isEquality(node)) return;
        const [target, other] = isSentinel(node.right) ? [node.right, node.left] : [node.left, node.right];
        if (!isSentinel(target) || isSentinel(other) || isLiteral(skipParentheses(other))) return;
        convertComparison(context, node, target, other);
      },
      [ts.SyntaxKind.SwitchStatement](node: ts.SwitchStatement) {
        const cases = node.caseBlock.clauses.filter((c): c is ts.CaseClause => ts.isCaseClause(c) && isSentinel(c.expression));
        if (cases.length === 0) return;
        context.report({
          node: node.expression,
          message: `switch compares ${snippet(node.expression, context.sourceFile)} with sentinels by identity (${cases.map((c) => snippet(c.expression, context.sourceFile)).join(', ')})`,
          manual: 'an error wrapped with context no longer equals its sentinel; rewrite the cases as `if (is(err, ErrX))`',
        });
      },
    };
  },
};

export default sentinel;

/** The file's module-level sentinels by name; plain ones whose standard sentinel another one also means keep their own. */
function collectSentinels(sourceFile: ts.SourceFile, checker: () => ts.TypeChecker): Map<string, FileSentinel> {
  const found: FileSentinel[] = [];
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || !declaration.initializer) continue;
      const named = declaration as FileSentinel['declaration'];
      const init = skipParentheses(declaration.initializer);
      if (isGlobalErrorConstruction(init, checker)) {
        const [message, ...rest] = init.arguments ?? [];
        const text = message && rest.length === 0 ? messageText(message, sourceFile) : undefined;
        found.push({ declaration: named, text, standard: text === undefined ? undefined : standardSentinelFor(text), plain: true });
        continue;
      }
      const standard = standardNameOf(init);
      const standardText = standard ? STANDARD_SENTINEL_TEXT.get(standard) : undefined;
      if (standard && standardText !== undefined) {
        found.push({ declaration: named, text: standardText, standard, plain: false });
      } else if (ts.isCallExpression(init) && standardNameOf(init.expression) === 'sentinel' && init.arguments[2]) {
        found.push({ declaration: named, text: messageText(init.arguments[2], sourceFile), standard: undefined, plain: false });
      }
    }
  }
  // Two sentinels of one file that meant the same standard sentinel would become one value, and
  // code that tells them apart (`switch`, a Map by error) would stop doing so: they stay apart.
  const perStandard = new Map<StandardExport, number>();
  for (const s of found) if (s.standard) perStandard.set(s.standard, (perStandard.get(s.standard) ?? 0) + 1);
  return new Map(found.map((s) => [s.declaration.name.text, s.standard && perStandard.get(s.standard)! > 1 ? { ...s, standard: undefined } : s]));
}

function convertDeclaration(context: TransformContext, found: FileSentinel): void {
  const { sourceFile } = context;
  const { declaration, text, standard } = found;
  const init = declaration.initializer!;
  const construction = skipParentheses(init) as ts.NewExpression | ts.CallExpression;
  const args = construction.arguments ?? [];
  const name = declaration.name.text;
  const what = `plain Error sentinel \`${name}\``;
  if (text === undefined) {
    const reason =
      args.length === 0
        ? 'it has no message; give it one'
        : args.length > 1
          ? 'it is built with options; a sentinel is one shared value with a message only'
          : `its message ${snippet(args[0]!, sourceFile)} is computed, so it has no text to take a category and a code from`;
    context.report({ node: declaration, message: what, manual: reason });
    return;
  }
  const discriminated = discriminatorReason(reachOf(context), context.module.name, ['class']) ?? (args[0] ? pinReason(pinsOf(context), args[0]) : undefined);
  if (discriminated) {
    context.report({ node: declaration, message: `${what}: ${quoted(text)}`, manual: discriminated });
    return;
  }
  const keepsType = needsErrorAnnotation(declaration) ? ': Error' : '';
  if (standard) {
    context.report({
      node: declaration,
      message: `${what}: ${quoted(text)} (${standard})`,
      fix(fixer) {
        fixer.replace(init, fixer.std(standard));
        if (keepsType) fixer.insertAt(declaration.name.getEnd(), keepsType);
      },
    });
    return;
  }
  const module = context.codes.moduleName(context.module.name);
  const full = context.codes.whyNoCode(module, text);
  if (full) {
    context.report({ node: declaration, message: `${what}: ${quoted(text)}`, manual: full });
    return;
  }
  const category = categoryOf(text);
  const message = args[0]!;
  context.report({
    node: declaration,
    message: `${what}: ${quoted(text)} (sentinel, ${category})`,
    fix(fixer) {
      const code = context.codes.codeFor(module, text, category);
      fixer.replaceRange(init.getStart(sourceFile), message.getStart(sourceFile), `${fixer.std('sentinel')}(${context.stringLiteral(module)}, ${code}, `);
      fixer.replaceRange(message.getEnd(), init.getEnd(), `, ${context.stringLiteral(category)})`);
      if (keepsType) fixer.insertAt(declaration.name.getEnd(), keepsType);
    },
  });
}

/**
 * A `let`/`var` sentinel that the file assigns another Error to later (a TypeScript file: an
 * importer cannot) keeps its declared type `Error`; inferred from `sentinel(...)` it would narrow
 * to the standard's class, and the assignment would stop type-checking.
 */
function needsErrorAnnotation(declaration: FileSentinel['declaration']): boolean {
  const list = declaration.parent;
  if (!ts.isVariableDeclarationList(list) || list.flags & ts.NodeFlags.Const || declaration.type) return false;
  const sourceFile = declaration.getSourceFile();
  if (/\.[cm]?jsx?$/.test(sourceFile.fileName)) return false;
  const name = declaration.name.text;
  let assigned = false;
  const visit = (node: ts.Node): void => {
    if (assigned) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      const target = skipParentheses(node.left);
      if (ts.isIdentifier(target) && target.text === name) assigned = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return assigned;
}
