/**
 * `npm run e2e`: migrates real public repositories as a new user would (`init`, `check`, `run`),
 * then runs each repository's own type-check and test suite, `run` once more and `check` again.
 * One line per repository; exit 1 when any of them is harmed. See `--help`.
 *
 * It needs snapshots of the repositories (git folders at `<mirror>/<owner>+<name>/repo`) and the
 * npm registry for their dependencies, so it is not part of `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { OPEN_REPOS, type OpenRepo } from './repos.js';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let cliPath = path.join(PROJECT_ROOT, 'bin', 'migrate-errors.js');

const HELP = `usage: npm run e2e -- [options]

  --mirror <dir>     folder of repository snapshots, <owner>+<name>/repo each
                     (default: the nearest .mirror folder above the working directory)
  --repos <dir>      where the work trees go (default: open-repos beside the mirror folder)
  --only <names>     ${OPEN_REPOS.map((r) => r.name).join(', ')} (comma-separated)
  --cli <file>       the migrate-errors executable to try (default: this project's build), to
                     compare two builds on the same repositories
  --prove            migrate with \`run --test "<the repository's test command>"\`: modules whose
                     edits break its tests are found by bisection and rolled back
  --fresh-baseline   run each repository's type-check and tests before migrating even when an
                     earlier result for the same commit is saved
Each work tree is reset to its pinned commit first and left migrated afterwards, for a look.
Logs: <repos>/.logs/<name>.*.log`;

interface Baseline {
  readonly commit: string;
  readonly tscErrors: number;
  readonly passed: number;
  readonly failed: number;
}

interface Step {
  readonly status: number;
  readonly output: string;
}

class E2eError extends Error {}

function main(): number {
  const { values } = parseArgs({
    options: {
      mirror: { type: 'string' },
      repos: { type: 'string' },
      only: { type: 'string' },
      cli: { type: 'string' },
      'fresh-baseline': { type: 'boolean', default: false },
      prove: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (values.cli) cliPath = path.resolve(values.cli);
  else if (!existsSync(path.join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js'))) fail('the CLI is not built: run `npm run build` first');
  const mirror = path.resolve(values.mirror ?? findUp('.mirror') ?? fail('no .mirror folder above the working directory: pass --mirror <dir>'));
  const reposDir = path.resolve(values.repos ?? path.join(path.dirname(mirror), 'open-repos'));
  const names = values.only?.split(',').map((n) => n.trim()).filter(Boolean);
  const unknown = names?.filter((n) => !OPEN_REPOS.some((r) => r.name === n)) ?? [];
  if (unknown.length > 0) fail(`unknown repository ${unknown.join(', ')}; known: ${OPEN_REPOS.map((r) => r.name).join(', ')}`);
  const repos = OPEN_REPOS.filter((r) => !names || names.includes(r.name));

  mkdirSync(path.join(reposDir, '.logs'), { recursive: true });
  let harmed = 0;
  for (const repo of repos) {
    const line = migrateOne(repo, { mirror, reposDir, freshBaseline: values['fresh-baseline'], prove: values.prove });
    process.stdout.write(`${line.text}\n`);
    if (!line.ok) harmed++;
  }
  process.stdout.write(`${repos.length - harmed} passed, ${harmed} failed\n`);
  return harmed === 0 ? 0 : 1;
}

interface Options {
  readonly mirror: string;
  readonly reposDir: string;
  readonly freshBaseline: boolean;
  readonly prove: boolean;
}

function migrateOne(repo: OpenRepo, options: Options): { ok: boolean; text: string } {
  const dir = path.join(options.reposDir, repo.name);
  const log = (step: string): string => path.join(options.reposDir, '.logs', `${repo.name}.${step}.log`);
  const problems: string[] = [];
  const started = Date.now();

  for (const step of ['install', 'init', 'check', 'run', 'tsc', 'test', 'rerun', 'check-after']) rmSync(log(step), { force: true });
  prepareWorkTree(repo, dir, options.mirror, log('install'));
  const before = baseline(repo, dir, options, log);

  const init = cli(dir, ['init'], log('init'));
  if (init.status !== 0) problems.push(`init exited ${init.status}`);

  const writtenByInit = new Set(changedPaths(dir));
  const check = cli(dir, ['check', '--format', 'json'], log('check'));
  const findings = countFindings(check.output);
  const writtenByCheck = changedPaths(dir).filter((p) => !writtenByInit.has(p));
  if (check.status > 1) problems.push(`check exited ${check.status}`);
  if (writtenByCheck.length > 0) problems.push(`check wrote ${writtenByCheck.join(', ')}`);

  // With --prove, `run --test` runs the repository's own tests too and rolls back the modules whose edits break them.
  const args = options.prove ? ['run', '--test', testCommand(repo, dir, options.mirror)] : ['run'];
  const run = cli(dir, args, log('run'), { isolated: options.prove, path: dir });
  const rolledBack = run.output.match(/^rolled back module /gm)?.length ?? 0;
  // Exit 1 says that `--test` rolled modules back: that is the proof at work, not harm.
  if (run.status !== 0 && !(options.prove && run.status === 1 && rolledBack > 0)) problems.push(`run exited ${run.status}`);
  const migrated = gitDiffFiles(dir).length;

  const tscErrors = typeCheck(repo, dir, log('tsc'));
  if (tscErrors > before.tscErrors) problems.push(`${tscErrors - before.tscErrors} new type errors`);
  const tests = runTests(repo, dir, options.mirror, log('test'));
  if (tests.failed > before.failed || tests.passed < before.passed) problems.push(`tests ${tests.passed} passed, ${tests.failed} failed (before ${before.passed}/${before.failed})`);

  const diffBefore = gitDiff(dir);
  const rerun = cli(dir, ['run', '--force'], log('rerun'));
  const rerunChanged = gitDiff(dir) !== diffBefore;
  if (rerun.status !== 0) problems.push(`second run exited ${rerun.status}`);
  if (rerunChanged) problems.push('second run changed files');

  const after = cli(dir, ['check', '--format', 'json'], log('check-after'));
  const left = countFindings(after.output);
  if (left.fixable > 0) problems.push(`check after run: ${left.fixable} fixable`);

  const seconds = Math.round((Date.now() - started) / 1000);
  const text = [
    repo.name.padEnd(27),
    `findings ${String(findings.total).padStart(4)} (${findings.fixable} fixable)`,
    `migrated ${String(migrated).padStart(3)} files${options.prove ? ` (${rolledBack} modules rolled back by --test)` : ''}`,
    `tsc_errors=${tscErrors}`,
    `tests ${String(tests.passed).padStart(5)} passed ${tests.failed} failed (before ${before.passed}/${before.failed})`,
    `rerun ${rerunChanged ? 'CHANGED' : 'no change'}`,
    `fixable after ${left.fixable}`,
    `${seconds}s`,
    problems.length === 0 ? 'OK' : `FAIL: ${problems.join('; ')}`,
  ].join('  ');
  return { ok: problems.length === 0, text };
}

/** A detached work tree of the snapshot at the pinned commit, reset, with dependencies installed once. */
function prepareWorkTree(repo: OpenRepo, dir: string, mirror: string, logFile: string): void {
  const gitdir = snapshotGitDir(repo, mirror);
  if (!existsSync(path.join(dir, '.git'))) {
    sh(`git --git-dir=${quote(gitdir)} worktree add -q -f --detach ${quote(dir)} ${repo.commit}`, PROJECT_ROOT, logFile);
  }
  sh(`git reset -q --hard ${repo.commit} && git clean -qffdx -e node_modules`, dir, logFile);
  const stamp = path.join(dir, 'node_modules', '.open-repos-stamp');
  const recipe = `${repo.commit} ${repo.install}`;
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== recipe) {
    process.stderr.write(`e2e: installing ${repo.name} (${repo.install})\n`);
    sh(`rm -rf node_modules && ${repo.install}`, dir, logFile);
    writeFileSync(stamp, recipe);
  }
}

