/**
 * `npm run bench`: measures `check` and `run --dry-run` against `tsc --noEmit` and typescript-eslint
 * on a pinned public corpus and on generated repositories of 1,000, 2,000 and 5,000 files, and
 * writes the tables to BENCHMARK.md. See `--help`.
 */
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ts } from '#typescript';
import { CORPUS_PACKAGE, CORPUS_VERSION, prepareCorpus, type CorpusInfo } from './corpus.js';
import { generateRepo, loadSample } from './generate.js';
import { detectRssMethod, measure, runProcess, type Measurement, type RssMethod } from './measure.js';
import { renderProfile, summarizeProfile } from './profile.js';
import { linkNodeModules } from './repo-files.js';
import { renderReport, type Environment, type RepoResult, type ToolResult } from './render.js';
import { isCacheTool, TOOL_IDS, TOOL_LABELS, toolSpec, tscFileCount, type BenchRepo, type ToolId } from './tools.js';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const REPO_IDS = ['corpus', '1000', '2000', '5000'] as const;
const HELP = `usage: npm run bench -- [options]

  --runs <n>          runs of each command; the median is reported (default 3)
  --only <ids>        corpus,1000,2000,5000 (comma-separated or repeated; default all)
  --tools <ids>       check,check-jobs2,dry-run,run,tsc,eslint,cache-cold,cache-warm,cache-leaf,cache-shared
                      (default all; the cache-* ones only on corpus and 2000 unless named)
  --out <file>        write the Markdown here (default BENCHMARK.md for a full run, none otherwise)
  --profile <ids>     also profile one \`check\` (node --cpu-prof) on these repositories
                      (default corpus,2000 for a full run, none otherwise)
  --cache-dir <dir>   where the corpus and the generated repositories go (default .bench-cache)
  --rss time|node     how to read peak RSS (default: GNU time if present, see bench/measure.ts)
  --render <jsons>    measure nothing: redo the Markdown from saved runs (.bench-cache/results-*.json),
                      merged when several (comma-separated or repeated)
`;

