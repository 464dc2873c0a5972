import type { AnalysedFile, RuleEvaluation } from '../rule.js';
import type { AcceptedException } from '../types.js';

/**
 * The standard's own rules, one per transform: a module complies when no site of the transform
 * is left unmigrated. Sites opted out with a reason are accepted exceptions, listed with it.
 */
export const STANDARD_RULES: ReadonlyArray<{ readonly id: string; readonly transform: string; readonly description: string }> = [
  { id: 'no-non-null', transform: 'non-null', description: 'No non-null assertions (`must(x, what)` instead of `x!`)' },
  { id: 'no-floating-promises', transform: 'async-call', description: 'No floating promises (`detach` or `safeGo` for fire-and-forget work)' },
  { id: 'no-unprotected-timers', transform: 'timer', description: 'No unprotected timer callbacks (`safeCallback`)' },
  { id: 'no-untyped-throws', transform: 'typed-throw', description: 'No untyped throws (a typed error of the standard)' },
  { id: 'rethrows-carry-context', transform: 'error-context', description: 'Rethrows carry context (`withContext`, or `cause`)' },
];

/**
 * `applied`: the report describes the code as `run` leaves it (`run`, `run --dry-run`), where a
 * fixable site is migrated unless its file was not written; otherwise (`check`, `report`) it is
 * still to migrate.
 */
export function evaluateStandardRule(files: readonly AnalysedFile[], rule: (typeof STANDARD_RULES)[number], applied: boolean): RuleEvaluation {
  let violations = 0;
  let checked = 0;
  const accepted: AcceptedException[] = [];
  for (const outcome of files) {
    for (const site of outcome.sites) {
      if (site.transform !== rule.transform) continue;
      checked++;
      if (site.status === 'manual' || (site.status === 'fixable' && (!applied || outcome.declined === true))) violations++;
      else if (site.status === 'ignored') accepted.push({ rule: rule.id, module: site.module, file: site.file, line: site.line, reason: site.reason ?? '' });
    }
  }
  return { violations, checked, unit: 'sites', exceptions: accepted.length, listed: [], accepted };
}
