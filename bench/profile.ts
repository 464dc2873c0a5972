import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time grouped by function + script,
 * and by script. Self time alone spreads a slow type query over hundreds of small TypeScript
 * functions, so it also charges each sample to the innermost function of *our* code on its stack
 * (which transform asked the checker), and gives the inclusive time of a few TypeScript phases.
 * Usage: `node dist/bench/profile.js <file.cpuprofile> [--top 15]`.
 */

interface CpuProfile {
  readonly nodes: ReadonlyArray<{
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
    readonly children?: readonly number[];
  }>;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

export interface ProfileRow {
  readonly name: string;
  readonly file: string;
  /** 1-based line of the function (the first one seen, for a name defined twice in one file). */
  readonly line: number | undefined;
  readonly selfMs: number;
  readonly share: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly functions: readonly ProfileRow[];
  readonly files: readonly ProfileRow[];
  /** Samples charged to the innermost frame of our own code (or to none of it). */
  readonly ownCode: readonly ProfileRow[];
  /** Inclusive time of each phase (a sample counts once even when a phase recurses). */
  readonly phases: readonly ProfileRow[];
}

/** Our compiled sources, wherever the build is (the work tree or the bench's snapshot of it). */
const OWN_CODE = /[\\/]dist[\\/](src|transforms)[\\/]/;

/** TypeScript entry points that tell parsing, binding, program building and type queries apart. */
const PHASES: ReadonlyArray<readonly [string, string]> = [
  ['createSourceFile', 'parse (createSourceFile)'],
  ['createProgram', 'build the program (createProgram)'],
  ['bindSourceFile', 'bind (bindSourceFile)'],
  ['getTypeAtLocation', 'type queries: getTypeAtLocation'],
  ['getTypeOfSymbolAtLocation', 'type queries: getTypeOfSymbolAtLocation'],
  ['getResolvedSignature', 'signature resolution (getResolvedSignature, inside the queries)'],
  ['(garbage collector)', 'garbage collection'],
];

export async function summarizeProfile(file: string, top = 15, root = process.cwd()): Promise<ProfileSummary> {
  const profile = JSON.parse(await fs.readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // timeDeltas[i] is the gap before sample i, so sample i lasts until sample i+1: timeDeltas[i+1].
  // The last one gets a typical interval: the time from it to the profile's end is mostly the
  // profiler shutting down, and would be charged to whatever ran last.
  const selfUs = new Map<number, number>();
  const sorted = [...profile.timeDeltas].sort((a, b) => a - b);
  const typical = sorted[Math.floor(sorted.length / 2)] ?? 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const duration = i + 1 < profile.timeDeltas.length ? profile.timeDeltas[i + 1]! : typical;
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + duration);
  }
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

