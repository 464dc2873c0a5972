import { promises as fs } from 'node:fs';
import path from 'node:path';
import { cacheArgs, cacheFileOf, prepareCacheRun, type CacheState } from './cache-runs.js';
import { runProcess, type Command } from './measure.js';

/** A repository to measure: the public corpus or a generated one. */
export interface BenchRepo {
  /** `corpus`, `1000`, `2000`, `5000`: what `--only` selects. */
  readonly id: string;
  readonly title: string;
  readonly dir: string;
  /** How many files our discovery should find there (the corpus's sources, or N). */
  readonly expectedFiles: number;
  /** Folders ESLint is pointed at; its config narrows them to the same files as ours. */
  readonly lintTargets: readonly string[];
}

export type ToolId = 'check' | 'check-jobs2' | 'dry-run' | 'run' | 'tsc' | 'eslint' | CacheToolId;
export const TOOL_IDS: readonly ToolId[] = ['check', 'check-jobs2', 'dry-run', 'run', 'tsc', 'eslint', 'cache-cold', 'cache-warm', 'cache-leaf', 'cache-shared'];
/** `check --cache` in the states of bench/cache-runs.ts. */
export type CacheToolId = 'cache-cold' | 'cache-warm' | 'cache-leaf' | 'cache-shared';
export const isCacheTool = (tool: ToolId): tool is CacheToolId => tool.startsWith('cache-');
export const TOOL_LABELS: Record<ToolId, string> = {
  check: '`check`',
  'check-jobs2': '`check --jobs 2`',
  'dry-run': '`run --dry-run --no-verify`',
  run: '`run` (verified)',
  tsc: '`tsc --noEmit`',
  eslint: 'eslint (typescript-eslint)',
  'cache-cold': '`check --cache`, cold',
  'cache-warm': '`check --cache`, nothing changed',
  'cache-leaf': '`check --cache`, one leaf file changed',
  'cache-shared': '`check --cache`, the most imported file changed',
};

/** What a run's output says about the work done: files processed, and what was found. */
export interface ToolOutput {
  readonly files: number | undefined;
  /** Findings (ours), diagnostics (tsc), or messages of the three rules (eslint). */
  readonly findings: number | undefined;
  readonly detail?: string;
}

/** How to run one tool on one repository, and how to read what it did from its output. */
export interface ToolSpec {
  readonly command: Command;
  readonly read: (stdout: string, stderr: string) => Promise<ToolOutput>;
  /** Untimed work before the run (filling a cache, editing a file); returns how to undo it after. */
  readonly prepare?: () => Promise<() => Promise<void>>;
}

const TIMEOUT_MS = 30 * 60_000;

/** `cli`: our executable (the bench's snapshot of bin/migrate-errors.js, see run.ts). */
export function toolSpec(tool: ToolId, repo: BenchRepo, projectRoot: string, outDir: string, cli: string): ToolSpec {
  const node = process.execPath;
  const stdoutFile = path.join(outDir, `${repo.id}-${tool}.out`);
  const base = { file: node, cwd: repo.dir, stdoutFile, timeoutMs: TIMEOUT_MS };
  switch (tool) {
    case 'check':
    case 'check-jobs2':
      return {
        // JSON so the summary says how many files were analysed; exit 1 = findings, which is normal.
        command: { ...base, args: [cli, 'check', '--format', 'json', '--no-color', ...(tool === 'check-jobs2' ? ['--jobs', '2'] : [])], okExitCodes: [0, 1] },
        read: async (stdout) => {
          const json = JSON.parse(stdout) as { summary: { files: number; findings: number } };
          return { files: json.summary.files, findings: json.summary.findings };
        },
      };
    case 'dry-run':
    case 'run':
      return {
        // `run` verifies by default; its dry run does the same work (the type check before and
        // after, site reverts) without writing, so the repository stays as it is between runs.
        command: { ...base, args: [cli, 'run', '--dry-run', '--no-color', ...(tool === 'dry-run' ? ['--no-verify'] : [])], okExitCodes: [0, 1] },
        // The summary on stderr: "Would migrate 32 of 42 files: ...".
        read: async (stdout, stderr) => {
          const match = /of (\d+) files?/.exec(stderr);
          const diffs = stdout.match(/^diff --git /gm)?.length ?? 0;
          return { files: match ? Number(match[1]) : undefined, findings: undefined, detail: `${diffs} files in the diff` };
        },
      };
    case 'cache-cold':
    case 'cache-warm':
    case 'cache-leaf':
    case 'cache-shared': {
      const cacheFile = cacheFileOf(outDir, repo.id);
      const state = tool.slice('cache-'.length) as CacheState;
      return {
        command: { ...base, args: cacheArgs(cli, cacheFile), okExitCodes: [0, 1] },
        read: async (stdout) => {
          const json = JSON.parse(stdout) as { summary: { files: number; findings: number } };
          return { files: json.summary.files, findings: json.summary.findings };
        },
        prepare: () => prepareCacheRun(state, repo.dir, cli, cacheFile),
      };
    }
    case 'tsc':
      return {
        // Only exit 0 counts: the baseline must type-check cleanly, or the comparison is off.
        command: { ...base, args: [path.join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--noEmit'], okExitCodes: [0] },
        read: async (stdout) => ({ files: undefined, findings: stdout.match(/error TS\d+/g)?.length ?? 0 }),
      };
    case 'eslint': {
      const results = path.join(outDir, `${repo.id}-eslint.json`);
      return {
        command: {
          ...base,
          args: [path.join(projectRoot, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--config', 'eslint.config.mjs', '--format', 'json', '--output-file', results, ...repo.lintTargets],
          okExitCodes: [0, 1],
        },
        read: () => readEslintResults(results),
      };
    }
  }
}

/** ESLint's JSON results: one entry per linted file, with the messages of each rule. */
async function readEslintResults(file: string): Promise<ToolOutput> {
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return { files: undefined, findings: undefined };
  const results = JSON.parse(text) as Array<{ messages: Array<{ ruleId: string | null }> }>;
  const byRule = new Map<string, number>();
  for (const result of results) {
    for (const message of result.messages) {
      const rule = message.ruleId ?? '(parse error)';
      byRule.set(rule, (byRule.get(rule) ?? 0) + 1);
    }
  }
  const isOurs = (rule: string): boolean => rule.startsWith('@typescript-eslint/');
  const findings = [...byRule].filter(([rule]) => isOurs(rule)).reduce((sum, [, count]) => sum + count, 0);
  const detail = [...byRule].map(([rule, count]) => `${rule.replace('@typescript-eslint/', '')} ${count}`).join(', ');
  return { files: results.length, findings, detail };
}

/** tsc's own count of the program's files under the repository (not lib or @types files), untimed. */
export async function tscFileCount(repo: BenchRepo, projectRoot: string): Promise<number | undefined> {
  const tsc = path.join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const listed = await runProcess(process.execPath, [tsc, '-p', 'tsconfig.json', '--listFilesOnly'], { cwd: repo.dir });
  if (listed.exitCode !== 0) return undefined;
  const root = path.resolve(repo.dir) + path.sep;
  return listed.stdout.split('\n').filter((line) => line.startsWith(root) && !line.includes(`${path.sep}node_modules${path.sep}`)).length;
}
