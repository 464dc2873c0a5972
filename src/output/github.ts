import type { Finding } from './check-format.js';

/** GitHub Actions workflow-command escaping: data and property values differ. */
const escapeData = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string): string => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * GitHub Actions shows at most 10 error and 10 warning annotations per step (and 50 per job) and
 * drops the rest without a word, so `check` chooses which to print and says how many it left out.
 */
export const GITHUB_ANNOTATION_LIMIT = 10;

export interface GithubOptions {
  /** At most this many `::error` (fixable) and as many `::warning` (manual) annotations. */
  readonly limit: number;
  /**
   * `--changed-since`: every finding is in a file the change touched, so they are annotated in
   * file and line order. Otherwise the annotations spread over the files, one per file first.
   */
  readonly changedOnly: boolean;
  /** Where all findings can be read: named by the closing notice. */
  readonly seeAlso: string;
}

/**
 * Workflow commands that a GitHub Actions log turns into annotations on the pull request's diff:
 * manual sites (a person has to decide) as warnings first, then fixable sites as errors, each
 * kind up to the limit; then one notice when some were left out, and the verdict.
 */
export function formatGithub(findings: readonly Finding[], summaryLine: string, options: GithubOptions): { readonly text: string; readonly annotated: number } {
  const manual = findings.filter((f) => f.status === 'manual');
  const fixable = findings.filter((f) => f.status === 'fixable');
  const choose = options.changedOnly ? inFileOrder : spreadOverFiles;
  const warnings = choose(manual, options.limit);
  const errors = choose(fixable, options.limit);
  const lines = [...warnings.map((f) => annotation('warning', f)), ...errors.map((f) => annotation('error', f))];
  const hidden = findings.length - warnings.length - errors.length;
  if (hidden > 0) {
    const parts = [
      ...(fixable.length > errors.length ? [`${fixable.length - errors.length} fixable`] : []),
      ...(manual.length > warnings.length ? [`${manual.length - warnings.length} manual`] : []),
    ];
    const message =
      `${hidden} more finding(s) not annotated (${parts.join(', ')}): this step annotates at most ${options.limit} fixable and ${options.limit} manual ` +
      `site(s) (--annotations). All of them: ${options.seeAlso}.`;
    lines.push(`::notice title=${escapeProperty('migrate-errors: more findings')}::${escapeData(message)}`);
  }
  return { text: `${[...lines, summaryLine].join('\n')}\n`, annotated: warnings.length + errors.length };
}

function annotation(kind: 'error' | 'warning', f: Finding): string {
  const title = `migrate-errors ${f.transform}${f.status === 'manual' ? ' (manual)' : ''}`;
  const properties = [
    `file=${escapeProperty(f.file)}`,
    `line=${f.line}`,
    `endLine=${f.endLine}`,
    `col=${f.column}`,
    `endColumn=${f.endColumn}`,
    `title=${escapeProperty(title)}`,
  ].join(',');
  const message = f.status === 'manual' ? `${f.message}: ${f.reason}` : `${f.message}; \`migrate-errors run\` fixes it`;
  return `::${kind} ${properties}::${escapeData(message)}`;
}

const byPosition = (a: Finding, b: Finding): number => compare(a.file, b.file) || a.line - b.line || a.column - b.column;
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The first `limit` findings by file, then position. */
function inFileOrder(findings: readonly Finding[], limit: number): Finding[] {
  return [...findings].sort(byPosition).slice(0, limit);
}

/**
 * One finding per file before a second one in any, the files with the most findings first: a
 * reviewer sees where the work is, not ten sites of the same file.
 */
function spreadOverFiles(findings: readonly Finding[], limit: number): Finding[] {
  const byFile = new Map<string, Finding[]>();
  for (const finding of [...findings].sort(byPosition)) {
    const list = byFile.get(finding.file);
    if (list) list.push(finding);
    else byFile.set(finding.file, [finding]);
  }
  const files = [...byFile.entries()].sort(([a, x], [b, y]) => y.length - x.length || compare(a, b)).map(([, list]) => list);
  const chosen: Finding[] = [];
  for (let round = 0; chosen.length < limit; round++) {
    const before = chosen.length;
    for (const list of files) {
      if (chosen.length === limit) break;
      const finding = list[round];
      if (finding) chosen.push(finding);
    }
    if (chosen.length === before) break;
  }
  return chosen;
}
