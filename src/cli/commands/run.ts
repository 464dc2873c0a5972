import { encodeSource } from '../../engine/source-text.js';
import { writeFileAtomic } from '../../engine/atomic-write.js';
import { renderMarkdown } from '../../report/markdown.js';
import { unifiedDiff } from '../../output/diff.js';
import { UserError } from '../errors.js';
import { dirtyFiles } from '../git.js';
import type { Io } from '../io.js';
import { reportFor } from '../outcome-report.js';
import { analyze, type CommonOptions } from '../pipeline.js';
import { progressFor } from '../progress.js';
import { countWhere, siteCounts, skippedLines } from '../summary.js';

export interface RunOptions extends CommonOptions {
  readonly dryRun: boolean;
  readonly force: boolean;
  /** Print the Markdown report on stdout after everything else (what `npm start` shows). */
  readonly printReport: boolean;
}

const MAX_DIRTY_LISTED = 10;

/** Refuses to write into uncommitted work unless `--force`: a migration must be reviewable as one diff. */
function guardWorkTree(root: string, io: Io): void {
  const dirty = dirtyFiles(root);
  if (dirty === undefined) {
    io.stderr.write(`${io.err.yellow('warning')}: ${root} is not in a git repository; the migration cannot be reviewed or undone with git.\n`);
    return;
  }
  if (dirty.length === 0) return;
  const listed = dirty.slice(0, MAX_DIRTY_LISTED).join(', ') + (dirty.length > MAX_DIRTY_LISTED ? `, and ${dirty.length - MAX_DIRTY_LISTED} more` : '');
  throw new UserError(`the git work tree has uncommitted changes (${listed}). Commit or stash them so the migration is one reviewable diff, or pass --force.`);
}

export async function runCommand(paths: readonly string[], options: RunOptions, io: Io): Promise<number> {
  const analysis = await analyze(paths, options, progressFor(io.stderr, true), {
    beforeFiles: (config) => {
      if (!options.dryRun && !options.force) guardWorkTree(config.root, io);
    },
  });
  const changed = analysis.outcomes.filter((o) => o.status === 'changed');
  const failed: string[] = [];

  if (options.dryRun) {
    for (const outcome of changed) {
      // The diff is of the bytes on disk, BOM included, so that `git apply` finds its context.
      const bom = outcome.source!.bom ? '\uFEFF' : '';
      io.stdout.write(unifiedDiff(outcome.file, bom + outcome.source!.text, bom + outcome.newText!, io.out));
    }
  } else {
    for (const outcome of changed) {
      try {
        await writeFileAtomic(outcome.absolute, encodeSource(outcome.source!, outcome.newText!));
      } catch (error) {
        failed.push(`${outcome.file}: not written: ${(error as Error).message}`);
      }
    }
  }

  const { report, writtenTo } = await reportFor(analysis, options.dryRun ? 'dry-run' : 'run', { flag: options.report });
  const summaryStream = options.dryRun ? io.stderr : io.stdout;
  const color = options.dryRun ? io.err : io.out;
  summaryStream.write(skippedLines(analysis.outcomes, color));
  for (const line of failed) summaryStream.write(`${color.red('error')} ${line}\n`);
  const manual = countWhere(analysis.outcomes, 'manual');
  const ignored = countWhere(analysis.outcomes, 'ignored');
  const verb = options.dryRun ? 'Would migrate' : 'Migrated';
  summaryStream.write(
    `${color.bold(`${verb} ${changed.length - failed.length} of ${analysis.outcomes.length} files`)}: ${siteCounts(changed)}. ` +
      `${manual} manual site(s), ${ignored} ignored` +
      (writtenTo ? `; report: ${writtenTo}` : '') +
      '.\n',
  );
  if (options.printReport) io.stdout.write(`\n${renderMarkdown(report)}`);
  return failed.length > 0 ? 1 : 0;
}