  const functions = new Map<string, { name: string; file: string; line: number | undefined; us: number }>();
  const files = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const script = shortenUrl(frame.url, root);
    const name = frame.functionName || (frame.url ? '(anonymous)' : '(native)');
    const key = `${name}\0${script}`;
    const entry = functions.get(key) ?? { name, file: script, line: frame.url ? frame.lineNumber + 1 : undefined, us: 0 };
    entry.us += us;
    functions.set(key, entry);
    files.set(script, (files.get(script) ?? 0) + us);
  }
  const row = (name: string, file: string, line: number | undefined, us: number): ProfileRow => ({ name, file, line, selfMs: us / 1000, share: totalUs > 0 ? us / totalUs : 0 });

  // Walk each sampled node's stack once (memoised per node: stacks share their prefixes).
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const own = new Map<string, { name: string; file: string; line: number | undefined; us: number }>();
  const phaseUs = new Map<string, number>();
  for (const [id, us] of selfUs) {
    let ownKey: string | undefined;
    const phases = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (!frame) break;
      if (PHASES.some(([name]) => name === frame.functionName)) phases.add(frame.functionName);
      if (ownKey === undefined && OWN_CODE.test(frame.url)) {
        const script = shortenUrl(frame.url, root);
        const name = frame.functionName || '(anonymous)';
        ownKey = `${name}\0${script}`;
        if (!own.has(ownKey)) own.set(ownKey, { name, file: script, line: frame.lineNumber + 1, us: 0 });
      }
    }
    ownKey ??= 'none';
    if (!own.has(ownKey)) own.set(ownKey, { name: '(no code of ours on the stack: start-up, GC, idle)', file: '', line: undefined, us: 0 });
    own.get(ownKey)!.us += us;
    for (const phase of phases) phaseUs.set(phase, (phaseUs.get(phase) ?? 0) + us);
  }
  return {
    ownCode: [...own.values()].sort((a, b) => b.us - a.us).slice(0, top).map((f) => row(f.name, f.file, f.line, f.us)),
    phases: PHASES.map(([name, label]) => row(label, name, undefined, phaseUs.get(name) ?? 0)),
    totalMs: totalUs / 1000,
    functions: [...functions.values()].sort((a, b) => b.us - a.us).slice(0, top).map((f) => row(f.name, f.file, f.line, f.us)),
    files: [...files].sort((a, b) => b[1] - a[1]).slice(0, top).map(([file, us]) => row(file, file, undefined, us)),
  };
}

/** `file:///.../node_modules/@ts-morph/common/dist/typescript.js` -> `@ts-morph/common/dist/typescript.js`. */
function shortenUrl(url: string, root: string): string {
  if (!url) return '(V8/native)';
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const modules = file.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  if (modules >= 0) return file.slice(modules + '/node_modules/'.length);
  return path.isAbsolute(file) ? path.relative(root, file) : file;
}

export function renderProfile(summary: ProfileSummary, title: string): string {
  const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;
  const lines = [
    `#### ${title}`,
    '',
    `Sampled CPU time: ${(summary.totalMs / 1000).toFixed(1)} s. Top ${summary.functions.length} functions by self time:`,
    '',
    '| # | self ms | share | function | script:line |',
    '|---:|---:|---:|---|---|',
    ...summary.functions.map((f, i) => `| ${i + 1} | ${f.selfMs.toFixed(0)} | ${pct(f.share)} | \`${f.name}\` | ${f.file}${f.line ? `:${f.line}` : ''} |`),
    '',
    'Self time by script:',
    '',
    '| script | self ms | share |',
    '|---|---:|---:|',
    ...summary.files.slice(0, 8).map((f) => `| ${f.file} | ${f.selfMs.toFixed(0)} | ${pct(f.share)} |`),
    '',
    'Each sample charged to the innermost function of ours on its stack (a TypeScript call counts for the code of ours that made it):',
    '',
    '| # | ms | share | our function | script:line |',
    '|---:|---:|---:|---|---|',
    ...summary.ownCode.slice(0, 10).map((f, i) => `| ${i + 1} | ${f.selfMs.toFixed(0)} | ${pct(f.share)} | ${f.file ? `\`${f.name}\`` : f.name} | ${f.file ? `${f.file}:${f.line}` : ''} |`),
    '',
    'Inclusive time of TypeScript phases (they nest: signature resolution runs inside the type queries):',
    '',
    '| phase | ms | share |',
    '|---|---:|---:|',
    ...summary.phases.map((p) => `| ${p.name} | ${p.selfMs.toFixed(0)} | ${pct(p.share)} |`),
    '',
  ];
  return lines.join('\n');
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const args = process.argv.slice(2);
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 15;
  if (args.length === 0 || !Number.isInteger(top) || top <= 0) {
    process.stderr.write('usage: node dist/bench/profile.js <file.cpuprofile>... [--top 15]\n');
    process.exit(2);
  }
  for (const file of args) process.stdout.write(`${renderProfile(await summarizeProfile(file, top), path.basename(file))}\n`);
}
