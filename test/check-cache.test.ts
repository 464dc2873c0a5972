import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { REPO_ROOT, SAMPLE_REPO } from './helpers/paths.js';
import { readJson, timeless } from './helpers/report.js';
import { smallRepo, STRICT_TSCONFIG } from './helpers/small-repo.js';
import { git, tempRepo } from './helpers/temp-repo.js';

const CACHE = '.migrate-errors-cache';
/** Says on exit whether the CLI loaded the TypeScript compiler (see the helper). */
const TYPESCRIPT_PROBE = path.join(REPO_ROOT, 'test/helpers/typescript-probe.mjs');
const TOOL_VERSION = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version as string;

/** The line `--verbose` prints about the cache. */
const cacheLine = (stderr: string): string | undefined => stderr.split('\n').find((line) => line.startsWith('cache: '));
const warningLines = (stderr: string): string[] => stderr.split('\n').filter((line) => line.startsWith('warning: '));

const STORE = 'export function save(value: string): number {\n  return value.length;\n}\n';
const ASYNC_STORE = 'export async function save(value: string): Promise<number> {\n  return value.length;\n}\n';
const MAIN = "import { save } from '../lib/store.js';\n\nexport function run(): void {\n  save('x');\n}\n";

function checkJson(repo: string, ...args: string[]) {
  return runCli(['check', '--format', 'json', ...args], repo);
}

