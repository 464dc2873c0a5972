import path from 'node:path';
import { readJsonFile } from '../../config/json-file.js';
import { mergeReports } from '../../report/merge.js';
import type { MigrationReport } from '../../report/model.js';
import { DEFAULT_REPORT, jsonPathFor, writeReport } from '../../report/write.js';
import { cacheLines } from '../../cache/outcome-cache.js';
import type { Io } from '../io.js';
import { reportFor } from '../outcome-report.js';
import { analyze, type CommonOptions } from '../pipeline.js';
import { progressFor } from '../progress.js';
import { skippedLines } from '../summary.js';

export interface ReportOptions extends CommonOptions {
  /** `--merge <json...>`: join the JSON reports of `--shard` runs instead of analysing. */
  readonly merge?: string[];
}

/** Writes the report of the code as it is now, and what `run` would change; touches no source. */
export async function reportCommand(paths: readonly string[], options: ReportOptions, io: Io): Promise<number> {
  let report: MigrationReport;
  let writtenTo: string;
  if (options.merge) {
    const sources = options.merge.map((file) => path.resolve(file));
    report = mergeReports((await Promise.all(sources.map(readJsonFile))) as MigrationReport[], options.merge);
    writtenTo = path.resolve(options.report ?? DEFAULT_REPORT);
    await writeReport(writtenTo, report);
  } else {
    const analysis = await analyze(paths, options, progressFor(io.stderr, !options.quiet));
    ({ report, writtenTo } = (await reportFor(analysis, 'report', { flag: options.report, alwaysTo: DEFAULT_REPORT })) as { report: MigrationReport; writtenTo: string });
    io.stderr.write(cacheLines(analysis.cache, options.verbose === true, io.err) + skippedLines(analysis.outcomes, io.err));
  }
  const s = report.summary;
  if (!options.quiet) {
    io.stdout.write(
      `Report written to ${writtenTo} (and ${jsonPathFor(writtenTo)}): ${s.filesScanned} files, ` +
        `${s.modules.complete}/${s.modules.total} modules complete, ${s.filesMigrated} file(s) to migrate, ${s.manualSites} manual site(s).\n`,
    );
  }
  return 0;
}
