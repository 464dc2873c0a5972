import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { buildBaseline, matchBaseline, readBaseline, writeBaseline } from '../../baseline/baseline.js';
import { findingLines, formatJson, formatText, isFinding, verdict, type CheckSummary, type Finding } from '../../output/check-format.js';
import { formatGithub, GITHUB_ANNOTATION_LIMIT } from '../../output/github.js';
import { jobSummary } from '../../output/github-summary.js';
import type { MigrationReport } from '../../report/model.js';
import { formatSarif, type RuleInfo } from '../../output/sarif.js';
import { cacheLines } from '../../cache/outcome-cache.js';
import { UserError } from '../errors.js';
import type { Io } from '../io.js';
import { reportFor } from '../outcome-report.js';
import { analyze, standardNotYetLine, type Analysis, type CommonOptions } from '../pipeline.js';
import { progressFor } from '../progress.js';
import { directiveLines, skippedLines } from '../summary.js';
import { TOOL_VERSION } from '../version.js';
import { complianceFindings, failingRules } from '../../compliance/findings.js';

export const CHECK_FORMATS = ['text', 'json', 'github', 'sarif'] as const;

export interface CheckOptions extends CommonOptions {
  readonly format: string;
  /** A file of accepted findings: only findings it does not cover fail. */
  readonly baseline?: string;
  /** Rewrite the baseline with the current findings instead of checking. */
  readonly updateBaseline: boolean;
  /** `--compliance`: also fail on violations of the config's rules marked `"fail": true`. */
  readonly compliance?: boolean;
  /** `--annotations <n>` (github format): at most n fixable and n manual annotations. */
  readonly annotations?: string;
}

/** For CI: exit 1 when anything is unmigrated (and not accepted by the baseline), 0 when nothing is. */
export async function checkCommand(paths: readonly string[], options: CheckOptions, io: Io): Promise<number> {
  if (!(CHECK_FORMATS as readonly string[]).includes(options.format)) {
    throw new UserError(`--format ${options.format}: unknown format; use one of ${CHECK_FORMATS.join(', ')}.`);
  }
  if (options.updateBaseline && !options.baseline) {
    throw new UserError('--update-baseline needs --baseline <file> to know which file to write.');
  }
  const annotations = annotationLimit(options);
  const analysis = await analyze(paths, options, progressFor(io.stderr, options.format === 'text' && !options.quiet));
  io.stderr.write(standardNotYetLine(analysis, io.err) + cacheLines(analysis.cache, options.verbose === true, io.err));
  const findings = analysis.outcomes.flatMap((o) => o.sites.filter(isFinding));
  const analysed = new Set(analysis.outcomes.map((o) => o.file));
  const { report } = await reportFor(analysis, 'check', { flag: options.report });
  if (options.compliance) findings.push(...complianceFindings(report.compliance));
  io.stderr.write(skippedLines(analysis.outcomes, io.err) + directiveLines(analysis.outcomes, io.err));

  const baselineFile = options.baseline ? path.resolve(options.baseline) : undefined;
  const baseline = baselineFile ? await readBaseline(baselineFile) : undefined;
  if (baselineFile && options.updateBaseline) {
    const updated = buildBaseline(baseline, findings, analysed);
    await writeBaseline(baselineFile, updated);
    const entries = (b: typeof baseline) => (b ? b.findings.reduce((n, e) => n + e.count, 0) : 0);
    io.stdout.write(`Baseline ${options.baseline}: ${entries(updated)} accepted finding(s)${baseline ? ` (was ${entries(baseline)})` : ''}.\n`);
    return 0;
  }
  if (baselineFile && !baseline) {
    throw new UserError(`--baseline ${options.baseline}: no such file. Create it with \`migrate-errors check --baseline ${options.baseline} --update-baseline\`.`);
  }

  const { fresh, accepted, stale } = matchBaseline(baseline, findings, analysed);
  if (stale.length > 0) {
    const count = stale.reduce((n, e) => n + e.count, 0);
    io.stderr.write(
      `${io.err.yellow('baseline')}: ${count} accepted finding(s) in ${options.baseline} no longer occur (fixed); ` +
        `run \`migrate-errors check --baseline ${options.baseline} --update-baseline\` to shrink it.\n`,
    );
  }
  const summary: CheckSummary = {
    files: analysis.outcomes.length,
    unmigratedFiles: new Set(fresh.map((f) => f.file)).size,
    findings: fresh.length,
    ...(baseline ? { baselined: accepted.length } : {}),
  };
  if (options.format === 'github') {
    io.stdout.write(githubOutput(summary, fresh, report, annotations, options, io));
  } else {
    io.stdout.write(render(options.format, analysis, summary, fresh, io, options.quiet === true, options.compliance ? failingRules(report.compliance) : []));
  }
  if (options.verbose && options.format === 'text') {
    for (const site of analysis.outcomes.flatMap((o) => o.sites.filter((s) => s.status === 'ignored'))) {
      io.stdout.write(`${io.out.dim(`${site.file}:${site.line}:${site.column} ignored ${site.transform} ${site.message} (${site.reason})`)}\n`);
    }
  }
  return fresh.length > 0 ? 1 : 0;
}