describe('check --cache', () => {
  it('reports the floating promise a changed declaration in an imported file creates', () => {
    const repo = smallRepo({ 'src/lib/store.ts': STORE, 'src/app/main.ts': MAIN, 'src/app/other.ts': 'export const answer = 42;\n' });
    const cold = checkJson(repo, '--transform', 'async-call', '--cache', '--verbose');
    expect(cold.code).toBe(0);
    expect(cacheLine(cold.stderr)).toBe(`cache: 0 of 3 file(s) reused from ${path.join(repo, CACHE)}`);

    writeFileSync(path.join(repo, 'src/lib/store.ts'), ASYNC_STORE);
    const warm = checkJson(repo, '--transform', 'async-call', '--cache', '--verbose');
    expect(warm.code).toBe(1);
    // store.ts changed; main.ts asked the checker about a call into it; other.ts depends on its text only.
    expect(cacheLine(warm.stderr)).toBe(`cache: 1 of 3 file(s) reused from ${path.join(repo, CACHE)}`);
    const findings = JSON.parse(warm.stdout).findings;
    expect(findings).toEqual([
      expect.objectContaining({ file: 'src/app/main.ts', line: 4, column: 3, transform: 'async-call', fixable: true }),
    ]);
    expect(warm.stdout).toBe(checkJson(repo, '--transform', 'async-call').stdout);
  });

  it('a file whose transforms never ask the checker depends on its own text only', () => {
    const repo = smallRepo({
      'src/lib/store.ts': STORE,
      'src/app/main.ts': MAIN.replace("save('x');", "save('x');\n  const first = [1][0]!;\n  void first;"),
    });
    const cold = checkJson(repo, '--transform', 'non-null', '--cache', '--verbose');
    expect(cacheLine(cold.stderr)).toBe(`cache: 0 of 2 file(s) reused from ${path.join(repo, CACHE)}`);
    writeFileSync(path.join(repo, 'src/lib/store.ts'), ASYNC_STORE);
    const warm = checkJson(repo, '--transform', 'non-null', '--cache', '--verbose');
    expect(cacheLine(warm.stderr)).toBe(`cache: 1 of 2 file(s) reused from ${path.join(repo, CACHE)}`);
    expect(warm.stdout).toBe(cold.stdout);
  });

  it('reuses every other file when only a comment changes in an unrelated one, with the same output byte for byte', () => {
    const repo = tempRepo({ from: SAMPLE_REPO, files: { 'pkg/util/notes.ts': '// the first words\nexport const note = "a";\n' } });
    const cold = checkJson(repo, '--cache', '--verbose');
    expect(cold.code).toBe(1);
    expect(cacheLine(cold.stderr)).toBe(`cache: 0 of 43 file(s) reused from ${path.join(repo, CACHE)}`);
    // Nothing changed: every outcome, the tsconfig's settings and every file's text are taken from the cache, so the compiler is never loaded.
    const probe = path.join(repo, '.typescript-probe');
    const unchanged = runCli(['check', '--format', 'json', '--cache', '--verbose'], repo, { NODE_OPTIONS: `--import=${TYPESCRIPT_PROBE}`, MIGRATE_ERRORS_PROBE: probe });
    expect(cacheLine(unchanged.stderr)).toBe(`cache: 43 of 43 file(s) reused from ${path.join(repo, CACHE)}`);
    expect(unchanged.stdout).toBe(cold.stdout);
    expect(readFileSync(probe, 'utf8')).toBe('not loaded');

    writeFileSync(path.join(repo, 'pkg/util/notes.ts'), '// other words\nexport const note = "a";\n');
    const warm = checkJson(repo, '--cache', '--verbose');
    expect(cacheLine(warm.stderr)).toBe(`cache: 42 of 43 file(s) reused from ${path.join(repo, CACHE)}`);
    expect(warm.code).toBe(1);
    expect(warm.stdout).toBe(checkJson(repo).stdout);
  });

  it('follows the tsconfig: a file new in its include, then a narrower include, as a cold run sees them', () => {
    const thrower = (name: string) => `export function ${name}(): never {\n  throw new Error('${name} failed');\n}\n`;
    const repo = smallRepo({ 'src/app/a.ts': thrower('a'), 'src/tools/t.ts': thrower('t') });
    const seen = (stdout: string) => {
      const json = JSON.parse(stdout) as { summary: { files: number }; findings: Array<{ file: string }> };
      return { files: json.summary.files, findings: [...new Set(json.findings.map((f) => f.file))] };
    };
    expect(seen(checkJson(repo, '--cache').stdout)).toEqual({ files: 2, findings: ['src/app/a.ts', 'src/tools/t.ts'] });

    // The tsconfig's file list is kept in the cache with the folders it was read from: a new file is one more entry in one of them.
    writeFileSync(path.join(repo, 'src/app/b.ts'), thrower('b'));
    const added = checkJson(repo, '--cache');
    expect(seen(added.stdout)).toEqual({ files: 3, findings: ['src/app/a.ts', 'src/app/b.ts', 'src/tools/t.ts'] });
    expect(added.stdout).toBe(checkJson(repo).stdout);

    writeFileSync(path.join(repo, 'tsconfig.json'), STRICT_TSCONFIG.replace('"src"', '"src/app",\n    "src/errors"'));
    const narrowed = checkJson(repo, '--cache');
    expect(seen(narrowed.stdout)).toEqual({ files: 2, findings: ['src/app/a.ts', 'src/app/b.ts'] });
    expect(narrowed.stdout).toBe(checkJson(repo).stdout);
  });

  it('analyses again when a reused file would now get another answer from the code registry', () => {
    // One code left in src/app's range: the first throw takes it, the second is manual (range full).
    const registry = { version: 1, rangeSize: 100, nextRangeStart: 1100, modules: { 'src/app': { range: [1000, 1099], next: 1099, codes: [] } } };
    const repo = smallRepo({
      'errors.codes.json': `${JSON.stringify(registry)}\n`,
      'src/app/a.ts': "export function a(): never {\n  throw new Error('a failed');\n}\n",
      'src/app/b.ts': "export function b(): never {\n  throw new Error('b failed');\n}\n",
    });
    const cold = checkJson(repo, '--transform', 'typed-throw', '--cache');
    expect(JSON.parse(cold.stdout).findings.map((f: { file: string; fixable: boolean }) => [f.file, f.fixable])).toEqual([
      ['src/app/a.ts', true],
      ['src/app/b.ts', false],
    ]);
    // a.ts no longer takes the last code, so b.ts gets it: b's stored outcome must not stand.
    writeFileSync(path.join(repo, 'src/app/a.ts'), 'export function a(): number {\n  return 1;\n}\n');
    const warm = checkJson(repo, '--transform', 'typed-throw', '--cache', '--verbose');
    expect(JSON.parse(warm.stdout).findings.map((f: { file: string; fixable: boolean }) => [f.file, f.fixable])).toEqual([['src/app/b.ts', true]]);
    expect(warm.stdout).toBe(checkJson(repo, '--transform', 'typed-throw').stdout);
    expect(cacheLine(warm.stderr)).toBe(`cache: 0 of 2 file(s) reused from ${path.join(repo, CACHE)}`);
  });

  it('report --cache writes the report a cold run writes', () => {
    const repo = tempRepo({ from: SAMPLE_REPO });
    expect(runCli(['report', '--report', 'cold.md'], repo).code).toBe(0);
    expect(runCli(['report', '--cache', '--report', 'first.md'], repo).code).toBe(0);
    const warm = runCli(['report', '--cache', '--verbose', '--report', 'warm.md'], repo);
    expect(warm.code).toBe(0);
    expect(cacheLine(warm.stderr)).toBe(`cache: 42 of 42 file(s) reused from ${path.join(repo, CACHE)}`);
    expect(timeless(readJson(repo, 'warm.json'))).toEqual(timeless(readJson(repo, 'cold.json')));
  });

  it('ignores a corrupt cache with one line, gives the same results, and replaces it', () => {
    const repo = smallRepo({ 'src/app/list.ts': 'export const first = (xs: string[]): string => xs[0]!;\n' });
    const expected = checkJson(repo).stdout;
    const file = path.join(repo, CACHE);
    writeFileSync(file, '{"format":"migrate-errors-cache","layout":1,"tool":');
    const result = checkJson(repo, '--cache', '--verbose');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(expected);
    expect(warningLines(result.stderr)).toEqual([`warning: the cache ${file} is corrupt (not valid JSON); it is ignored, and rewritten after this run.`]);
    const next = checkJson(repo, '--cache', '--verbose');
    expect(warningLines(next.stderr)).toEqual([]);
    expect(cacheLine(next.stderr)).toBe(`cache: 1 of 1 file(s) reused from ${file}`);
    expect(next.stdout).toBe(expected);
  });

  it('ignores a cache of another version with one line', () => {
    const repo = smallRepo({ 'src/app/list.ts': 'export const first = (xs: string[]): string => xs[0]!;\n' });
    const file = path.join(repo, CACHE);
    const expected = checkJson(repo, '--cache').stdout;
    writeFileSync(file, readFileSync(file, 'utf8').replace(`"tool":"${TOOL_VERSION}"`, '"tool":"0.0.1"'));
    const result = checkJson(repo, '--cache', '--verbose');
    expect(result.stdout).toBe(expected);
    expect(warningLines(result.stderr)).toEqual([`warning: the cache ${file} was written by migrate-errors 0.0.1, and this is ${TOOL_VERSION}; it is ignored, and rewritten after this run.`]);
    expect(cacheLine(result.stderr)).toBe(`cache: 0 of 1 file(s) reused from ${file}`);
  });

  it('never reads or overwrites a file that is not its cache', () => {
    const repo = smallRepo({ 'src/app/list.ts': 'export const first = (xs: string[]): string => xs[0]!;\n' });
    writeFileSync(path.join(repo, 'notes.txt'), 'my notes\n');
    const result = checkJson(repo, '--cache-location', 'notes.txt');
    expect(result.code).toBe(1);
    expect(warningLines(result.stderr)).toEqual([
      `warning: ${path.join(repo, 'notes.txt')} is not a migrate-errors cache; it is neither used nor overwritten (choose another --cache-location).`,
    ]);
    expect(readFileSync(path.join(repo, 'notes.txt'), 'utf8')).toBe('my notes\n');
    expect(existsSync(path.join(repo, CACHE))).toBe(false);
  });

  it('a cache left in the work tree does not make `run` refuse it as dirty', () => {
    const repo = smallRepo({ 'src/app/list.ts': 'export const first = (xs: string[]): string => xs[0]!;\n' });
    checkJson(repo, '--cache');
    expect(git(repo, 'status', '--porcelain')).toBe(`?? ${CACHE}\n`);
    const result = runCli(['run', '--no-verify', '--transform', 'non-null', '--quiet'], repo);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