const log = (line: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

function list(values: readonly string[] | undefined, allowed: readonly string[], what: string): string[] | undefined {
  if (!values) return undefined;
  const items = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const bad = items.filter((i) => !allowed.includes(i));
  if (bad.length > 0) throw new UsageError(`unknown ${what} ${bad.join(', ')}; choose from ${allowed.join(', ')}`);
  return items;
}

class UsageError extends Error {}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      only: { type: 'string', multiple: true },
      tools: { type: 'string', multiple: true },
      out: { type: 'string' },
      profile: { type: 'string', multiple: true },
      'cache-dir': { type: 'string', default: '.bench-cache' },
      rss: { type: 'string' },
      render: { type: 'string', multiple: true },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.render) {
    const files = values.render.flatMap((v) => v.split(',')).filter(Boolean);
    const saved = merge(await Promise.all(files.map(async (f) => JSON.parse(await fs.readFile(path.resolve(f), 'utf8')) as SavedRun)));
    // With --profile: summarise the profiles kept in the cache again (after a change to profile.ts).
    const profileIds = list(values.profile, REPO_IDS, 'repository') ?? [];
    const cacheDir = path.resolve(PROJECT_ROOT, values['cache-dir']!);
    const profiles = profileIds.length === 0 ? saved.profiles : (await Promise.all(profileIds.map((id) => summarizeSaved(cacheDir, saved, id)))).join('\n');
    await emit({ ...saved, profiles }, values.out);
    return 0;
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError('--runs takes a whole number of at least 1');
  const only = list(values.only, REPO_IDS, 'repository') ?? [...REPO_IDS];
  const tools = (list(values.tools, TOOL_IDS, 'tool') as ToolId[] | undefined) ?? [...TOOL_IDS];
  const fullRun = values.only === undefined && values.tools === undefined;
  // A full run writes BENCHMARK.md, which shows the profiles of the public corpus and of 2,000 files.
  const profileIds = list(values.profile, REPO_IDS, 'repository') ?? (fullRun ? ['corpus', '2000'] : []);
  if (values.rss !== undefined && values.rss !== 'time' && values.rss !== 'node') throw new UsageError('--rss takes time or node');
  const rssMethod: RssMethod = (values.rss as RssMethod | undefined) ?? (await detectRssMethod());
  const out = values.out ?? (fullRun ? 'BENCHMARK.md' : undefined);
  const cacheDir = path.resolve(PROJECT_ROOT, values['cache-dir']!);
  const outDir = path.join(cacheDir, 'out');

  requireInstalled();
  await fs.mkdir(outDir, { recursive: true });
  const cli = await snapshotCli(cacheDir);
  const commit = await describeCommit();
  const loadBefore = os.loadavg();
  log(`${runs} run(s) each of ${tools.join(', ')} on ${only.join(', ')}; peak RSS via ${rssMethod}; load ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`);

  let corpus: CorpusInfo | undefined;
  const repos: BenchRepo[] = [];
  if (only.includes('corpus') || profileIds.includes('corpus')) {
    corpus = await prepareCorpus(cacheDir, PROJECT_ROOT, log);
    repos.push(corpus.repo);
  }
  const sizes = REPO_IDS.filter((id) => id !== 'corpus' && (only.includes(id) || profileIds.includes(id)));
  if (sizes.length > 0) {
    const sample = await loadSample(path.join(PROJECT_ROOT, 'fixtures', 'sample-repo'));
    log(`sample repository: ${sample.files.length} files per copy (sources ${sample.hash})`);
    for (const size of sizes) {
      const repo = await generateRepo(sample, cacheDir, Number(size), PROJECT_ROOT);
      log(`generated ${repo.dir} (${repo.expectedFiles} files)`);
      repos.push(repo);
    }
  }

  const results: RepoResult[] = [];
  const savedFile = path.join(cacheDir, `results-${only.join('-')}.json`);
  const save = async (profiles: string): Promise<SavedRun> => {
    const saved: SavedRun = { env: await environment(runs, rssMethod, loadBefore, commit), results, corpus, rssMethod, profiles };
    // Everything the report is made of, after every repository: `--render` can redo the Markdown
    // (or merge runs) without measuring again, even when a long run had to be stopped.
    await fs.writeFile(savedFile, JSON.stringify(saved, null, 2));
    return saved;
  };
  for (const repo of repos.filter((r) => only.includes(r.id))) {
    // `check --cache` is measured where the targets are judged, unless asked for by name.
    const repoTools = tools.filter((tool) => !isCacheTool(tool) || values.tools !== undefined || repo.id === 'corpus' || repo.id === '2000');
    results.push(await benchRepo(repo, repoTools, runs, rssMethod, outDir, cli));
    await save('');
  }

  const profiles: string[] = [];
  for (const repo of repos.filter((r) => profileIds.includes(r.id))) profiles.push(await profileCheck(repo, cacheDir, cli));

  const saved = await save(profiles.join('\n'));
  log(`saved ${path.relative(PROJECT_ROOT, savedFile)}`);
  await emit(saved, out);
  return 0;
}

/** Several saved runs as one report (e.g. the 5,000-file repository measured separately). */
function merge(runs: readonly SavedRun[]): SavedRun {
  const [first, ...rest] = runs;
  if (!first) throw new UsageError('--render needs at least one saved run');
  const results = new Map<string, RepoResult>();
  for (const run of runs) {
    for (const r of run.results) {
      // A later run replaces the repository's results; say when it was measured and how busy the machine was.
      const when = `Measured in a separate run on ${run.env.date}${run.env.commit ? ` (at ${run.env.commit})` : ''}, load average ${run.env.loadBefore.map((l) => l.toFixed(2)).join(' / ')} before and ${run.env.loadAfter.map((l) => l.toFixed(2)).join(' / ')} after.`;
      results.set(r.repo.id, run === first ? r : { ...r, notes: [...r.notes, when] });
    }
  }
  const order = (id: string): number => REPO_IDS.indexOf(id as (typeof REPO_IDS)[number]);
  const last = rest.at(-1) ?? first;
  return {
    env: { ...first.env, runs: Math.min(...runs.map((r) => r.env.runs)), loadAfter: last.env.loadAfter },
    results: [...results.values()].sort((a, b) => order(a.repo.id) - order(b.repo.id)),
    corpus: runs.find((r) => r.corpus)?.corpus,
    rssMethod: first.rssMethod,
    profiles: runs.map((r) => r.profiles).filter(Boolean).join('\n'),
  };
}

