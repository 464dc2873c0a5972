import type { AnalysedFile, RuleEvaluation } from '../rule.js';
import type { ListedViolation } from '../types.js';

/** `max-file-lines`: no file has more lines of code than the limit (lines as `code-lines.ts` counts them). */
export const MAX_FILE_LINES = {
  id: 'max-file-lines',
  description: (limit: number) => `No file longer than ${limit} lines of code`,
} as const;

/** Files over the limit, largest first, each on its line 1 (the file as a whole breaks the rule). */
export function evaluateMaxFileLines(files: readonly AnalysedFile[], limit: number): RuleEvaluation {
  const measured = files.filter((f) => f.facts !== undefined).map((f) => ({ file: f.file, module: f.module, lines: f.facts!.codeLines }));
  const largest = measured.reduce<(typeof measured)[number] | undefined>((max, f) => (max === undefined || f.lines > max.lines ? f : max), undefined);
  const over: ListedViolation[] = measured
    .filter((f) => f.lines > limit)
    .sort((a, b) => b.lines - a.lines || (a.file < b.file ? -1 : 1))
    .map((f) => ({ rule: MAX_FILE_LINES.id, module: f.module, file: f.file, line: 1, column: 1, lines: f.lines, message: `${f.lines} lines of code, over the limit of ${limit}` }));
  return {
    violations: over.length,
    checked: measured.length,
    unit: 'files',
    exceptions: 0,
    largest: largest ? { file: largest.file, lines: largest.lines } : null,
    listed: over,
    accepted: [],
  };
}
