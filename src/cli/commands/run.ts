import { writeFileAtomic } from '../../engine/atomic-write.js';
import type { FileOutcome } from '../../engine/session.js';
import { encodeSource } from '../../engine/source-text.js';
import { verifyEdits, type VerifyResult } from '../../engine/verify.js';
import { unifiedDiff } from '../../output/diff.js';
import { renderMarkdown } from '../../report/markdown.js';
import { UserError } from '../errors.js';
import { dirtyFiles } from '../git.js';
import { watchForInterruption, type Interruption } from '../interruption.js';
import type { Io } from '../io.js';
import { reportFor } from '../outcome-report.js';
import { analyze, type CommonOptions } from '../pipeline.js';
import { progressFor } from '../progress.js';
import { reviewChanges } from '../review.js';
import { countWhere, directiveLines, siteCounts, skippedLines } from '../summary.js';

export interface RunOptions extends CommonOptions {
  readonly dryRun: boolean;
  readonly force: boolean;
  /** Type-check before and after; roll back files whose edits add diagnostics. */
  readonly verify: boolean;
  /** Show each file's diff and ask before writing it. */
  readonly interactive: boolean;
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
  if (options.interactive && options.dryRun) throw new UserError('--interactive and --dry-run do not go together: --dry-run writes nothing to review.');
  if (options.shard && !options.dryRun) {
    // Shards would each hand out error-code ranges from their own copy of the registry.
    throw new UserError('run --shard only goes with --dry-run: a migration writes one code registry, so run it unsharded (or module by module with paths).');
  }
  const interruption = watchForInterruption();
  try {
    return await migrate(paths, options, io, interruption);
  } finally {
    interruption.dispose();
  }
}

async function migrate(paths: readonly string[], options: RunOptions, io: Io, interruption: Interruption): Promise<number> {
  const analysis = await analyze(paths, options, progressFor(io.stderr, !options.quiet && !options.interactive), {
    beforeFiles: (config) => {
      if (!options.dryRun && !options.force) guardWorkTree(config.root, io);
    },
    forWriting: true,
  });
  if (interruption.signal) {
    io.stderr.write(`Interrupted (${interruption.signal}) before writing anything: every file is as it was.\n`);
    return interruption.exitCode;
  }

  let outcomes: FileOutcome[] = [...analysis.outcomes];
  let verification: VerifyResult | undefined;
  if (options.verify) {
    ({ outcomes, result: verification } = verifyEdits(analysis.project, outcomes));
  }
  let toWrite = outcomes.filter((o) => o.status === 'changed');
  const declined = new Set<string>();
  if (options.interactive) {
    const review = await reviewChanges(toWrite, io);
    toWrite = review.accepted;
    for (const outcome of review.declined) declined.add(outcome.file);
  }

  const summaryStream = options.dryRun ? io.stderr : io.stdout;
  const color = options.dryRun ? io.err : io.out;
  const written: string[] = [];
  const failed: Array<{ readonly file: string; readonly message: string }> = [];
  if (options.dryRun) {
    for (const outcome of toWrite) {
      // The diff is of the bytes on disk, BOM included, so that `git apply` finds its context.
      const bom = outcome.source!.bom ? '\uFEFF' : '';
      io.stdout.write(unifiedDiff(outcome.file, bom + outcome.source!.text, bom + outcome.newText!, io.out));
    }
  } else if (toWrite.length > 0) {
    // The code registry first: a code that a written file uses must never be handed out again.
    await analysis.codes.save();
    for (const outcome of toWrite) {
      if (interruption.signal) break;
      try {
        await writeFileAtomic(outcome.absolute, encodeSource(outcome.source!, outcome.newText!));
        written.push(outcome.file);
        if (options.verbose) summaryStream.write(`${color.green('wrote')} ${outcome.file} (${siteCounts([outcome])})\n`);
      } catch (error) {
        failed.push({ file: outcome.file, message: (error as Error).message });
      }
    }
  }
  if (interruption.signal) {
    io.stderr.write(
      `Interrupted (${interruption.signal}): wrote ${written.length} of ${toWrite.length} files${written.length > 0 ? `: ${written.join(', ')}` : ''}. ` +
        'Every other file is as it was; run again to finish.\n',
    );
    return interruption.exitCode;
  }

  const notWritten = new Set([...declined, ...failed.map((f) => f.file)]);
  const reported = outcomes.map((o) => (notWritten.has(o.file) && o.status === 'changed' ? { ...o, declined: true } : o));
  const { report, writtenTo } = await reportFor({ ...analysis, outcomes: reported }, options.dryRun ? 'dry-run' : 'run', {
    flag: options.report,
    buildValidation: verification,
  });

  summaryStream.write(skippedLines(outcomes, color) + directiveLines(outcomes, color));
  for (const f of failed) summaryStream.write(`${color.red('error')} ${f.file}: not written: ${f.message}\n`);
  if (verification) summaryStream.write(verificationLines(verification, color));
  if (!options.quiet) {
    const manual = countWhere(outcomes, 'manual');
    const ignored = countWhere(outcomes, 'ignored');
    const writtenFiles = new Set(written);
    const done = options.dryRun ? toWrite : toWrite.filter((o) => writtenFiles.has(o.file));
    summaryStream.write(
      `${color.bold(`${options.dryRun ? 'Would migrate' : 'Migrated'} ${done.length} of ${outcomes.length} files`)}: ${siteCounts(done)}. ` +
        `${manual} manual site(s), ${ignored} ignored` +
        (declined.size > 0 ? `, ${declined.size} file(s) skipped in review` : '') +
        (writtenTo ? `; report: ${writtenTo}` : '') +
        '.\n',
    );
  }
  if (options.printReport) io.stdout.write(`\n${renderMarkdown(report)}`);
  return failed.length > 0 || (verification?.rolledBack.length ?? 0) > 0 ? 1 : 0;
}

function verificationLines(result: VerifyResult, color: Io['out']): string {
  const head = `Type-check: ${result.diagnosticsBefore} error(s) before, ${result.diagnosticsAfter} after.`;
  if (result.rolledBack.length === 0) return `${color.green(head)}\n`;
  const lines = result.rolledBack.flatMap((r) => [`${color.red('rolled back')} ${r.file}: its edits add type errors:`, ...r.diagnostics.map((d) => `  ${r.file}:${d}`)]);
  return `${color.yellow(head)}\n${lines.join('\n')}\n`;
}