interface SavedRun {
  readonly env: Environment;
  readonly results: RepoResult[];
  readonly corpus: CorpusInfo | undefined;
  readonly rssMethod: RssMethod;
  readonly profiles: string;
}

async function emit(saved: SavedRun, out: string | undefined): Promise<void> {
  const report = renderReport({ env: saved.env, results: saved.results, method: methodText(saved.corpus, saved.rssMethod), profiles: saved.profiles });
  process.stdout.write(`${report}\n`);
  if (out) {
    await fs.writeFile(path.resolve(PROJECT_ROOT, out), report);
    log(`wrote ${out}`);
  }
}

/** The baselines and our build must be there; installing them is package.json's job, not ours. */
function requireInstalled(): void {
  const needed = [
    ['dist/src/cli/main.js', 'run `npm run build` (npm run bench does)'],
    ['node_modules/typescript/bin/tsc', 'run `npm install`'],
    ['node_modules/eslint/bin/eslint.js', 'run `npm install` (eslint is a devDependency)'],
    ['node_modules/typescript-eslint/package.json', 'run `npm install` (typescript-eslint is a devDependency)'],
    ['node_modules/@types/node/package.json', 'run `npm install`'],
  ];
  for (const [file, fix] of needed) if (!existsSync(path.join(PROJECT_ROOT, file!))) throw new UsageError(`${file} is missing: ${fix}`);
}

/**
 * Copies the built CLI (bin, dist, package.json, the standard module's source that `init` reads)
 * into the cache and measures that copy: a full run takes an hour, and a `npm run build` or
 * `npm test` elsewhere in the work tree meanwhile must not change what is being measured.
 */
async function snapshotCli(cacheDir: string): Promise<string> {
  const dir = path.join(cacheDir, 'cli');
  await fs.rm(dir, { recursive: true, force: true });
  for (const part of ['bin', 'dist/src', 'dist/transforms', 'package.json', 'src/standard/errors-module.ts']) {
    const from = path.join(PROJECT_ROOT, part);
    if (!existsSync(from)) continue;
    await fs.mkdir(path.dirname(path.join(dir, part)), { recursive: true });
    await fs.cp(from, path.join(dir, part), { recursive: true });
  }
  await linkNodeModules(dir, PROJECT_ROOT);
  return path.join(dir, 'bin', 'migrate-errors.js');
}

/**
 * Runs every tool `runs` times, interleaved (every tool once, then again), so a
 * change in the machine's background load spreads over all tools instead of hitting one.
 */