function snapshotGitDir(repo: OpenRepo, mirror: string): string {
  const base = path.join(mirror, repo.slug.replace('/', '+'), 'repo');
  const gitdir = existsSync(path.join(base, '.git')) ? path.join(base, '.git') : base;
  if (!existsSync(gitdir)) fail(`no snapshot of ${repo.slug} in ${mirror}: fetch it first (see the README, "End-to-end on real repositories")`);
  return gitdir;
}

/** The type-check and tests before migrating, saved per commit so that later runs skip them. */
function baseline(repo: OpenRepo, dir: string, options: Options, log: (step: string) => string): Baseline {
  const file = path.join(options.reposDir, '.logs', `${repo.name}.baseline.json`);
  if (!options.freshBaseline && existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Baseline;
    if (saved.commit === repo.commit) return saved;
  }
  const tscErrors = typeCheck(repo, dir, log('baseline-tsc'));
  const tests = runTests(repo, dir, options.mirror, log('baseline-test'));
  sh(`git clean -qffdx -e node_modules`, dir, log('baseline-tsc'));
  const result: Baseline = { commit: repo.commit, tscErrors, ...tests };
  writeFileSync(file, JSON.stringify(result));
  return result;
}

function typeCheck(repo: OpenRepo, dir: string, logFile: string): number {
  const step = sh(`tsc --noEmit -p ${quote(repo.tsconfig)} --pretty false`, dir, logFile, { allowFailure: true });
  const errors = step.output.match(/error TS\d+/g)?.length ?? 0;
  return step.status !== 0 && errors === 0 ? 1 : errors;
}

