import { ts } from '#typescript';
import type { AnalysedFile, RuleEvaluation } from '../rule.js';
import type { ListedViolation, RuleViolation, TeamRule } from '../types.js';

/**
 * The team's rules from the config. A pattern is a regular expression on the source text,
 * `kind:<SyntaxKind>` (a TypeScript syntax kind by name), or `calls:<name>` (a call whose callee
 * is `name` or ends with `.name`). `forbid`: every match is a violation. `require`: a file with
 * no match is one (on line 1), except for `calls:`, which every exported async function of the
 * file must make (a violation on each that does not).
 */
export function checkTeamRule(rule: TeamRule, sourceFile: ts.SourceFile): { checked: number; violations: RuleViolation[] } {
  const at = (position: number, message: string): RuleViolation => {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(position);
    return { line: line + 1, column: character + 1, message };
  };
  const { pattern } = rule;
  if (pattern.type === 'calls' && rule.mode === 'require') {
    const functions = exportedAsyncFunctions(sourceFile);
    const missing = functions.filter((f) => !callsName(f.body, pattern.name, sourceFile));
    return { checked: functions.length, violations: missing.map((f) => at(f.at.getStart(sourceFile), `exported async function \`${f.name}\` does not call \`${pattern.name}\``)) };
  }
  const matches: Array<{ position: number; text: string }> = [];
  if (pattern.type === 'regex') {
    for (const match of sourceFile.text.matchAll(new RegExp(pattern.source, 'gm'))) matches.push({ position: match.index, text: match[0] });
  } else {
    const isMatch =
      pattern.type === 'kind'
        ? ((kind) => (node: ts.Node) => node.kind === kind)(ts.SyntaxKind[pattern.kind as keyof typeof ts.SyntaxKind])
        : (node: ts.Node) => ts.isCallExpression(node) && calleeIs(node, pattern.name, sourceFile);
    const visit = (node: ts.Node): void => {
      const hit = isMatch(node);
      if (hit) matches.push({ position: node.getStart(sourceFile), text: node.getText(sourceFile) });
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  if (rule.mode === 'require') return { checked: 1, violations: matches.length > 0 ? [] : [at(0, `no match for \`${rule.written}\``)] };
  return { checked: 1, violations: matches.map((m) => at(m.position, `\`${oneLine(m.text)}\` matches the forbidden \`${rule.written}\``)) };
}

const oneLine = (text: string): string => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
};

function calleeIs(call: ts.CallExpression, name: string, sourceFile: ts.SourceFile): boolean {
  const callee = call.expression.getText(sourceFile).replace(/\s+/g, '').replace(/\?\./g, '.');
  return callee === name || callee.endsWith(`.${name}`);
}

function callsName(body: ts.Node, name: string, sourceFile: ts.SourceFile): boolean {
  const visit = (node: ts.Node): boolean => (ts.isCallExpression(node) && calleeIs(node, name, sourceFile)) || (ts.forEachChild(node, visit) ?? false);
  return visit(body);
}

const hasModifier = (node: ts.Node, kind: ts.SyntaxKind): boolean =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === kind);

/** `export async function f`, `export default async function`, `export const f = async (...) => ...`. */
function exportedAsyncFunctions(sourceFile: ts.SourceFile): Array<{ name: string; at: ts.Node; body: ts.Node }> {
  const found: Array<{ name: string; at: ts.Node; body: ts.Node }> = [];
  for (const statement of sourceFile.statements) {
    if (!hasModifier(statement, ts.SyntaxKind.ExportKeyword)) continue;
    if (ts.isFunctionDeclaration(statement) && statement.body && hasModifier(statement, ts.SyntaxKind.AsyncKeyword)) {
      found.push({ name: statement.name?.text ?? 'default', at: statement.name ?? statement, body: statement.body });
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const value = declaration.initializer;
        if (value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) && hasModifier(value, ts.SyntaxKind.AsyncKeyword)) {
          found.push({ name: declaration.name.getText(sourceFile), at: declaration.name, body: value.body });
        }
      }
    }
  }
  return found;
}

/** A team rule over a set of files: the numbers and the violations the analysis recorded. */
export function evaluateTeamRule(files: readonly AnalysedFile[], rule: TeamRule): RuleEvaluation {
  let checked = 0;
  const listed: ListedViolation[] = [];
  for (const outcome of files) {
    const found = outcome.facts?.team[rule.id];
    if (!found) continue;
    checked += found.checked;
    listed.push(...found.violations.map((v) => ({ rule: rule.id, module: outcome.module, file: outcome.file, ...v })));
  }
  return { violations: listed.length, checked, unit: rule.pattern.type === 'calls' && rule.mode === 'require' ? 'functions' : 'files', exceptions: 0, listed, accepted: [] };
}