async function benchRepo(repo: BenchRepo, tools: readonly ToolId[], runs: number, rssMethod: RssMethod, outDir: string, cli: string): Promise<RepoResult> {
  const notes: string[] = [];
  const tscFiles = tools.includes('tsc') ? await tscFileCount(repo, PROJECT_ROOT) : undefined;
  const measured = new Map<ToolId, { runs: Measurement[]; output: ToolResult['output']; failure: string | undefined }>();
  for (let run = 1; run <= runs; run++) {
    for (const tool of tools) {
      const entry = measured.get(tool) ?? { runs: [], output: undefined, failure: undefined };
      measured.set(tool, entry);
      if (entry.failure) continue; // a tool that failed once is not timed again: its numbers mean nothing
      const spec = toolSpec(tool, repo, PROJECT_ROOT, outDir, cli);
      const undo = await spec.prepare?.();
      const m = await measure(spec.command, rssMethod, path.join(outDir, 'rss'));
      await undo?.();
      entry.runs.push(m);
      if (!m.ok) {
        const tail = m.stderr.trim().split('\n').slice(-3).join(' / ') || (await fs.readFile(spec.command.stdoutFile, 'utf8')).trim().split('\n').slice(0, 3).join(' / ');
        entry.failure = `exit ${m.exitCode ?? 'killed (time-out)'}: ${tail.slice(0, 600)}`;
        log(`[${repo.id}] ${tool} FAILED: ${entry.failure}`);
        continue;
      }
      const stdout = await fs.readFile(spec.command.stdoutFile, 'utf8');
      const output = await spec.read(stdout, m.stderr).catch((error: Error) => {
        entry.failure = `its output could not be read (${error.message})`;
        return undefined;
      });
      // Every run must do the same work; a different count means the repository changed under us.
      if (entry.output && output && entry.output.files !== output.files) notes.push(`${TOOL_LABELS[tool]} processed ${entry.output.files} files in one run and ${output.files} in another.`);
      entry.output = output;
      log(`[${repo.id}] run ${run}/${runs} ${tool}: ${(m.wallMs / 1000).toFixed(1)} s (CPU ${m.cpuMs === undefined ? '?' : (m.cpuMs / 1000).toFixed(1)} s), ${m.peakRssKb === undefined ? '?' : Math.round((m.peakRssKb * 1024) / 1e6)} MB, ${output?.files ?? '?'} files`);
    }
  }
  for (const tool of ['check', 'check-jobs2', 'dry-run', 'run', 'cache-cold', 'cache-warm', 'cache-leaf', 'cache-shared'] as const) {
    const files = measured.get(tool)?.output?.files;
    if (files !== undefined && files !== repo.expectedFiles) notes.push(`${TOOL_LABELS[tool]} processed ${files} files, but the repository has ${repo.expectedFiles} to migrate.`);
  }
  const eslintFiles = measured.get('eslint')?.output?.files;
  if (eslintFiles !== undefined && eslintFiles !== repo.expectedFiles) notes.push(`ESLint linted ${eslintFiles} files, but the repository has ${repo.expectedFiles}.`);
  const tools_ = Object.fromEntries([...measured].map(([tool, e]) => [tool, { runs: e.runs, output: e.output, failure: e.failure }]));
  return { repo, tools: tools_, tscFiles, notes };
}

async function summarizeSaved(cacheDir: string, saved: SavedRun, id: string): Promise<string> {
  const dir = path.join(cacheDir, 'profiles', id);
  const profile = (await fs.readdir(dir).catch(() => [] as string[])).find((f) => f.endsWith('.cpuprofile'));
  if (!profile) throw new UsageError(`no .cpuprofile in ${dir}: run with --profile ${id} first`);
  const title = saved.results.find((r) => r.repo.id === id)?.repo.title ?? id;
  return renderProfile(await summarizeProfile(path.join(dir, profile), 15, PROJECT_ROOT), `${title} (\`${path.relative(PROJECT_ROOT, path.join(dir, profile))}\`)`);
}

/** One `check` under `node --cpu-prof`, summarised (its time is not used in the tables). */
async function profileCheck(repo: BenchRepo, cacheDir: string, cli: string): Promise<string> {
  const dir = path.join(cacheDir, 'profiles', repo.id);
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  log(`[${repo.id}] profiling check ...`);
  const result = await runProcess(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, cli, 'check', '--format', 'json', '--no-color'], {
    cwd: repo.dir,
    stdoutFile: path.join(dir, 'check.json'),
  });
  const profile = (await fs.readdir(dir)).find((f) => f.endsWith('.cpuprofile'));
  if (!profile) return `#### ${repo.title}\n\nNo profile was written (exit ${result.exitCode}): ${result.stderr.trim().split('\n').slice(-2).join(' / ')}\n`;
  const summary = await summarizeProfile(path.join(dir, profile), 15, PROJECT_ROOT);
  return renderProfile(summary, `${repo.title} (\`${path.relative(PROJECT_ROOT, path.join(dir, profile))}\`)`);
}

