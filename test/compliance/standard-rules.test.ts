import { describe, expect, it } from 'vitest';
import { evaluateStandardRule, STANDARD_RULES } from '../../src/compliance/rules/standard-rules.js';
import { site } from './analysed.js';

const noNonNull = STANDARD_RULES.find((rule) => rule.id === 'no-non-null')!;
const file = (sites: ReturnType<typeof site>[], declined = false) => ({ file: 'src/a/a.ts', module: 'src/a', status: 'changed' as const, declined, importsStandard: true, sites });

describe("the standard's own rules", () => {
  it('counts unmigrated sites of its transform: fixable ones before `run`, manual ones always', () => {
    const files = [file([site('non-null', 'fixable'), site('non-null', 'manual'), site('typed-throw', 'fixable')])];
    expect(evaluateStandardRule(files, noNonNull, false)).toMatchObject({ violations: 2, checked: 2, unit: 'sites', exceptions: 0 });
    expect(evaluateStandardRule(files, noNonNull, true)).toMatchObject({ violations: 1, checked: 2 });
  });

  it('still counts the fixable sites of a file `run` did not write', () => {
    expect(evaluateStandardRule([file([site('non-null', 'fixable')], true)], noNonNull, true)).toMatchObject({ violations: 1 });
  });

  it('lists opted-out sites as accepted exceptions, with their reasons', () => {
    const result = evaluateStandardRule([file([site('non-null', 'ignored', 'src/a/a.ts', 'bounds-checked above')])], noNonNull, false);
    expect(result).toMatchObject({ violations: 0, checked: 1, exceptions: 1 });
    expect(result.accepted).toEqual([{ rule: 'no-non-null', module: 'src/a', file: 'src/a/a.ts', line: 3, reason: 'bounds-checked above' }]);
  });

  it('has one rule per transform of the standard', () => {
    expect(STANDARD_RULES.map((rule) => `${rule.id}=${rule.transform}`)).toEqual([
      'no-non-null=non-null',
      'no-floating-promises=async-call',
      'no-unprotected-timers=timer',
      'no-untyped-throws=typed-throw',
      'rethrows-carry-context=error-context',
    ]);
  });
});
