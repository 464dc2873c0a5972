import { describe, expect, it } from 'vitest';
import { evaluateTeamRule } from '../../src/compliance/rules/team-rules.js';
import { resolveCompliance, type RawCompliance } from '../../src/compliance/config.js';
import { analysed } from './analysed.js';

type Rule = NonNullable<RawCompliance['rules']>[number];

/** One team rule over the given files: its numbers and its violations as `file:line:column message`. */
function check(rule: Omit<Rule, 'id' | 'description'>, files: Record<string, string>) {
  const compliance: RawCompliance = { rules: [{ id: 'team', description: 'd', ...rule }] };
  const result = evaluateTeamRule(
    Object.entries(files).map(([file, text]) => analysed(file, text, { compliance })),
    resolveCompliance(compliance).rules[0]!,
  );
  return { violations: result.violations, checked: result.checked, unit: result.unit, listed: result.listed.map((v) => `${v.file}:${v.line}:${v.column} ${v.message}`) };
}

describe('team rules', () => {
  it('forbid with a regular expression: every match, in the files the glob matches', () => {
    const files = { 'src/a/a.ts': 'const a = 1;\nconsole.log(a); console.log(2);\n', 'src/b/b.ts': 'console.log(3);\n' };
    expect(check({ forbid: 'console\\.log\\(', files: 'src/a/**' }, files)).toEqual({
      violations: 2,
      checked: 1,
      unit: 'files',
      listed: ['src/a/a.ts:2:1 `console.log(` matches the forbidden `console\\.log\\(`', 'src/a/a.ts:2:17 `console.log(` matches the forbidden `console\\.log\\(`'],
    });
  });

  it('require with a regular expression: a file without a match, on line 1; ^ and $ work per line', () => {
    const files = { 'src/a/a.ts': "'use strict';\nexport {};\n", 'src/a/b.ts': 'export {};\n' };
    expect(check({ require: "^'use strict';$" }, files)).toEqual({ violations: 1, checked: 2, unit: 'files', listed: ["src/a/b.ts:1:1 no match for `^'use strict';$`"] });
  });

  it('forbid with a syntax kind: each node of that kind, not its look-alikes in strings or comments', () => {
    const files = { 'src/a/a.ts': "// x!\nconst s = 'y!';\nexport const f = (x?: string) => x!.length;\n" };
    expect(check({ forbid: 'kind:NonNullExpression' }, files).listed).toEqual(['src/a/a.ts:3:34 `x!` matches the forbidden `kind:NonNullExpression`']);
  });

  it('require calls: every exported async function calls the name (qualified or not), anywhere in its body', () => {
    const text = [
      'export async function logged() { await jobLog.start("x"); }',
      'export async function nested() { if (a) { return run(() => jobLog.start("y")); } }',
      'export async function missing() { await other(); }',
      'export const arrow = async () => { start(); };',
      'export function notAsync() {}',
      'async function notExported() {}',
    ].join('\n');
    expect(check({ require: 'calls:jobLog.start' }, { 'src/a/a.ts': text })).toEqual({
      violations: 2,
      checked: 4,
      unit: 'functions',
      listed: ['src/a/a.ts:3:23 exported async function `missing` does not call `jobLog.start`', 'src/a/a.ts:4:14 exported async function `arrow` does not call `jobLog.start`'],
    });
  });

  it('forbid calls: each call of the name', () => {
    expect(check({ forbid: 'calls:eval' }, { 'src/a/a.ts': 'eval("1");\nwindow.eval("2");\nevaluate();\n' }).listed).toEqual([
      'src/a/a.ts:1:1 `eval("1")` matches the forbidden `calls:eval`',
      'src/a/a.ts:2:1 `window.eval("2")` matches the forbidden `calls:eval`',
    ]);
  });
});
