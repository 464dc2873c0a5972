import path from 'node:path';
import { buildReport, type BuildValidation, type MigrationReport } from '../report/model.js';
import { readPreviousReport, writeReport } from '../report/write.js';
import { TOOL_VERSION } from './version.js';
import type { Analysis } from './pipeline.js';

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
  const markdownPath = target.flag
    ? path.resolve(target.flag)
    : config.report
      ? path.resolve(config.root, config.report)
      : target.alwaysTo
        ? path.resolve(config.root, target.alwaysTo)
        : undefined;
  const report = buildReport({
    command,
    toolVersion: TOOL_VERSION,
    root: config.root,
    transforms: analysis.transforms.map((t) => t.transform.id),
    outcomes: analysis.outcomes,
    modules: analysis.modules,
    wallTimeMs: performance.now() - analysis.startedAt,
    previous: markdownPath ? await readPreviousReport(markdownPath) : undefined,
    buildValidation: target.buildValidation,
  });
  if (markdownPath) await writeReport(markdownPath, report);
  return { report, writtenTo: markdownPath };
}
