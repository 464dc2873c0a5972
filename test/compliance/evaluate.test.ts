import { describe, expect, it } from 'vitest';
import { evaluateCompliance, mergeCompliance } from '../../src/compliance/evaluate.js';
import { resolveCompliance, type RawCompliance } from '../../src/compliance/config.js';
import type { AnalysedFile } from '../../src/compliance/rule.js';
import { analysed, site } from './analysed.js';

const code = (lines: number): string => Array.from({ length: lines }, (_, i) => `export const v${i} = ${i};\n`).join('');
const compliance: RawCompliance = { 'max-file-lines': 10, rules: [{ id: 'no-console', description: 'No console', forbid: 'console\\.log' }] };

function evaluate(files: AnalysedFile[], previous?: ReturnType<typeof evaluateCompliance>) {
  return evaluateCompliance({ files, modules: ['src/a', 'src/b'], transforms: ['non-null', 'typed-throw'], applied: false, settings: resolveCompliance(compliance), previous });
}

const before = [
  analysed('src/a/big.ts', code(30), { compliance, sites: [site('non-null', 'fixable', 'src/a/big.ts'), site('non-null', 'ignored', 'src/a/big.ts', 'checked above')] }),
  analysed('src/b/b.ts', `${code(4)}console.log(1);\n`, { compliance }),
];

describe('compliance per module and project-wide', () => {
  it('has one row per rule: the transforms that ran, the built-in rules, then the team rules', () => {
    expect(evaluate(before).rules.map((rule) => `${rule.id} ${rule.origin} fail=${rule.fail}`)).toEqual([
      'no-non-null standard fail=true',
      'no-untyped-throws standard fail=true',
      'max-file-lines built-in fail=false',
      'standard-import built-in fail=false',
      'no-console team fail=false',
    ]);
  });

  it('splits the numbers per module and adds them up for the project', () => {
    const report = evaluate(before);
    const rows = (rules: typeof report.rules) => rules.map((rule) => `${rule.id}: ${rule.status}, ${rule.evidence}`);
    expect(rows(report.rules)).toEqual([
      'no-non-null: violations, 1 of 2 sites unmigrated; 1 accepted exception',
      'no-untyped-throws: compliant, 0 of 0 sites unmigrated',
      'max-file-lines: violations, largest file 30 lines (`src/a/big.ts`); 1 of 2 files over 10',
      'standard-import: compliant, 0 imports of another error module in 0 files that throw or catch',
      'no-console: violations, 1 match in 2 files',
    ]);
    expect(report.modules.map((m) => [m.name, ...m.rules.map((rule) => rule.violations)])).toEqual([
      ['src/a', 1, 0, 1, 0, 0],
      ['src/b', 0, 0, 0, 0, 1],
    ]);
    expect(report.modules[1]!.rules[2]).toMatchObject({ largest: { file: 'src/b/b.ts', lines: 5 }, evidence: 'largest file 5 lines (`src/b/b.ts`); 0 of 1 file over 10' });
    expect(report.violations.map((v) => `${v.rule} ${v.file}:${v.line}`)).toEqual(['max-file-lines src/a/big.ts:1', 'no-console src/b/b.ts:5']);
    expect(report.exceptions).toEqual([{ rule: 'no-non-null', module: 'src/a', file: 'src/a/big.ts', line: 3, reason: 'checked above' }]);
    expect(report.rules.every((rule) => rule.change === undefined)).toBe(true);
  });

  it('says what changed since the previous report, project-wide and per module', () => {
    const after = [analysed('src/a/big.ts', code(8), { compliance }), analysed('src/b/b.ts', code(4), { compliance })];
    const report = evaluate(after, evaluate(before));
    expect(report.rules.map((rule) => `${rule.id}: ${rule.change}`)).toEqual([
      'no-non-null: 1 -> 0 violations',
      'no-untyped-throws: unchanged',
      'max-file-lines: largest file 30 -> 8 lines; 1 -> 0 violations',
      'standard-import: unchanged',
      'no-console: 1 -> 0 violations',
    ]);
    expect(report.modules[0]!.rules[2]).toMatchObject({ before: { violations: 1, largest: 30 }, change: 'largest file 30 -> 8 lines; 1 -> 0 violations' });
    const withoutRule = evaluate(before);
    const older = { ...withoutRule, rules: withoutRule.rules.slice(0, 4), modules: withoutRule.modules.map((m) => ({ ...m, rules: m.rules.slice(0, 4) })) };
    expect(evaluate(after, older).rules[4]).toMatchObject({ before: null, change: 'new' });
  });

  it('merges the sections of shards into the section of the whole run', () => {
    const whole = evaluate(before);
    const shard = (module: string) =>
      evaluateCompliance({ files: before.filter((f) => f.module === module), modules: [module], transforms: ['non-null', 'typed-throw'], applied: false, settings: resolveCompliance(compliance) });
    expect(mergeCompliance([shard('src/b'), shard('src/a')])).toEqual(whole);
  });
});
