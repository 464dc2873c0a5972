import { ts } from '#typescript';
import type { Fixer, Transform, TransformContext } from '../src/engine/transform.js';

/**
 * Adds the standard's names that this file's edits use: merged into an existing import of the
 * standard when there is one, else a new import after the file's last import (or after its
 * header comment). Runs after every other transform; its edit is not a finding of its own.
 */
export const importStandard: Transform = {
  id: 'import',
  description: 'add or merge the import of the standard error module where edits use it',
  needsTypes: false,
  create(context) {
    return {
      onEnd() {
        const { standard, sourceFile } = context;
        if (standard.pending.length === 0 && standard.pendingNamespace === undefined) return;
        const specifiers = [...standard.pending]
          .sort((a, b) => a.exported.localeCompare(b.exported))
          .map(({ exported, local }) => (exported === local ? exported : `${exported} as ${local}`));
        context.report({
          node: sourceFile.statements[0] ?? sourceFile,
          message: `import ${specifiers.join(', ') || standard.pendingNamespace} from the standard`,
          supporting: true,
          fix(fixer) {
            const target = standard.mergeTarget;
            if (target && specifiers.length > 0 && standard.pendingNamespace === undefined) {
              const last = target.elements[target.elements.length - 1];
              if (last) fixer.insertAfter(last, `, ${specifiers.join(', ')}`);
              else fixer.replace(target, `{ ${specifiers.join(', ')} }`);
              return;
            }
            const from = context.stringLiteral(standard.specifier);
            if (isCommonJs(sourceFile)) {
              insertRequireLine(context, fixer, from, standard.pendingNamespace, standard.pending);
              return;
            }
            const lines: string[] = [];
            if (standard.pendingNamespace !== undefined) lines.push(`import * as ${standard.pendingNamespace} from ${from};`);
            if (specifiers.length > 0) lines.push(`import { ${specifiers.join(', ')} } from ${from};`);
            insertImportLines(context, fixer, lines);
          },
        });
      },
    };
  },
};

export default importStandard;

function insertImportLines(context: TransformContext, fixer: Fixer, lines: string[]): void {
  const { sourceFile, eol } = context;
  const statements = sourceFile.statements;
  const lastImport = [...statements].reverse().find((s) => ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s));
  if (lastImport) {
    fixer.insertAt(lastImport.getEnd(), lines.map((line) => eol + line).join(''));
    return;
  }
  insertAfterHeader(context, fixer, lines);
}

/** Where a file without imports gets its first: after a directive prologue, else after its header comments. */
function insertAfterHeader(context: TransformContext, fixer: Fixer, lines: readonly string[]): void {
  const { sourceFile, eol } = context;
  const prologueEnd = directivePrologueEnd(sourceFile);
  if (prologueEnd !== undefined) {
    fixer.insertAt(prologueEnd, eol + eol + lines.join(eol));
    return;
  }
  fixer.insertAt(headerEnd(sourceFile), lines.join(eol) + eol + eol);
}

/**
 * A JavaScript file that Node runs as CommonJS cannot take an `import` statement: `.cjs`, or a
 * `.js` that uses `require`/`module.exports` and has no `import`/`export` of its own.
 */
function isCommonJs(sourceFile: ts.SourceFile): boolean {
  if (/\.cjs$/.test(sourceFile.fileName)) return true;
  if (!/\.jsx?$/.test(sourceFile.fileName)) return false;
  const esm = sourceFile.statements.some(
    (s) => ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isExportAssignment(s) || (ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)),
  );
  return !esm && /\brequire\s*\(|\bmodule\.exports\b|\bexports\.\w/.test(sourceFile.text);
}

/** `const { must, is: verrorsIs } = require('...');` after the file's last top-level `require`. */
function insertRequireLine(
  context: TransformContext,
  fixer: Fixer,
  from: string,
  namespace: string | undefined,
  pending: ReadonlyArray<{ readonly exported: string; readonly local: string }>,
): void {
  const { sourceFile, eol } = context;
  const bindings = [...pending].sort((a, b) => a.exported.localeCompare(b.exported)).map(({ exported, local }) => (exported === local ? exported : `${exported}: ${local}`));
  const lines = [...(namespace === undefined ? [] : [`const ${namespace} = require(${from});`]), ...(bindings.length > 0 ? [`const { ${bindings.join(', ')} } = require(${from});`] : [])];
  const lastRequire = [...sourceFile.statements].reverse().find(isRequireStatement);
  if (lastRequire) {
    fixer.insertAt(lastRequire.getEnd(), lines.map((line) => eol + line).join(''));
    return;
  }
  insertAfterHeader(context, fixer, lines);
}

/** `const x = require('x');`, `const { a } = require('x');` or `require('x');`. */
function isRequireStatement(statement: ts.Statement): boolean {
  const isRequire = (node: ts.Node | undefined): boolean =>
    !!node && ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require';
  if (ts.isExpressionStatement(statement)) return isRequire(statement.expression);
  return ts.isVariableStatement(statement) && statement.declarationList.declarations.some((d) => isRequire(d.initializer));
}

/** The end of a leading `'use strict'`-style directive prologue. */
function directivePrologueEnd(sourceFile: ts.SourceFile): number | undefined {
  let end: number | undefined;
  for (const statement of sourceFile.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) break;
    end = statement.getEnd();
  }
  return end;
}

/**
 * Where the file's own content starts: after the shebang and after header comments that stand
 * apart from the code (licence text) by a blank line; before a comment attached to the first
 * statement (its JSDoc).
 */
function headerEnd(sourceFile: ts.SourceFile): number {
  const text = sourceFile.text;
  let position = text.startsWith('#!') ? text.indexOf('\n') + 1 || text.length : 0;
  const comments = ts.getLeadingCommentRanges(text, position) ?? [];
  for (const comment of comments) {
    const rest = text.slice(comment.end);
    const blank = /^[ \t]*\r?\n[ \t]*\r?\n/.exec(rest);
    if (blank) position = comment.end + blank[0].length;
  }
  const firstToken = /\S/.exec(text.slice(position));
  return firstToken ? position + firstToken.index : position;
}