/** The commit the measured build was made from: read when the CLI is snapshotted, not at the end. */
async function describeCommit(): Promise<string | undefined> {
  const commit = await runProcess('git', ['rev-parse', '--short', 'HEAD'], { cwd: PROJECT_ROOT }).catch(() => undefined);
  if (commit?.exitCode !== 0) return undefined;
  // --no-optional-locks: read-only, never refreshes the index of a work tree others are using.
  const status = await runProcess('git', ['--no-optional-locks', 'status', '--porcelain', '--untracked-files=no'], { cwd: PROJECT_ROOT }).catch(() => undefined);
  const changed = status?.exitCode === 0 ? status.stdout.split('\n').filter(Boolean).length : 0;
  return `${commit.stdout.trim()}${changed > 0 ? ` plus uncommitted changes to ${changed} files` : ''}`;
}

async function environment(runs: number, rssMethod: RssMethod, loadBefore: number[], commit: string | undefined): Promise<Environment> {
  const version = async (pkg: string): Promise<string> =>
    ((JSON.parse(await fs.readFile(path.join(PROJECT_ROOT, pkg === 'migrate-errors' ? '' : `node_modules/${pkg}`, 'package.json'), 'utf8')) as { version: string }).version);

  const cpus = os.cpus();
  return {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    cores: cpus.length,
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    memoryGb: os.totalmem() / 1024 ** 3,
    node: process.versions.node,
    os: `${os.type()} ${os.release()}`,
    versions: {
      'migrate-errors': await version('migrate-errors'),
      'ts-morph': await version('ts-morph'),
      'ts-morph typescript': ts.version,
      typescript: await version('typescript'),
      eslint: await version('eslint'),
      'typescript-eslint': await version('typescript-eslint'),
    },
    commit,
    runs,
    rssMethod: rssMethod === 'time' ? 'GNU time (`/usr/bin/time -f %M`, ru_maxrss from wait4)' : 'a preloaded module writing `process.resourceUsage().maxRSS` at exit (bench/rss-preload.ts)',
    loadBefore,
    loadAfter: os.loadavg(),
  };
}

