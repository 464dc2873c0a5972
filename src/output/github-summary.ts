import { code, moduleTable, table } from '../report/markdown.js';
import type { MigrationReport, ModuleReport } from '../report/model.js';
import type { CheckSummary, Finding } from './check-format.js';

/**
 * GitHub accepts at most 1 MiB of job summary per step; tables past a few hundred rows are
 * unreadable anyway. The summary keeps the modules with the most left to do and the files with
 * the most findings, and says what it cut.
 */
export const SUMMARY_MODULE_ROWS = 100;
export const SUMMARY_FILE_ROWS = 20;
/** Far below GitHub's 1 MiB, whatever the names: a last cut, after the row limits. */
export const SUMMARY_MAX_BYTES = 128 * 1024;

export interface JobSummaryInput {
  readonly summary: CheckSummary;
  readonly findings: readonly Finding[];
  readonly report: MigrationReport;
  /** How many findings the step annotated (the rest are only here and in the log's other formats). */
  readonly annotated: number;
}

/** The Markdown `check --format github` appends to `GITHUB_STEP_SUMMARY`: totals, modules, top files. */
export function jobSummary(input: JobSummaryInput): string {
  const { summary, findings, report } = input;
  const fixable = findings.filter((f) => f.status === 'fixable').length;
  const baselined = summary.baselined === undefined ? '' : ` ${summary.baselined} accepted by the baseline.`;
  const lines = ['## migrate-errors check', ''];
  if (summary.findings === 0) lines.push(`No ${baselined ? 'new ' : ''}unmigrated sites in ${summary.files} files.${baselined}`, '');
  else {
    lines.push(
      `**${summary.findings} ${baselined ? 'new ' : ''}unmigrated site(s) in ${summary.unmigratedFiles} of ${summary.files} files** ` +
        `(${fixable} fixable by \`migrate-errors run\`, ${summary.findings - fixable} manual).${baselined}`,
      '',
      `${input.annotated} of them are annotated on the diff; all are in \`migrate-errors check\` (text or \`--format json\`).`,
      '',
    );
  }

  const modules = mostToDo(report.modules, SUMMARY_MODULE_ROWS);
  lines.push('### Per module', '', ...moduleTable(report, modules), '');
  if (modules.length < report.modules.length) {
    lines.push(`${report.modules.length - modules.length} more module(s) not shown (the ${SUMMARY_MODULE_ROWS} with the most to migrate are); \`migrate-errors report\` lists every one.`, '');
  }

  const files = topFiles(findings);
  if (files.length > 0) {
    const shown = files.slice(0, SUMMARY_FILE_ROWS);
    lines.push('### Top files', '', ...table(['File', 'Module', 'Findings', 'Fixable', 'Manual'], shown.map((f) => [code(f.file), code(f.module), `${f.fixable + f.manual}`, `${f.fixable}`, `${f.manual}`])), '');
    if (shown.length < files.length) lines.push(`${files.length - shown.length} more file(s) with findings not shown.`, '');
  }
  return capped(`${lines.join('\n').trimEnd()}\n`);
}

/** The modules with the most sites left (fixable and manual), in the report's order. */
function mostToDo(modules: readonly ModuleReport[], limit: number): ModuleReport[] {
  if (modules.length <= limit) return [...modules];
  const left = (m: ModuleReport): number => Object.values(m.sites).reduce((n, count) => n + count, 0) + m.manualSites;
  const kept = new Set([...modules].sort((a, b) => left(b) - left(a) || (a.name < b.name ? -1 : 1)).slice(0, limit));
  return modules.filter((m) => kept.has(m));
}

interface FileCount {
  readonly file: string;
  readonly module: string;
  fixable: number;
  manual: number;
}

function topFiles(findings: readonly Finding[]): FileCount[] {
  const counts = new Map<string, FileCount>();
  for (const f of findings) {
    const count = counts.get(f.file) ?? { file: f.file, module: f.module, fixable: 0, manual: 0 };
    if (f.status === 'manual') count.manual++;
    else count.fixable++;
    counts.set(f.file, count);
  }
  return [...counts.values()].sort((a, b) => b.fixable + b.manual - (a.fixable + a.manual) || b.manual - a.manual || (a.file < b.file ? -1 : 1));
}

/** Whole lines up to the byte budget, and a line that says the rest was cut. */
function capped(markdown: string): string {
  if (Buffer.byteLength(markdown) <= SUMMARY_MAX_BYTES) return markdown;
  const kept: string[] = [];
  let bytes = 0;
  for (const line of markdown.split('\n')) {
    bytes += Buffer.byteLength(line) + 1;
    if (bytes > SUMMARY_MAX_BYTES - 200) break;
    kept.push(line);
  }
  return `${kept.join('\n')}\n\n(The summary was cut at ${SUMMARY_MAX_BYTES / 1024} KiB; \`migrate-errors report\` has everything.)\n`;
}
