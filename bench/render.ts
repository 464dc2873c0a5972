import type { Measurement } from './measure.js';
import { median } from './measure.js';
import { TOOL_IDS, TOOL_LABELS, type BenchRepo, type ToolId, type ToolOutput } from './tools.js';

/** Everything measured for one tool on one repository. */
export interface ToolResult {
  readonly runs: readonly Measurement[];
  readonly output: ToolOutput | undefined;
  /** Why a run failed (its exit code and the end of its stderr), if one did. */
  readonly failure: string | undefined;
}

export interface RepoResult {
  readonly repo: BenchRepo;
  readonly tools: Partial<Record<ToolId, ToolResult>>;
  /** Files of the tsc program under the repository (its own count, from `--listFilesOnly`). */
  readonly tscFiles: number | undefined;
  readonly notes: readonly string[];
}

export interface Environment {
  readonly date: string;
  readonly cores: number;
  readonly cpu: string;
  readonly memoryGb: number;
  readonly node: string;
  readonly os: string;
  readonly versions: Readonly<Record<string, string>>;
  readonly commit: string | undefined;
  readonly runs: number;
  readonly rssMethod: string;
  readonly loadBefore: readonly number[];
  readonly loadAfter: readonly number[];
}

/** 1 MB = 10^6 bytes throughout, so "1.5 GB" in the targets is 1,500 MB. */
const mb = (kib: number): number => (kib * 1024) / 1e6;

export const wallS = (result: ToolResult | undefined): number | undefined => {
  const ok = result?.runs.filter((r) => r.ok) ?? [];
  return ok.length > 0 && ok.length === result?.runs.length ? median(ok.map((r) => r.wallMs)) / 1000 : undefined;
};
export const rssMb = (result: ToolResult | undefined): number | undefined => {
  const values = result?.runs.filter((r) => r.ok && r.peakRssKb !== undefined).map((r) => r.peakRssKb!) ?? [];
  return values.length > 0 ? mb(median(values)) : undefined;
};
export const cpuS = (result: ToolResult | undefined): number | undefined => {
  const values = result?.runs.filter((r) => r.ok && r.cpuMs !== undefined).map((r) => r.cpuMs!) ?? [];
  return values.length > 0 ? median(values) / 1000 : undefined;
};
/** Files the tool itself says it processed; tsc's count comes from its program. */
const filesOf = (repo: RepoResult, tool: ToolId): number | undefined => (tool === 'tsc' ? repo.tscFiles : repo.tools[tool]?.output?.files);

const fmt = (value: number | undefined, digits: number): string => (value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits));
const fmtInt = (value: number | undefined): string => (value === undefined ? '—' : Math.round(value).toLocaleString('en-US'));

export function ratio(repo: RepoResult, tool: ToolId, baseline: ToolId, of: (r: ToolResult | undefined) => number | undefined = wallS): number | undefined {
  const ours = of(repo.tools[tool]);
  const base = of(repo.tools[baseline]);
  return ours !== undefined && base !== undefined ? ours / base : undefined;
}

function repoTable(repo: RepoResult): string {
  const lines = [
    `### ${repo.repo.title}`,
    '',
    '| command | wall s (median) | runs, s | CPU s | peak RSS MB | files | files/s | ratio to tsc | ratio to eslint | findings |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const tool of TOOL_IDS) {
    const result = repo.tools[tool];
    if (!result) continue;
    const wall = wallS(result);
    const files = filesOf(repo, tool);
    const runs = result.runs.map((r) => (r.ok ? (r.wallMs / 1000).toFixed(1) : `failed (exit ${r.exitCode ?? 'killed'})`)).join(' / ');
    const findings = [result.output?.findings === undefined ? undefined : fmtInt(result.output.findings), result.output?.detail].filter(Boolean).join('; ');
    lines.push(
      `| ${TOOL_LABELS[tool]} | ${fmt(wall, 1)} | ${runs} | ${fmt(cpuS(result), 1)} | ${fmtInt(rssMb(result))} | ${fmtInt(files)} | ${wall && files ? fmt(files / wall, 1) : '—'} | ${fmt(ratio(repo, tool, 'tsc'), 2)} | ${fmt(ratio(repo, tool, 'eslint'), 2)} | ${findings || '—'} |`,
    );
  }
  const failures = TOOL_IDS.flatMap((tool) => (repo.tools[tool]?.failure ? [`- **${TOOL_LABELS[tool]} failed**: ${repo.tools[tool]!.failure}`] : []));
  const notes = repo.notes.map((n) => `- ${n}`);
  if (failures.length + notes.length > 0) lines.push('', ...failures, ...notes);
  return lines.join('\n');
}

