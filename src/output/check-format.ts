import type { ChalkInstance } from 'chalk';
import type { Site } from '../engine/site.js';

/** A site `check` fails on: everything not migrated and not opted out. */
export type Finding = Site & { readonly status: 'fixable' | 'manual' };

export const isFinding = (site: Site): site is Finding => site.status !== 'ignored';

export interface CheckSummary {
  readonly files: number;
  readonly unmigratedFiles: number;
  readonly findings: number;
  /** With `--baseline`: findings the baseline accepts (not counted in `findings`). */
  readonly baselined?: number;
}

/** The stable JSON of SPEC section 3 (`--format json`). */
export function formatJson(root: string, summary: CheckSummary, findings: readonly Finding[]): string {
  return `${JSON.stringify(
    {
      version: 1,
      root,
      summary,
      findings: findings.map((f) => ({
        file: f.file,
        line: f.line,
        column: f.column,
        endLine: f.endLine,
        endColumn: f.endColumn,
        transform: f.transform,
        module: f.module,
        message: f.status === 'manual' ? `${f.message} (manual: ${f.reason})` : f.message,
        fixable: f.status === 'fixable',
      })),
    },
    null,
    2,
  )}\n`;
}

/** Compiler-style lines (`file:line:column`), which editors and terminals link to the source. */
export function formatText(summary: CheckSummary, findings: readonly Finding[], color: ChalkInstance): string {
  const lines = findingLines(findings, color);
  return `${[...lines, ...(lines.length > 0 ? [''] : []), verdict(summary, findings, color)].join('\n')}\n`;
}

/** One `file:line:column` line per finding: the text format without its closing summary (what `--quiet` prints). */
export function findingLines(findings: readonly Finding[], color: ChalkInstance): string[] {
  return findings.map((f) => {
    const where = color.cyan(`${f.file}:${f.line}:${f.column}`);
    const kind = f.status === 'manual' ? color.yellow('manual') : color.red('unmigrated');
    const reason = f.status === 'manual' ? color.dim(` (${f.reason})`) : '';
    return `${where} ${kind} ${color.bold(f.transform)} ${f.message}${reason}`;
  });
}

/** The closing line of every human-readable format. */
export function verdict(summary: CheckSummary, findings: readonly Finding[], color: ChalkInstance): string {
  const fixable = findings.filter((f) => f.status === 'fixable').length;
  const accepted = summary.baselined === undefined ? '' : ` ${summary.baselined} accepted by the baseline.`;
  if (summary.findings === 0) return color.green(`No ${accepted ? 'new ' : ''}unmigrated sites in ${summary.files} files.`) + accepted;
  return (
    color.red(`${summary.findings} ${accepted ? 'new ' : ''}unmigrated site(s) in ${summary.unmigratedFiles} of ${summary.files} files`) +
    ` (${fixable} fixable by \`migrate-errors run\`, ${summary.findings - fixable} manual).` +
    accepted
  );
}
