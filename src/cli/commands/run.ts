import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ts } from '#typescript';
import type { ResolvedConfig } from '../../config/load.js';
import { writeFileAtomic } from '../../engine/atomic-write.js';
import { namesTheStandardLacks } from '../../engine/module-exports.js';
import type { FileOutcome } from '../../engine/session.js';
import { encodeSource } from '../../engine/source-text.js';
import { verifyEdits, type VerifyResult } from '../../engine/verify.js';
import type { BuildValidation, TestValidation } from '../../report/model.js';
import { unifiedDiff } from '../../output/diff.js';
import { renderMarkdown } from '../../report/markdown.js';
import { DEFAULT_REPORT, jsonPathFor } from '../../report/write.js';
import { UserError } from '../errors.js';
import { dirtyFiles } from '../git.js';
import { watchForInterruption, type Interruption } from '../interruption.js';
import type { Io } from '../io.js';
import { reportFor, reportPath } from '../outcome-report.js';
import { recordRolledBack } from '../rolled-back.js';
import { analyze, standardNotYetLine, type CommonOptions } from '../pipeline.js';
import { progressFor } from '../progress.js';
import { reviewChanges } from '../review.js';
import { countWhere, directiveLines, siteCounts, skippedLines } from '../summary.js';
import { bisectModules, TEST_LOG, TestRunner } from './run-tests.js';

export interface RunOptions extends CommonOptions {
  readonly dryRun: boolean;
  readonly force: boolean;
  /** Type-check before and after; revert each site whose edit adds a diagnostic (`--no-verify`: false). */
  readonly verify: boolean;
  /** `--verify` given explicitly (verification is on anyway): the type-check line is printed. */
  readonly verifyAsked?: boolean;
  /** `--test "<cmd>"`: the project's own tests before and after; modules whose edits break them are rolled back. */
  readonly test?: string;
  /** Show each file's diff and ask before writing it. */
  readonly interactive: boolean;
  /** Print the Markdown report on stdout after everything else (what `npm start` shows). */
  readonly printReport: boolean;
}

const MAX_DIRTY_LISTED = 10;

/**
 * Refuses to write into uncommitted work unless `--force`: a migration must be reviewable as one
 * diff. The tool's own outputs do not count: the reports it rewrites, and what `init` wrote (the
 * config and the standard module) while they are new files, so that `init` then `run` just works.
 */
function guardWorkTree(config: ResolvedConfig, reports: readonly string[], io: Io): void {
  const root = config.root;
  const written = [config.source, path.resolve(root, config.standard.path)].filter((file): file is string => file !== undefined);
  const dirty = dirtyFiles(root, reports, written);
  if (dirty === undefined) {
    io.stderr.write(`${io.err.yellow('warning')}: ${root} is not in a git repository; the migration cannot be reviewed or undone with git.\n`);
    return;
  }
  if (dirty.length === 0) return;
  const listed = dirty.slice(0, MAX_DIRTY_LISTED).join(', ') + (dirty.length > MAX_DIRTY_LISTED ? `, and ${dirty.length - MAX_DIRTY_LISTED} more` : '');
  throw new UserError(`the git work tree has uncommitted changes (${listed}). Commit or stash them so the migration is one reviewable diff, or pass --force.`);
}

/** Before anything is written: every name the edits import must be one the standard module exports. */
function requireStandardExports(config: ResolvedConfig, compilerOptions: ts.CompilerOptions, outcomes: readonly FileOutcome[]): void {
  const missing = namesTheStandardLacks(config.standard, config.root, compilerOptions, outcomes.filter((o) => o.status === 'changed'));
  if (missing.length === 0) return;
  throw new UserError(
    `the standard module ${config.standard.path} does not export ${missing.join(', ')}, which the migration imports. ` +
      'Run `migrate-errors init` to write the standard elsewhere and point "standard.path" at it, or map the names in "standard.names".',
  );
}

