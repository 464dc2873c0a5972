import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { smallRepo } from './helpers/small-repo.js';

describe('error classes of the code base', () => {
  it('are kept with their throws, and listed in the report', () => {
    const repo = smallRepo({
      'src/ledger/errors.ts': `export class LedgerError extends Error {}
export class FrozenError extends LedgerError {}
export const Anonymous = class extends TypeError {};
export class Plain {}
`,
      'src/ledger/debit.ts': `import { FrozenError, LedgerError } from './errors.js';

export function debit(frozen: boolean): never {
  if (frozen) throw new FrozenError('account frozen');
  throw new LedgerError('insufficient funds');
}
`,
    });
    const report = runCli(['report', '--transform', 'typed-throw', '--report', 'out/report.md'], repo);
    expect(report.code).toBe(0);
    const json = JSON.parse(readFileSync(path.join(repo, 'out/report.json'), 'utf8')) as { kept: unknown[]; summary: { typedThrows: number; manualSites: number } };
    expect(json.summary.typedThrows).toBe(0);
    expect(json.summary.manualSites).toBe(0);
    const message = (name: string, base: string): string => `${name} extends \`${base}\`: an error class of the code base, kept with its throws as they are`;
    expect(json.kept).toEqual([
      { module: 'src/ledger', transform: 'typed-throw', file: 'src/ledger/errors.ts', line: 1, message: message('`LedgerError`', 'Error') },
      { module: 'src/ledger', transform: 'typed-throw', file: 'src/ledger/errors.ts', line: 2, message: message('`FrozenError`', 'LedgerError') },
      { module: 'src/ledger', transform: 'typed-throw', file: 'src/ledger/errors.ts', line: 3, message: message('an anonymous class', 'TypeError') },
    ]);
    const markdown = readFileSync(path.join(repo, 'out/report.md'), 'utf8');
    expect(markdown.slice(markdown.indexOf('### Kept as they are'), markdown.indexOf('\n\n', markdown.indexOf('| `src/ledger/errors.ts:3`')))).toBe(
      [
        '### Kept as they are (3)',
        '',
        'Found, and deliberately not changed: not findings.',
        '',
        '| Where | Transform | What |',
        '|---|---|---|',
        `| \`src/ledger/errors.ts:1\` | \`typed-throw\` | ${message('`LedgerError`', 'Error')} |`,
        `| \`src/ledger/errors.ts:2\` | \`typed-throw\` | ${message('`FrozenError`', 'LedgerError')} |`,
        `| \`src/ledger/errors.ts:3\` | \`typed-throw\` | ${message('an anonymous class', 'TypeError')} |`,
      ].join('\n'),
    );
  });
});

describe('a module whose code range is full', () => {
  it('leaves new errors manual with a clear reason, never wrapping around', () => {
    const codes = Array.from({ length: 100 }, (_, i) => ({ code: 1000 + i, text: `error ${i}`, category: 'internal' }));
    const registry = { version: 1, rangeSize: 100, nextRangeStart: 1100, modules: { 'src/app': { range: [1000, 1099], next: 1100, codes } } };
    const repo = smallRepo({
      'errors.codes.json': `${JSON.stringify(registry, null, 2)}\n`,
      'src/app/main.ts': `export function main(n: number): void {
  if (n === 0) throw new Error('error 7');
  throw new Error('a new error');
}
`,
    });
    const check = runCli(['check', '--format', 'json', '--transform', 'typed-throw'], repo);
    expect(check.code).toBe(1);
    const findings = (JSON.parse(check.stdout) as { findings: Array<{ line: number; message: string; fixable: boolean }> }).findings;
    expect(findings.map(({ line, message, fixable }) => ({ line, message, fixable }))).toEqual([
      { line: 2, message: "plain Error thrown: `new Error('error 7')` (InternalError)", fixable: true },
      {
        line: 3,
        message:
          "plain Error thrown: `new Error('a new error')` (manual: module src/app has used all 100 codes of its range 1000-1099 in errors.codes.json; codes are never reused, so give this error one of the module's existing codes by hand)",
        fixable: false,
      },
    ]);
    expect(runCli(['run', '--force', '--transform', 'typed-throw'], repo).code).toBe(0);
    expect(readFileSync(path.join(repo, 'src/app/main.ts'), 'utf8')).toBe(`import { InternalError } from '../errors/index.js';

export function main(n: number): void {
  if (n === 0) throw new InternalError('src/app', 1007, 'error 7');
  throw new Error('a new error');
}
`);
    expect(JSON.parse(readFileSync(path.join(repo, 'errors.codes.json'), 'utf8'))).toEqual(registry);
  });
});
