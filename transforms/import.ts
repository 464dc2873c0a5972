import { ts } from 'ts-morph';
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
  const prologueEnd = directivePrologueEnd(sourceFile);
  if (prologueEnd !== undefined) {
    fixer.insertAt(prologueEnd, eol + eol + lines.join(eol));
    return;
  }
  fixer.insertAt(headerEnd(sourceFile), lines.join(eol) + eol + eol);
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