export async function runCommand(paths: readonly string[], options: RunOptions, io: Io): Promise<number> {
  if (options.interactive && options.dryRun) throw new UserError('--interactive and --dry-run do not go together: --dry-run writes nothing to review.');
  if (options.test !== undefined && options.dryRun) throw new UserError('--test and --dry-run do not go together: --test runs the tests on the migrated files, and --dry-run writes none.');
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
  const status = statusLine(io.stderr, !options.quiet);
  let runner: TestRunner | undefined;
  const analysis = await analyze(paths, options, progressFor(io.stderr, !options.quiet && !options.interactive), {
    beforeFiles: (config) => {
      // The reports are rewritten whole by this run, so their own uncommitted changes do not count.
      const report = reportPath(config, { flag: options.report, alwaysTo: DEFAULT_REPORT })!;
      if (!options.dryRun && !options.force) guardWorkTree(config, [report, jsonPathFor(report)], io);
      // Before the analysis: a suite that fails already is reported at once.
      if (options.test !== undefined) runner = testsPassBefore(new TestRunner(options.test, config.root, status.show), status);
    },
    forWriting: true,
    requireStandard: !options.dryRun,
    keepAnalysed: options.verify,
  });
  io.stderr.write(standardNotYetLine(analysis, io.err));
  requireStandardExports(analysis.config, analysis.project.options, analysis.outcomes);
  if (interruption.signal) {
    io.stderr.write(`Interrupted (${interruption.signal}) before writing anything: every file is as it was.\n`);
    return interruption.exitCode;
  }

  let outcomes: FileOutcome[] = [...analysis.outcomes];
  let verification: VerifyResult | undefined;
  // Before `init` (a dry run) every import of the standard fails to type-check: nothing to verify yet.
  if (options.verify && !analysis.standardMissing) {
    ({ outcomes, result: verification } = verifyEdits(analysis.project, outcomes, status.show, analysis.analysed));
    status.done();
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

  const tests = runner ? validateWithTests(runner, outcomes, written, status) : undefined;
  if (tests) {
    const rolledBack = new Set(tests.modulesRolledBack.map((m) => m.module));
    const reason = (module: string): string => `rolled back by --test: the edits of module ${module} make \`${runner!.command}\` fail (see ${TEST_LOG})`;
    outcomes = outcomes.map((o) => (rolledBack.has(o.module) && o.status === 'changed' && written.includes(o.file) ? rolledBackOutcome(o, reason(o.module)) : o));
    const files = new Set(tests.modulesRolledBack.flatMap((m) => m.files));
    recordRolledBack(analysis.config.root, outcomes, files, (o) => reason(o.module));
    for (const file of tests.modulesRolledBack.flatMap((m) => m.files)) written.splice(written.indexOf(file), 1);
  }
  const notWritten = new Set([...declined, ...failed.map((f) => f.file)]);
  const reported = outcomes.map((o) => (notWritten.has(o.file) && o.status === 'changed' ? { ...o, declined: true } : o));
  const { report, writtenTo } = await reportFor({ ...analysis, outcomes: reported }, options.dryRun ? 'dry-run' : 'run', {
    flag: options.report,
    alwaysTo: options.dryRun ? undefined : DEFAULT_REPORT,
    buildValidation: buildValidation(verification, tests),
  });

  summaryStream.write(skippedLines(outcomes, color) + directiveLines(outcomes, color));
  for (const f of failed) summaryStream.write(`${color.red('error')} ${f.file}: not written: ${f.message}\n`);
  if (verification && (options.verbose || options.verifyAsked || verification.revertedSites.length > 0 || verification.rolledBack.length > 0)) {
    summaryStream.write(verificationLines(verification, color));
  }
  if (tests) summaryStream.write(testLines(tests, color));
  if (!options.quiet) {
    const manual = countWhere(outcomes, 'manual');
    const ignored = countWhere(outcomes, 'ignored');
    const writtenFiles = new Set(written);
    const done = options.dryRun ? toWrite : outcomes.filter((o) => o.status === 'changed' && writtenFiles.has(o.file));
    summaryStream.write(
      `${color.bold(`${options.dryRun ? 'Would migrate' : 'Migrated'} ${done.length} of ${outcomes.length} files`)}: ${siteCounts(done)}. ` +
        `${manual} manual site(s), ${ignored} ignored` +
        (declined.size > 0 ? `, ${declined.size} file(s) skipped in review` : '') +
        (writtenTo ? `; report: ${writtenTo}` : '') +
        '.\n',
    );
  }
  if (options.printReport) io.stdout.write(`\n${renderMarkdown(report)}`);
  const rolledBackAnything =
    (verification?.rolledBack.length ?? 0) > 0 || (verification?.revertedSites.length ?? 0) > 0 || (tests?.modulesRolledBack.length ?? 0) > 0 || tests?.passedAfter === false;
  return failed.length > 0 || rolledBackAnything ? 1 : 0;
}

function testsPassBefore(runner: TestRunner, progress: StatusLine): TestRunner {
  const before = runner.run('before', []);
  progress.done();
  if (!before.passed) {
    throw new UserError(`the tests fail before migrating (\`${runner.command}\`; output in ${TEST_LOG}). Make them pass first: --test rolls back the edits that break them, which needs a passing start.`);
  }
  return runner;
}

interface StatusLine {
  readonly show: (text: string) => void;
  readonly done: () => void;
}

/** One line on a terminal's stderr, rewritten in place (which test run, which modules); nothing elsewhere. */
function statusLine(stream: NodeJS.WriteStream, enabled: boolean): StatusLine {
  if (!enabled || !stream.isTTY) return { show() {}, done() {} };
  let shown = false;
  return {
    show(text) {
      shown = true;
      stream.write(`\r\x1b[K${text.slice(0, Math.max(20, (stream.columns || 80) - 1))}`);
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}

function buildValidation(verification: VerifyResult | undefined, tests: TestValidation | undefined): BuildValidation | undefined {
  if (verification) return { typeChecked: true, ...verification, ...(tests ? { tests } : {}) };
  if (tests) return { typeChecked: false, diagnosticsBefore: 0, diagnosticsAfter: 0, rolledBack: [], tests };
  return undefined;
}

/**
 * Runs the tests on the written files; when they fail, bisects over the modules whose files were
 * written, rolls the culprits back on disk and confirms the tests pass.
 */
function validateWithTests(runner: TestRunner, outcomes: readonly FileOutcome[], written: readonly string[], progress: StatusLine): TestValidation {
  const writtenSet = new Set(written);
  const writtenOutcomes = outcomes.filter((o) => o.status === 'changed' && writtenSet.has(o.file));
  const modules = [...new Set(writtenOutcomes.map((o) => o.module))];
  const after = runner.run('after', []);
  let modulesRolledBack: TestValidation['modulesRolledBack'] = [];
  let passedAfter = after.passed;
  if (!after.passed && modules.length > 0) {
    const apply = (rolledBack: readonly string[]): void => {
      const back = new Set(rolledBack);
      for (const o of writtenOutcomes) writeFileSync(o.absolute, encodeSource(o.source!, back.has(o.module) ? o.source!.text : o.newText!));
    };
    const found = bisectModules(modules, after.tail, runner, apply);
    const culprits = found.passes ? found.culprits : modules.map((module) => ({ module, outputTail: after.tail }));
    if (!found.passes) apply(modules);
    passedAfter = found.passes;
    modulesRolledBack = culprits.map((c) => ({ module: c.module, files: writtenOutcomes.filter((o) => o.module === c.module).map((o) => o.file), outputTail: c.outputTail }));
  }
  progress.done();
  return {
    command: runner.command,
    log: TEST_LOG,
    runs: runner.runs.map(({ kind, rolledBack, passed, ms }) => ({ kind, rolledBack, passed, ms })),
    passedBefore: true,
    passedAfter,
    modulesRolledBack,
  };
}

/** A written file put back as it was: its migrated sites are manual, with why. */
function rolledBackOutcome(outcome: FileOutcome, reason: string): FileOutcome {
  const { newText: _gone, edits: _edits, ...rest } = outcome;
  return { ...rest, status: 'unchanged', sites: outcome.sites.map((s) => (s.status === 'fixable' ? { ...s, status: 'manual', reason } : s)) };
}

function testLines(tests: TestValidation, color: Io['out']): string {
  const head = `Tests (\`${tests.command}\`): passed before; ${tests.runs.length} run(s); output in ${tests.log}.`;
  if (tests.modulesRolledBack.length === 0) return `${color.green(`${head} They pass after migrating.`)}\n`;
  const lines = tests.modulesRolledBack.map((m) => `${color.red('rolled back')} module ${m.module} (${m.files.join(', ')}): its edits make the tests fail.`);
  const end = tests.passedAfter ? 'They pass with those modules rolled back.' : 'They still fail with every module rolled back: every edit was rolled back.';
  return `${color.yellow(head)}\n${lines.join('\n')}\n${end}\n`;
}

function verificationLines(result: VerifyResult, color: Io['out']): string {
  const head = `Type-check of the ${result.filesChecked} file(s) the edits can affect: ${result.diagnosticsBefore} error(s) before, ${result.diagnosticsAfter} after.`;
  if (result.rolledBack.length === 0 && result.revertedSites.length === 0) return `${color.green(head)}\n`;
  const sites = result.revertedSites.map((r) => `${color.red('reverted')} ${r.file}:${r.line}:${r.column} (${r.transform}): ${r.reason}`);
  const files = result.rolledBack.flatMap((r) => [`${color.red('rolled back')} ${r.file}: its edits together add type errors:`, ...r.diagnostics.map((d) => `  ${d}`)]);
  return `${color.yellow(head)}\n${[...sites, ...files].join('\n')}\n`;
}
