import { Command, CommanderError, Option } from 'commander';
import { BUILTIN_TRANSFORMS } from '../../transforms/index.js';
import { checkCommand, CHECK_FORMATS } from './commands/check.js';
import { initCommand } from './commands/init.js';
import { reportCommand } from './commands/report.js';
import { runCommand } from './commands/run.js';
import { UserError } from './errors.js';
import { processIo, type Io } from './io.js';
import type { CommonOptions } from './pipeline.js';
import { TOOL_VERSION } from './version.js';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

function withCommonOptions(command: Command): Command {
  return command
    .argument('[paths...]', 'files or folders to limit the work to (default: the whole repository)')
    .option('--config <file>', 'config file (default: the nearest migrate-errors.config.json, or "migrateErrors" in package.json)')
    .option('--project <tsconfig>', 'tsconfig of the project (default: the config\'s "project", else tsconfig.json at the root)')
    .option('--transform <ids>', 'only these transforms, comma-separated')
    .option('--skip <ids>', 'skip these transforms, comma-separated')
    .option('--include <glob>', 'include files matching the glob (repeatable; replaces the config\'s include)', collect)
    .option('--exclude <glob>', 'exclude files matching the glob (repeatable; added to the config\'s exclude)', collect)
    .option('--report <file.md>', 'write the Markdown report here; the JSON report goes beside it')
    .option('--no-color', 'never colour the output (also: NO_COLOR)');
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
    .addHelpText('after', `\nTransforms: ${BUILTIN_TRANSFORMS.map((t) => t.id).join(', ')}\nExit codes: 0 done, 1 unmigrated sites found (check) or files not written, 2 bad usage or config.`);

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
    .option('--print-report', 'print the Markdown report on stdout after the diff', false)
    .action(async (paths: string[], options: CommonOptions & { dryRun: boolean; force: boolean; printReport: boolean }) => {
      exitCode = await runCommand(paths, options, io);
    });

  withCommonOptions(program.command('check').description('for CI: exit 1 when anything is unmigrated'))
    .addOption(new Option('--format <format>', 'output format').choices(CHECK_FORMATS).default('text'))
    .action(async (paths: string[], options: CommonOptions & { format: string }) => {
      exitCode = await checkCommand(paths, options, io);
    });

  withCommonOptions(program.command('report').description('write the migration report only')).action(async (paths: string[], options: CommonOptions) => {
    exitCode = await reportCommand(paths, options, io);
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
    throw error;
  }
}