function render(format: string, analysis: Analysis, summary: CheckSummary, findings: readonly Finding[], io: Io, quiet: boolean, complianceRules: readonly RuleInfo[]): string {
  switch (format) {
    case 'json':
      return formatJson(analysis.config.root, summary, findings);
    case 'sarif':
      return formatSarif(
        findings,
        [...analysis.transforms.filter((t) => t.transform.id !== 'import').map(({ transform }) => ({ id: transform.id, description: transform.description })), ...complianceRules],
        TOOL_VERSION,
      );
    default:
      // Quiet keeps the findings (what CI needs to show) and drops the closing summary.
      return quiet ? findingLines(findings, io.out).map((line) => `${line}\n`).join('') : formatText(summary, findings, io.out);
  }
}

/** `--annotations <n>`: a whole number, and only where there are annotations. */
function annotationLimit(options: CheckOptions): number {
  if (options.annotations === undefined) return GITHUB_ANNOTATION_LIMIT;
  if (options.format !== 'github') throw new UserError(`--annotations applies to --format github only (the format is ${options.format}).`);
  const limit = Number(options.annotations);
  if (!Number.isInteger(limit) || limit < 0) {
    throw new UserError(`--annotations ${options.annotations}: expected a whole number of annotations of each kind, 0 or more (GitHub shows at most ${GITHUB_ANNOTATION_LIMIT} per step).`);
  }
  return limit;
}

/**
 * Annotations (as many as GitHub shows), and with `GITHUB_STEP_SUMMARY` set (inside a GitHub
 * Actions job) a job summary with the totals, the per-module table and the top files.
 */
function githubOutput(summary: CheckSummary, findings: readonly Finding[], report: MigrationReport, limit: number, options: CheckOptions, io: Io): string {
  const summaryFile = process.env.GITHUB_STEP_SUMMARY;
  const githubOptions = { limit, changedOnly: options.changedSince !== undefined };
  const seeAlso = '`migrate-errors check` (text) or `--format json`';
  const { text, annotated } = formatGithub(findings, verdict(summary, findings, io.out), { ...githubOptions, seeAlso: summaryFile ? `the job summary, or ${seeAlso}` : seeAlso });
  if (summaryFile) {
    try {
      appendFileSync(summaryFile, `${jobSummary({ summary, findings, report, annotated })}\n`);
    } catch (error) {
      io.stderr.write(`${io.err.yellow('warning')}: cannot append the job summary to GITHUB_STEP_SUMMARY (${summaryFile}): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.\n`);
    }
  }
  return text;
}
