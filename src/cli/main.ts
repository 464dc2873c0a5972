import { Command, CommanderError, Option } from 'commander';
import { BUILTIN_TRANSFORMS } from '../../transforms/index.js';
import { catalogCommand, DEFAULT_CATALOG, type CatalogOptions } from './commands/catalog.js';
import { checkCommand, CHECK_FORMATS, type CheckOptions } from './commands/check.js';
import { initCommand } from './commands/init.js';
import { reportCommand, type ReportOptions } from './commands/report.js';
import { runCommand, type RunOptions } from './commands/run.js';
import { errorLine, PhaseError } from '../engine/phase-error.js';
import { UserError } from './errors.js';
import { processIo, type Io } from './io.js';
import type { CommonOptions } from './pipeline.js';
import { TOOL_VERSION } from './version.js';

const CACHE_HELP = 'reuse the findings of files whose text and dependencies have not changed since the last --cache run (analysed on one thread)';
const CACHE_LOCATION_HELP = 'the cache file, or a folder for it (default: .migrate-errors-cache at the root); implies --cache';
const JOBS_HELP = 'threads to analyse on, each taking whole modules (default 1; more pays only with more than 2 cores)';
const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** What every command that reads the repository's files takes: paths, config, tsconfig, file globs, colour. */
function withWorkspaceOptions(command: Command, limits = 'the work'): Command {
  return command
    .argument('[paths...]', `files or folders to limit ${limits} to (default: the whole repository)`)
    .option('--config <file>', 'config file (default: the nearest migrate-errors.config.json, or "migrateErrors" in package.json)')
    .option('--project <tsconfig>', 'tsconfig of the project (default: the config\'s "project", else tsconfig.json at the root)')
    .option('--include <glob>', 'include files matching the glob (repeatable; replaces the config\'s include)', collect)
    .option('--exclude <glob>', 'exclude files matching the glob (repeatable; added to the config\'s exclude)', collect)
    .option('--no-color', 'never colour the output (also: NO_COLOR)');
}

/** What every command that runs the transforms takes (SPEC section 3, "Common options"). */
function withCommonOptions(command: Command): Command {
  return withWorkspaceOptions(command)
    .option('--transform <ids>', 'only these transforms, comma-separated')
    .option('--skip <ids>', 'skip these transforms, comma-separated')
    .option('--report <file.md>', 'write the Markdown report here; the JSON report goes beside it')
    .option('-q, --quiet', 'print only errors, warnings and findings', false)
    .option('--verbose', 'also print every file written (run) and every site an opt-out covers (check)', false)
    .option('--shard <k/n>', 'only the modules of shard k of n (balanced by file count), for a CI matrix');
}

/** Runs the CLI and returns the exit code; only a bug escapes as an exception. */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const io: Io = processIo(argv.includes('--no-color'));
  const program = new Command('migrate-errors')
    .description('Migrate a TypeScript code base to one error-handling standard, report it per module, and keep it there in CI.')
    .version(TOOL_VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (text) => io.stderr.write(text), writeOut: (text) => io.stdout.write(text) })
    .addHelpText('after', `\nTransforms: ${BUILTIN_TRANSFORMS.map((t) => t.id).join(', ')}\nExit codes: 0 done, 1 unmigrated sites found (check) or files not written, 2 bad usage, bad config or an internal error.`);

  program
    .command('init')
    .description('write the config and the standard error module')
    .option('--dir <dir>', 'folder of the standard error module', 'src/errors')
    .option('--force', 'overwrite existing files', false)
    .action(async (options: { dir: string; force: boolean }) => {
      exitCode = await initCommand(options, io);
    });

  withCommonOptions(program.command('run').description('migrate in place (or print the diff with --dry-run)'))
    .option('--dry-run', 'print the unified diff and write nothing', false)
    .option('--force', 'run even when the git work tree has uncommitted changes', false)
    .addOption(new Option('--verify', 'verification is on by default (kept for older scripts)').hideHelp().default(true))
    .option('--no-verify', 'skip the type check before and after (by default a site whose edit adds a type error is reverted, and the run exits 1)')
    .option('--test <command>', 'run the project\'s tests before and after; roll back, by bisection, the modules whose edits make them fail (exit 1 if any)')
    .option('-i, --interactive', 'show each file\'s diff and ask before writing it', false)
    .option('--print-report', 'print the Markdown report on stdout after the diff', false)
    .action(async (paths: string[], options: RunOptions) => {
      exitCode = await runCommand(paths, { ...options, verifyAsked: argv.includes('--verify') }, io);
    });

  withCommonOptions(program.command('check').description('for CI: exit 1 when anything is unmigrated'))
    .addOption(new Option('--format <format>', 'output format').choices(CHECK_FORMATS).default('text'))
    .option('--baseline <file>', 'accepted findings: only findings it does not cover fail')
    .option('--update-baseline', 'write the current findings to the --baseline file and exit 0', false)
    .option('--changed-since <ref>', 'only files changed since a git ref (committed, staged and untracked)')
    .option('--compliance', 'also fail on violations of the config\'s compliance rules marked "fail": true', false)
    .option('--annotations <n>', 'github format: at most n fixable (error) and n manual (warning) annotations (default 10, what GitHub shows per step)')
    .option('--jobs <n>', JOBS_HELP)
    .option('--cache', CACHE_HELP, false)
    .option('--cache-location <file>', CACHE_LOCATION_HELP)
    .action(async (paths: string[], options: CheckOptions) => {
      exitCode = await checkCommand(paths, options, io);
    });

  withCommonOptions(program.command('report').description('write the migration report only'))
    .option('--merge <json...>', 'join the JSON reports of --shard runs into one report (no analysis)')
    .option('--jobs <n>', JOBS_HELP)
    .option('--cache', CACHE_HELP, false)
    .option('--cache-location <file>', CACHE_LOCATION_HELP)
    .action(async (paths: string[], options: ReportOptions) => {
      exitCode = await reportCommand(paths, options, io);
    });

  withWorkspaceOptions(program.command('catalog').description('write the error catalog (Markdown) of every error code in the code'), 'the catalog')
    .option('--output <file>', `where to write it (default: ${DEFAULT_CATALOG} at the root)`)
    .action(async (paths: string[], options: CatalogOptions) => {
      exitCode = await catalogCommand(paths, options, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; any usage error exits 2, as the SPEC says.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UserError) {
      io.stderr.write(`${io.err.red('migrate-errors:')} ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(internalErrorText(error, argv.includes('--verbose'), io));
    return 2;
  }
}

/**
 * A failure of the tool itself: one line naming the phase, for a CI log to show and a user to
 * report; the stack only with `--verbose`.
 */
function internalErrorText(error: unknown, verbose: boolean, io: Io): string {
  const cause = error instanceof PhaseError ? error.cause : error;
  const where = error instanceof PhaseError ? ` in ${error.phase}` : '';
  const line = `${io.err.red('migrate-errors:')} internal error${where}: ${errorLine(cause)}.`;
  if (!verbose) return `${line} Run again with --verbose to see the stack, and please report it.\n`;
  const stack = cause instanceof Error && cause.stack ? cause.stack : String(cause);
  return `${line}\n${stack}\n`;
}
