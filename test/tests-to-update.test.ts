import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { smallRepo } from './helpers/small-repo.js';

const BOOK = `export const ErrClosed = new Error('order book closed');

export function find(id: string): number {
  if (id === '') throw new Error('order id missing');
  throw new Error('order lookup failed');
}
`;

/** A vitest file: two pins by the old shape, and what keeps passing. */
const VITEST = `import { expect, it } from 'vitest';
import { find } from '../src/orders/book.js';

it('finds nothing', () => {
  expect(() => find('x')).toThrow(new Error('order lookup failed'));
  expect(() => find('x')).toThrow('order lookup failed');
  try {
    find('');
  } catch (e) {
    expect(e).toStrictEqual(new Error('order id missing'));
    expect((e as Error).constructor).toBe(Error);
    expect(e).toBeInstanceOf(Error);
  }
  expect(() => find('y')).toThrow(new Error('a text no converted site has'));
});
`;

/** A node:test file beside the code: the module's sentinel pinned whole. */
const NODE_TEST = `import assert from 'node:assert';
import { test } from 'node:test';
import { ErrClosed, find } from './book.js';

test('closed', () => {
  assert.deepStrictEqual(ErrClosed, new Error('order book closed'));
  assert.throws(() => find(''), new Error('order id missing'));
});
`;

interface TestToUpdate {
  file: string;
  line: number;
  site: { file: string; line: number };
  change: { from: string; to: string };
}

describe('the report lists the tests that pin a converted error by its old shape', () => {
  let repo: string;
  let listed: TestToUpdate[];
  let markdown: string;

  beforeAll(() => {
    repo = smallRepo({ 'src/orders/book.ts': BOOK, 'test/book.test.ts': VITEST, 'src/orders/book.spec.ts': NODE_TEST });
    const run = runCli(['run', '--force', '--no-verify'], repo);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    listed = (JSON.parse(readFileSync(path.join(repo, 'migration-report.json'), 'utf8')) as { testsToUpdate: TestToUpdate[] }).testsToUpdate;
    markdown = readFileSync(path.join(repo, 'migration-report.md'), 'utf8');
  });

  it('holds back the throws the tests pin, so that the tests keep passing', () => {
    expect(readFileSync(path.join(repo, 'src/orders/book.ts'), 'utf8')).toBe(BOOK);
    const manual = (JSON.parse(readFileSync(path.join(repo, 'migration-report.json'), 'utf8')) as { manual: Array<{ file: string; line: number; reason: string }> }).manual;
    const reasons = manual.filter((m) => m.file === 'src/orders/book.ts').map((m) => `${m.line}: ${m.reason}`);
    expect(reasons.map((r) => r.replace(/, which .*/, ''))).toEqual([
      '1: pinned by the test src/orders/book.spec.ts:6',
      '4: pinned by the test src/orders/book.spec.ts:7',
      '5: pinned by the test test/book.test.ts:5',
    ]);
    expect(reasons[1]).toBe(
      '4: pinned by the test src/orders/book.spec.ts:7, which compares it whole with `new Error("order id missing")`: a typed error has another name, so that test would fail. Update the test as "Tests to update" shows, then run again',
    );
  });

  it('leaves the test files as they were', () => {
    expect(readFileSync(path.join(repo, 'test/book.test.ts'), 'utf8')).toBe(VITEST);
    expect(readFileSync(path.join(repo, 'src/orders/book.spec.ts'), 'utf8')).toBe(NODE_TEST);
  });

  // Site lines are the lines the report gives every site: those of the code as it was found.
  it('lists each pin with its line, the converted site and the one-line change', () => {
    expect(listed.map((t) => `${t.file}:${t.line} <- ${t.site.file}:${t.site.line}: ${t.change.from} => ${t.change.to}`)).toEqual([
      'src/orders/book.spec.ts:6 <- src/orders/book.ts:1: assert.deepStrictEqual(ErrClosed, new Error(\'order book closed\')) => assert.strictEqual(ErrClosed.message, "order book closed")',
      'src/orders/book.spec.ts:7 <- src/orders/book.ts:4: assert.throws(() => find(\'\'), new Error(\'order id missing\')) => assert.throws(() => find(\'\'), { message: "order id missing" })',
      'test/book.test.ts:5 <- src/orders/book.ts:5: expect(() => find(\'x\')).toThrow(new Error(\'order lookup failed\')) => expect(() => find(\'x\')).toThrow("order lookup failed")',
      'test/book.test.ts:10 <- src/orders/book.ts:4: expect(e).toStrictEqual(new Error(\'order id missing\')) => expect(e).toMatchObject({ message: "order id missing" })',
      'test/book.test.ts:11 <- src/orders/book.ts:5: expect((e as Error).constructor).toBe(Error) => expect(e as Error).toBeInstanceOf(Error)',
    ]);
  });

  it('renders them under "Tests to update"', () => {
    expect(markdown).toContain('## Tests to update (5)');
    expect(markdown).toContain("| `test/book.test.ts:5` | `src/orders/book.ts:5` | `expect(() => find('x')).toThrow(new Error('order lookup failed'))` → `expect(() => find('x')).toThrow(\"order lookup failed\")` |");
  });
});

describe('a pattern matched against the string form pins a throw', () => {
  const TOKENS = "export function verify(token: string): void {\n  if (token === '') throw new Error('token missing');\n  if (token === 'x') throw new Error(`token ${token} expired`);\n  if (token === 'z') throw new Error(`token ${token} unknown`);\n  throw new Error('token revoked');\n}\n";
  const TEST =
    "import assert from 'node:assert';\nimport { verify } from '../src/auth/tokens.js';\n\nassert.throws(() => verify(''), /^Error: token missing$/);\nassert.throws(() => verify('y'), /revoked/);\nassert.throws(() => verify('z'), /^Error: token z unknown$/);\n\nfunction expired(): void {\n  const expected = new Error('token x expired');\n  assert.throws(() => verify('x'), expected);\n}\nexpired();\n";

  it('anchored on `Error: ` pins, a template pinned by one of its texts (through a variable, or spelled by a pattern), an unanchored pattern does not', () => {
    const repo = smallRepo({ 'src/auth/tokens.ts': TOKENS, 'test/tokens.ts': TEST });
    const check = runCli(['check', '--format', 'json', '--transform', 'typed-throw'], repo);
    const findings = (JSON.parse(check.stdout) as { findings: Array<{ line: number; fixable: boolean }> }).findings;
    expect(findings.map((f) => `${f.line}: ${f.fixable}`)).toEqual(['2: false', '3: false', '4: false', '5: true']);
  });
});
