import type { RuleResult } from './types.js';

/** 1702 -> "1,702", as the REFACTOR reports write numbers. */
export const count = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`): string => `${count(n)} ${n === 1 ? one : many}`;

type Numbers = Omit<RuleResult, 'evidence' | 'status' | 'before' | 'change'>;

/** A rule's numbers in words: "largest file 258 lines (`pkg/a.ts`); 0 of 40 files over 500". */
export function evidenceOf(rule: Numbers): string {
  const accepted = rule.exceptions > 0 ? `; ${plural(rule.exceptions, 'accepted exception')}` : '';
  switch (rule.origin) {
    case 'standard':
      return `${count(rule.violations)} of ${plural(rule.checked, 'site')} unmigrated${accepted}`;
    case 'built-in':
      if (rule.largest !== undefined) {
        const largest = rule.largest ? `largest file ${plural(rule.largest.lines, 'line')} (\`${rule.largest.file}\`); ` : '';
        return `${largest}${count(rule.violations)} of ${plural(rule.checked, 'file')} over ${count(rule.limit ?? 0)}`;
      }
      return `${plural(rule.violations, 'import')} of another error module in ${plural(rule.checked, 'file')} that ${rule.checked === 1 ? 'throws or catches' : 'throw or catch'}`;
    default:
      if (rule.unit === 'functions') return `${count(rule.violations)} of ${plural(rule.checked, 'exported async function')} without the call`;
      if (rule.mode === 'require') return `${count(rule.violations)} of ${plural(rule.checked, 'file')} without a match`;
      return `${plural(rule.violations, 'match', 'matches')} in ${plural(rule.checked, 'file')}`;
  }
}

/** The change since the previous report: "largest file 1,702 -> 480 lines; 3 -> 0 violations". */
export function changeOf(now: Pick<RuleResult, 'violations' | 'largest'>, before: RuleResult['before']): string {
  if (before === undefined) return '';
  if (before === null) return 'new';
  const parts: string[] = [];
  const largest = now.largest?.lines;
  if (before.largest !== undefined && largest !== undefined && before.largest !== largest) parts.push(`largest file ${count(before.largest)} -> ${plural(largest, 'line')}`);
  if (before.violations !== now.violations) parts.push(`${count(before.violations)} -> ${plural(now.violations, 'violation')}`);
  return parts.length > 0 ? parts.join('; ') : 'unchanged';
}