function methodText(corpus: CorpusInfo | undefined, rssMethod: RssMethod): string {
  const lines = [
    '- Our CLI is measured from a copy of the build taken when the bench starts (`.bench-cache/cli`), so a rebuild in the work tree during the run changes nothing.',
    '- Every command runs as a child process with `NO_COLOR=1`, its stdout to a file, from the repository\'s root:',
    '  - `check`: `node bin/migrate-errors.js check --format json --no-color` (the JSON summary gives the file count; exit 1 = findings, expected).',
    '  - `check --jobs 2`: the same on two threads (the main thread and one worker, each taking whole modules); one thread is the default.',
    '  - `run --dry-run --no-verify`: `node bin/migrate-errors.js run --dry-run --no-verify --no-color` (prints the diff; writes nothing; no type check).',
    '  - `run` (verified): `node bin/migrate-errors.js run --dry-run --no-color`: what `run` does by default (the analysis, the type check before and after the edits, reverting the sites it rejects) without writing, so the repository stays the same between runs.',
    '  - `check --cache`: `check --format json --cache --cache-location .bench-cache/out/<repo>.migrate-errors-cache`, in four states (bench/cache-runs.ts): cold (no cache file); nothing changed; one leaf file changed (the last file by path that no file imports); the file the most files import changed. Before each timed run an untimed one brings the cache up to date; the edit (a new `export const` at the end) is made after it and undone after the timed run. Only on the corpus and 2,000 files unless named with `--tools`.',
    '  - `tsc --noEmit`: `node node_modules/typescript/bin/tsc -p tsconfig.json --noEmit`, the same tsconfig our tool loads; must exit 0.',
    '  - eslint: `node node_modules/eslint/bin/eslint.js --config eslint.config.mjs --format json --output-file ... <dir>`, a flat config ' +
      'with typescript-eslint\'s parser, `parserOptions.project: ./tsconfig.json`, and only `no-floating-promises`, `no-non-null-assertion` and `only-throw-error`, ' +
      'ignoring the standard module\'s folder as our discovery does.',
    '- Runs are interleaved (every command once, then every command again), so a change in background load is shared; wall time is `performance.now()` around the child process.',
    rssMethod === 'time'
      ? '- Peak RSS: GNU time\'s `%M` (ru_maxrss of the waited child, KiB). Node\'s `child_process` gives no rusage for a child, and a Node wrapper\'s `process.resourceUsage()` covers only itself; without GNU time, `--rss node` preloads `bench/rss-preload.ts` into each measured (Node) command, which writes its own `process.resourceUsage().maxRSS` at exit.'
      : '- Peak RSS: GNU time is not installed, so `bench/rss-preload.ts` is preloaded into each measured (Node) command with `NODE_OPTIONS=--import`, and writes its own `process.resourceUsage().maxRSS` (getrusage RUSAGE_SELF) at exit. Node\'s `child_process` gives no rusage for a child.',
  ];
  if (corpus) {
    lines.push(
      `- Public corpus: \`npm pack ${CORPUS_PACKAGE}@${CORPUS_VERSION}\` (${corpus.integrity ?? 'integrity not recorded'}), its \`src/\` copied afresh each run: ` +
        `${corpus.files} \`.ts\` files, ${corpus.nonNull} non-null assertions, ${corpus.throwNewError} \`throw new Error\` (${corpus.newError} \`new Error\` in all; counted by parsing)${corpus.mismatch ? `, **not as pinned: ${corpus.mismatch}**` : ''}. ` +
        'Next to it: our standard module at `src/errors/index.ts` (our discovery skips that folder; ESLint is told to), a config naming it, and a tsconfig: ' +
        'strict, NodeNext, `types: ["node"]`, `allowImportingTsExtensions`, `paths` `effect` → `./src/index.ts` and `effect/*` → `./src/*.ts`, `./src/*/index.ts`. ' +
        'For 0 errors it also needs `exactOptionalPropertyTypes: true` (effect is written for it: without it `"error" in response` leaves `response.error` possibly undefined, 3 errors in `src/ai/McpClient.ts`) ' +
        'and no `target`/`lib` of its own: TypeScript 6\'s default (ES2025, `lib.es2025.full.d.ts`) includes the DOM that the browser-facing modules use (`"target": "ES2022", "lib": ["ES2022"]` gives 243 more errors). ' +
        'None of our default excludes matches a corpus file (no tests, declarations or generated headers in `src/`): all tools process the same files.',
    );
  }
  lines.push(
    '- Generated repositories: copies of `fixtures/sample-repo`\'s modules, copy k at `pkg/m000k_<module>` (`x/market/keeper` → `pkg/m000k_x_market_keeper`), with only relative import specifiers rewritten; ' +
      'the sample\'s tsconfig, package.json and `pkg/errors/index.ts`, and its config with `modules: ["pkg/*"]`. ' +
      'Only the sample files our tool migrates are copied (not its test, its generated file, or its git-ignored `*.local.ts`), so N is the same for every tool. ' +
      'A last, partial copy takes whole import cycles in dependency order, so it type-checks too (the `tsc` rows exit 0).',
    '- Profiles: one extra `node --cpu-prof bin/migrate-errors.js check --format json` per profiled repository (not timed), summarised by `bench/profile.ts`: ' +
      'self time grouped by function and script; each sample charged to the innermost function of ours on its stack, so a slow type query shows up under the transform that asked it; ' +
      'and the inclusive time of TypeScript\'s phases. `node dist/bench/profile.js <file.cpuprofile>` prints the same for any profile.',
  );
  return lines.join('\n');
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`bench: ${error.message}\n${HELP}`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
