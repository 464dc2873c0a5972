import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { FIXTURES, REPO_ROOT } from './helpers/paths.js';
import { snapshotTree, tempRepo, withoutReports } from './helpers/temp-repo.js';
import { typeCheck } from './helpers/tsc.js';

/**
 * Idempotence and parse-safety as properties, over every transform at once: all fixture inputs
 * and files randomly combined from snippets of every kind of site (seeded, so a failure can be
 * replayed with PROPERTY_SEED). Every output must parse, type-check (the inputs do), and be a
 * fixed point of a second run.
 */
const SNIPPETS: readonly string[] = [
  'export function pick$(m: Map<string, number[]>, k: string): number {\n  return m.get(k)![0]!;\n}',
  'export const deep$ = (o: { a?: { b?: { c?: number } } }): number => o.a!.b!.c!;',
  'async function save$(): Promise<void> {}\nexport function fire$(): void {\n  save$();\n}',
  'export function chain$(p: Promise<number>): void {\n  p.then((n) => n + 1);\n}',
  'export function silence$(p: Promise<void>): void {\n  void p;\n}',
  'export function boot$(): void {\n  (async () => {\n    await Promise.resolve(1);\n  })();\n}',
  "export function tick$(): void {\n  setTimeout(() => {\n    throw new Error('tick failed');\n  }, 10);\n}",
  "export function later$(m: Map<string, string>): void {\n  setTimeout(() => console.log(m.get('k')!), 5);\n}",
  "export const ErrMissing$ = new Error('record not found');\nexport const isMissing$ = (e: unknown): boolean => e === ErrMissing$;",
  "export function check$(n: number): void {\n  if (n < 0) throw new Error('invalid amount');\n}",
  "export function fail$(): never {\n  throw 'unexpected state';\n}",
  "export const rejected$ = (): Promise<never> => Promise.reject(new Error('upstream unavailable'));",
  "export const wait$ = (ms: number): Promise<void> =>\n  new Promise<void>((resolve, reject) => {\n    if (ms < 0) reject(new Error('invalid delay'));\n    else setTimeout(resolve, ms);\n  });",
  'export async function load$(f: () => Promise<string>): Promise<string> {\n  try {\n    return await f();\n  } catch (err) {\n    throw err;\n  }\n}',
  "export function parse$(s: string): unknown {\n  try {\n    return JSON.parse(s);\n  } catch (err) {\n    throw new Error('bad json');\n  }\n}",
  'export function bump$(c: { n?: number }): void {\n  c.n!++;\n}',
  'export const plain$ = (a: number, b: number): number => a + b;',
  "export function hot$(m: Map<string, number>): number {\n  // migrate-errors-ignore-next-line non-null -- hot path, checked by the caller\n  return m.get('x')!;\n}",
  'export class Worker$ {\n  private timer?: NodeJS.Timeout;\n  start(): void {\n    this.timer = setInterval(() => this.flush(), 1000);\n    this.flush();\n  }\n  async flush(): Promise<void> {}\n  stop(): void {\n    clearInterval(this.timer!);\n  }\n}',
];

/** A small, seeded PRNG (mulberry32): the same seed gives the same files. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generatedFiles(seed: number, count: number): Record<string, string> {
  const next = random(seed);
  const files: Record<string, string> = {};
  let unique = 0;
  for (let f = 0; f < count; f++) {
    const parts: string[] = [];
    const size = 2 + Math.floor(next() * 5);
    for (let i = 0; i < size; i++) parts.push(SNIPPETS[Math.floor(next() * SNIPPETS.length)]!.replaceAll('$', `_${unique++}`));
    files[`src/generated-${String(f).padStart(2, '0')}.ts`] = `${parts.join('\n\n')}\n`;
  }
  return files;
}

const seed = Number(process.env.PROPERTY_SEED ?? 20261125);

describe(`every transform at once over fixtures and generated files (seed ${seed})`, () => {
  let repo: string;
  let firstRun: ReturnType<typeof runCli>;
  let migrated: Map<string, Buffer>;

  beforeAll(() => {
    repo = tempRepo({ from: path.join(FIXTURES, '_repo'), files: generatedFiles(seed, 30) });
    mkdirSync(path.join(repo, 'src/errors'), { recursive: true });
    copyFileSync(path.join(REPO_ROOT, 'src/standard/errors-module.ts'), path.join(repo, 'src/errors/index.ts'));
    for (const suite of readdirSync(FIXTURES, { withFileTypes: true })) {
      if (!suite.isDirectory() || ['_repo', 'sample-repo'].includes(suite.name)) continue;
      // Files a fixture folder's cases import (its fixture.json "files") come along as they are.
      const settings = path.join(FIXTURES, suite.name, 'fixture.json');
      for (const file of existsSync(settings) ? ((JSON.parse(readFileSync(settings, 'utf8')) as { files?: string[] }).files ?? []) : []) {
        mkdirSync(path.join(repo, 'src', suite.name), { recursive: true });
        copyFileSync(path.join(FIXTURES, suite.name, file), path.join(repo, 'src', suite.name, file));
      }
      for (const file of readdirSync(path.join(FIXTURES, suite.name))) {
        const input = /^(.+)\.input\.([cm]?[jt]sx?)$/.exec(file);
        if (!input) continue;
        mkdirSync(path.join(repo, 'src', suite.name), { recursive: true });
        copyFileSync(path.join(FIXTURES, suite.name, file), path.join(repo, 'src', suite.name, `${input[1]}.${input[2]}`));
      }
    }
    expect(typeCheck(repo).output, 'the inputs type-check').toBe('');
    firstRun = runCli(['run', '--force'], repo);
    migrated = snapshotTree(repo);
  });

  it('runs without skipping anything', () => {
    expect(firstRun.stderr).toBe('');
    expect(firstRun.code).toBe(0);
    expect(firstRun.stdout).not.toContain('skipped');
  });

  it('every output parses', () => {
    for (const [file, bytes] of migrated) {
      if (!/\.[cm]?[jt]sx?$/.test(file)) continue;
      const kind = file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
      const parsed = ts.createSourceFile(file, bytes.toString('utf8'), ts.ScriptTarget.Latest, false, kind) as ts.SourceFile & { parseDiagnostics: unknown[] };
      expect(parsed.parseDiagnostics, file).toEqual([]);
    }
  });

  it('the outputs type-check', () => {
    expect(typeCheck(repo)).toEqual({ code: 0, output: '' });
  });

  it('is a fixed point: a second run changes no byte', () => {
    const second = runCli(['run', '--force'], repo);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^Migrated 0 of \d+ files/m);
    expect(withoutReports(snapshotTree(repo))).toEqual(withoutReports(migrated));
  });

  it('the generated files hold every kind of snippet', () => {
    const text = Object.values(generatedFiles(seed, 30)).join('\n');
    for (const snippet of SNIPPETS) expect(text).toContain(snippet.split('$')[0]!);
  });
});
