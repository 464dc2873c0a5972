import path from 'node:path';
import { buildReport, type BuildValidation, type MigrationReport } from '../report/model.js';
import { readPreviousReport, writeReport } from '../report/write.js';
import type { ResolvedConfig } from '../config/load.js';
import { factsAfterEdits } from '../compliance/facts.js';
import { findTestsToUpdate } from './tests-to-update.js';
import { TOOL_VERSION } from './version.js';
import type { Analysis } from './pipeline.js';

/** Where the Markdown report goes (the JSON sits beside it), or undefined when it is not written. */
export function reportPath(config: ResolvedConfig, target: { flag?: string | undefined; alwaysTo?: string | undefined }): string | undefined {
  if (target.flag) return path.resolve(target.flag);
  if (config.report) return path.resolve(config.root, config.report);
  return target.alwaysTo ? path.resolve(config.root, target.alwaysTo) : undefined;
}

/**
 * The report of an analysis; written when `--report` or the config's `report` names a place
 * (`alwaysTo` gives the place when neither does, as for the `report` command).
 */
export async function reportFor(
  analysis: Analysis,
  command: MigrationReport['command'],
  target: { flag?: string | undefined; alwaysTo?: string | undefined; buildValidation?: BuildValidation | undefined },
): Promise<{ report: MigrationReport; writtenTo: string | undefined }> {
  const { config } = analysis;
  const markdownPath = reportPath(config, target);
  const report = buildReport({
    command,
    toolVersion: TOOL_VERSION,
    root: config.root,
    transforms: analysis.transforms.map((t) => t.transform.id),
    // `run` reports the code as it leaves it: the compliance facts of migrated files are measured again.
    outcomes: command === 'run' || command === 'dry-run' ? factsAfterEdits(analysis.outcomes, config) : analysis.outcomes,
    modules: analysis.modules,
    wallTimeMs: performance.now() - analysis.startedAt,
    previous: markdownPath ? await readPreviousReport(markdownPath) : undefined,
    buildValidation: target.buildValidation,
    compliance: config.compliance,
    skippedByDefault: analysis.skippedByDefault,
    // Only for a report that is written: finding them reads the test files.
    testsToUpdate: markdownPath ? findTestsToUpdate(config.root, analysis.outcomes) : undefined,
  });
  if (markdownPath) await writeReport(markdownPath, report);
  return { report, writtenTo: markdownPath };
}
