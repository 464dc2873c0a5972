import { formatJson, formatText, isFinding } from '../../output/check-format.js';
import { UserError } from '../errors.js';
import type { Io } from '../io.js';
import { reportFor } from '../outcome-report.js';
import { analyze, type CommonOptions } from '../pipeline.js';
import { progressFor } from '../progress.js';
import { skippedLines } from '../summary.js';

export const CHECK_FORMATS = ['text', 'json'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export interface CheckOptions extends CommonOptions {
  readonly format: string;
}

/** For CI: exit 1 when anything is unmigrated, 0 when nothing is. */
export async function checkCommand(paths: readonly string[], options: CheckOptions, io: Io): Promise<number> {
  if (!(CHECK_FORMATS as readonly string[]).includes(options.format)) {
    throw new UserError(`--format ${options.format}: unknown format; use one of ${CHECK_FORMATS.join(', ')}.`);
  }
  const analysis = await analyze(paths, options, progressFor(io.stderr, options.format === 'text'));
  const findings = analysis.outcomes.flatMap((o) => o.sites.filter(isFinding));
  const summary = {
    files: analysis.outcomes.length,
    unmigratedFiles: new Set(findings.map((f) => f.file)).size,
    findings: findings.length,
  };
  await reportFor(analysis, 'check', { flag: options.report });
  io.stderr.write(skippedLines(analysis.outcomes, io.err));
  if (options.format === 'json') io.stdout.write(formatJson(analysis.config.root, summary, findings));
  else io.stdout.write(formatText(summary, findings, io.out));
  return findings.length > 0 ? 1 : 0;
}
