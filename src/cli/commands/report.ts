import type { Io } from '../io.js';
import { reportFor } from '../outcome-report.js';
import { analyze, type CommonOptions } from '../pipeline.js';
import { progressFor } from '../progress.js';
import { skippedLines } from '../summary.js';
import { DEFAULT_REPORT, jsonPathFor } from '../../report/write.js';

/** Writes the report of the code as it is now, and what `run` would change; touches no source. */
export async function reportCommand(paths: readonly string[], options: CommonOptions, io: Io): Promise<number> {
  const analysis = await analyze(paths, options, progressFor(io.stderr, true));
  const { report, writtenTo } = await reportFor(analysis, 'report', { flag: options.report, alwaysTo: DEFAULT_REPORT });
  io.stderr.write(skippedLines(analysis.outcomes, io.err));
  const s = report.summary;
  io.stdout.write(
    `Report written to ${writtenTo} (and ${jsonPathFor(writtenTo!)}): ${s.filesScanned} files, ` +
      `${s.modules.complete}/${s.modules.total} modules complete, ${s.filesMigrated} file(s) to migrate, ${s.manualSites} manual site(s).\n`,
  );
  return 0;
}