const GROWTH_SIZES = ['1000', '2000', '5000'];

/** Per-file time (ms/file) at each size, and how it changes from 1,000 to 5,000 files. */
export function growth(results: readonly RepoResult[], tool: ToolId, of: (r: ToolResult | undefined) => number | undefined = wallS): { perFile: Array<number | undefined>; ratio: number | undefined } {
  const perFile = GROWTH_SIZES.map((size) => {
    const repo = results.find((r) => r.repo.id === size);
    const wall = of(repo?.tools[tool]);
    // N itself, for every tool: the size of the repository is what grows.
    const files = repo?.repo.expectedFiles;
    return wall !== undefined && files ? (wall * 1000) / files : undefined;
  });
  const [first, , last] = perFile;
  return { perFile, ratio: first !== undefined && last !== undefined ? last / first : undefined };
}

function growthTable(results: readonly RepoResult[]): string {
  const lines = [
    '| command | ms/file at 1,000 | ms/file at 2,000 | ms/file at 5,000 | ratio 5,000 : 1,000 | same ratio on CPU time | ms per added file, 1,000 → 5,000 |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const tool of TOOL_IDS) {
    const g = growth(results, tool);
    if (g.perFile.every((v) => v === undefined)) continue;
    // The slope between the two sizes: per-file time also falls because start-up is paid once,
    // so the slope is what shows whether the work per file itself grows.
    const [first, , last] = g.perFile;
    const slope = first !== undefined && last !== undefined ? (last * 5000 - first * 1000) / 4000 : undefined;
    lines.push(`| ${TOOL_LABELS[tool]} | ${g.perFile.map((v) => fmt(v, 2)).join(' | ')} | ${fmt(g.ratio, 2)} | ${fmt(growth(results, tool, cpuS).ratio, 2)} | ${fmt(slope, 2)} |`);
  }
  return lines.join('\n');
}

interface Target {
  readonly what: string;
  readonly repo: string;
  readonly measured: number | undefined;
  /** The same quantity on CPU time instead of wall time, where it is a ratio of times. */
  readonly onCpu?: number | undefined;
  readonly limit: number;
  readonly unit: string;
}

export function targets(results: readonly RepoResult[]): Target[] {
  const byId = (id: string): RepoResult | undefined => results.find((r) => r.repo.id === id);
  const list: Target[] = [];
  for (const id of ['corpus', '2000']) {
    const repo = byId(id);
    const at = id === 'corpus' ? 'public corpus' : '2,000 files';
    const pair = (tool: ToolId, baseline: ToolId) => ({ measured: repo && ratio(repo, tool, baseline), onCpu: repo && ratio(repo, tool, baseline, cpuS) });
    list.push({ what: '`check` / `tsc --noEmit` wall time', repo: at, ...pair('check', 'tsc'), limit: 0.6, unit: 'x' });
    list.push({ what: '`check` / eslint wall time', repo: at, ...pair('check', 'eslint'), limit: 0.5, unit: 'x' });
    list.push({ what: '`run --dry-run --no-verify` / `tsc --noEmit` wall time', repo: at, ...pair('dry-run', 'tsc'), limit: 1.0, unit: 'x' });
    list.push({ what: '`run` (verified) / `tsc --noEmit` wall time', repo: at, ...pair('run', 'tsc'), limit: 1.6, unit: 'x' });
    list.push({ what: '`check --cache`, nothing changed / cold `check` wall time', repo: at, ...pair('cache-warm', 'check'), limit: 0.1, unit: 'x' });
    list.push({ what: '`check --cache`, one leaf file changed / cold `check` wall time', repo: at, ...pair('cache-leaf', 'check'), limit: 0.2, unit: 'x' });
  }
  for (const tool of ['check', 'dry-run'] as const) {
    list.push({ what: `${TOOL_LABELS[tool]} per-file time, 5,000 : 1,000`, repo: '1,000 → 5,000', measured: growth(results, tool).ratio, onCpu: growth(results, tool, cpuS).ratio, limit: 1.2, unit: 'x' });
  }
  for (const tool of ['check', 'dry-run'] as const) {
    list.push({ what: `${TOOL_LABELS[tool]} peak RSS`, repo: '5,000 files', measured: rssMb(byId('5000')?.tools[tool]), limit: 1500, unit: ' MB' });
  }
  return list;
}