/** The repository's test command with its environment; temporary files stay in a folder of their own. */
function testCommand(repo: OpenRepo, dir: string, mirror: string): string {
  const tmp = path.join(path.dirname(dir), '.tmp', repo.name);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const gitdir = snapshotGitDir(repo, mirror);
  const env: Record<string, string> = { TMPDIR: tmp };
  for (const [key, value] of Object.entries(repo.testEnv ?? {})) env[key] = value.replace('{gitdir}', gitdir);
  const exports = Object.entries(env).map(([k, v]) => `export ${k}=${quote(v)};`).join(' ');
  return `${exports} ${repo.test}`;
}

/** Offline where this machine allows it: a network namespace with loopback only. */
function offline(command: string): string {
  return canIsolateNetwork() ? `unshare -n bash -c ${quote(`ip link set lo up && ${command}`)}` : command;
}

function runTests(repo: OpenRepo, dir: string, mirror: string, logFile: string): { passed: number; failed: number } {
  const step = sh(offline(testCommand(repo, dir, mirror)), dir, logFile, { allowFailure: true });
  rmSync(path.join(path.dirname(dir), '.tmp', repo.name), { recursive: true, force: true });
  // eslint-disable-next-line no-control-regex
  const text = step.output.replace(/\x1b\[[0-9;]*m/g, '');
  const number = (pattern: RegExp): number => {
    let last = 0;
    for (const match of text.matchAll(pattern)) last = Number(match[1]);
    return last;
  };
  const passed = number(/^\s*(\d+) passing/gm) || number(/^# pass (\d+)/gm);
  const failed = number(/^\s*(\d+) failing/gm) || number(/^# fail (\d+)/gm);
  return { passed, failed: step.status !== 0 && failed === 0 ? 1 : failed };
}

let isolation: boolean | undefined;
function canIsolateNetwork(): boolean {
  if (process.env['NET_ISOLATE'] === '0' || process.getuid?.() !== 0) return false;
  isolation ??= spawnSync('unshare', ['-n', 'true']).status === 0 && spawnSync('ip', ['-V']).status === 0;
  return isolation;
}

function cli(dir: string, args: readonly string[], logFile: string, options: { isolated?: boolean; path?: string } = {}): Step {
  const env = { ...process.env, NO_COLOR: '1', ...(options.path ? { PATH: `${path.join(options.path, 'node_modules', '.bin')}${path.delimiter}${process.env['PATH'] ?? ''}` } : {}) };
  const command = [process.execPath, cliPath, ...args].map(quote).join(' ');
  const result = spawnSync('bash', ['-c', options.isolated ? offline(command) : command], { cwd: dir, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, env });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  writeFileSync(logFile, `$ migrate-errors ${args.join(' ')}\n${output}\nexit ${result.status}\n`);
  return { status: result.status ?? 2, output: result.stdout ?? '' };
}

function countFindings(json: string): { total: number; fixable: number } {
  try {
    const parsed = JSON.parse(json) as { findings: Array<{ fixable: boolean }> };
    return { total: parsed.findings.length, fixable: parsed.findings.filter((f) => f.fixable).length };
  } catch {
    return { total: -1, fixable: -1 };
  }
}

function changedPaths(dir: string): string[] {
  const status = sh('git status --porcelain --untracked-files=all', dir, undefined).output;
  return status.split('\n').filter(Boolean).map((l) => l.slice(3));
}

function gitDiffFiles(dir: string): string[] {
  return sh('git diff --name-only', dir, undefined).output.split('\n').filter(Boolean);
}

/** The migration's diff, without the reports (their clock differs from run to run). */
function gitDiff(dir: string): string {
  return sh("git add -A -N . && git diff -- . ':!migration-report.md' ':!migration-report.json'", dir, undefined).output;
}

function sh(command: string, cwd: string, logFile: string | undefined, opts: { allowFailure?: boolean } = {}): Step {
  const env = { ...process.env, PATH: `${path.join(cwd, 'node_modules', '.bin')}${path.delimiter}${process.env['PATH'] ?? ''}` };
  const result = spawnSync('bash', ['-c', command], { cwd, env, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (logFile) writeFileSync(logFile, `$ ${command}\n${output}\nexit ${result.status}\n`, { flag: 'a' });
  const status = result.status ?? 1;
  if (status !== 0 && !opts.allowFailure) throw new E2eError(`\`${command}\` failed in ${cwd} (exit ${status})${logFile ? `; see ${logFile}` : ''}`);
  return { status, output };
}

function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function findUp(name: string): string | undefined {
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, name))) return path.join(dir, name);
    if (path.dirname(dir) === dir) return undefined;
  }
}

function fail(message: string): never {
  throw new E2eError(message);
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`e2e: ${error instanceof E2eError ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