function targetsTable(results: readonly RepoResult[]): string {
  const lines = ['| target | repository | measured | limit | result | same on CPU time |', '|---|---|---:|---:|---|---:|'];
  for (const t of targets(results)) {
    const digits = t.unit === 'x' ? 2 : 0;
    const verdict = t.measured === undefined ? 'not measured' : t.measured <= t.limit ? 'met' : '**not met**';
    const cpu = t.onCpu === undefined ? '—' : `${fmt(t.onCpu, 2)}x`;
    lines.push(`| ${t.what} | ${t.repo} | ${t.measured === undefined ? '—' : `${fmt(t.measured, digits)}${t.unit}`} | ≤ ${fmt(t.limit, digits)}${t.unit} | ${verdict} | ${cpu} |`);
  }
  return lines.join('\n');
}

export interface Report {
  readonly env: Environment;
  readonly results: readonly RepoResult[];
  readonly method: string;
  readonly profiles: string;
}

export function renderReport({ env, results, method, profiles }: Report): string {
  const v = env.versions;
  const parts = [
    '# Benchmark',
    '',
    `Measured by \`npm run bench\` (\`bench/\`) on ${env.date}: ${env.runs} run(s) of each command, median reported.`,
    '',
    `Machine: ${env.cores} cores (${env.cpu}), ${env.memoryGb.toFixed(0)} GB memory, ${env.os}, Node ${env.node}. ` +
      `Load average ${env.loadBefore.map((l) => l.toFixed(2)).join(' / ')} before and ${env.loadAfter.map((l) => l.toFixed(2)).join(' / ')} after ` +
      '(1 / 5 / 15 min; the machine is shared, so a high load means noisier numbers).',
    '',
    `Versions: migrate-errors ${v['migrate-errors'] ?? '?'}${env.commit ? ` at ${env.commit}` : ''} (ts-morph ${v['ts-morph'] ?? '?'}, bundling TypeScript ${v['ts-morph typescript'] ?? '?'}); ` +
      `baseline TypeScript ${v.typescript ?? '?'}; ESLint ${v.eslint ?? '?'} with typescript-eslint ${v['typescript-eslint'] ?? '?'}. Peak RSS read with ${env.rssMethod}.`,
    '',
    '## Targets',
    '',
    'Judged on wall time, as the issue states them; the last column gives the same ratio on CPU time, which the machine\'s background load disturbs less.',
    '',
    targetsTable(results),
    '',
    '## Results per repository',
    '',
    'Wall time is the median of the runs; peak RSS is the median of the runs\' peak resident set (1 MB = 10^6 bytes). ' +
      '`files` is what each tool says it processed: the `check` JSON summary, the `run --dry-run` summary line, ' +
      'tsc\'s own program (`--listFilesOnly`, files under the repository: one more than ours, the standard module), ' +
      'and the entries of ESLint\'s JSON results. Ratios are of wall times. `CPU s` is user + system time (median): ' +
      'the machine is shared, and wall time well above CPU time is time spent waiting for a core.',
    '',
    ...results.flatMap((r) => [repoTable(r), '']),
    '## Growth from 1,000 to 5,000 files',
    '',
    'Milliseconds of wall time per file (N = 1,000, 2,000, 5,000 for every tool); a ratio of 1.00 is linear growth, above it is worse than linear. ' +
      'Start-up (loading TypeScript, parsing and binding its libraries) is paid once, so per-file time falls as N grows; the last column, the slope, is the cost of one more file.',
    '',
    growthTable(results),
    '',
    ...(profiles ? ['## CPU profile of `check`', '', profiles, ''] : []),
    '## Method',
    '',
    method,
    '',
  ];
  return parts.join('\n');
}
