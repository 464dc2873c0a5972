import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { SAMPLE_REPO } from '../helpers/paths.js';
import { readJson } from '../helpers/report.js';
import { smallRepo } from '../helpers/small-repo.js';
import { tempRepo } from '../helpers/temp-repo.js';

const CONFIG = {
  compliance: {
    'max-file-lines': { limit: 20, fail: true },
    rules: [
      { id: 'joblog', description: 'Every job logs its start', require: 'calls:jobLog.start', files: 'src/jobs/**', fail: true },
      { id: 'no-console', description: 'No console logging', forbid: 'console\\.log\\(' },
    ],
  },
};

const constants = (n: number): string => Array.from({ length: n }, (_, i) => `export const LIMIT_${i} = ${i}; // tuned by hand\n\n`).join('');

/** Nothing to migrate, so `check` fails only on what `--compliance` adds. */
const FILES = {
  'migrate-errors.config.json': `${JSON.stringify(CONFIG, null, 2)}\n`,
  'src/jobs/log.ts': 'export const jobLog = { start(name: string): void { void name; } };\n',
  'src/jobs/run.ts': [
    "import { jobLog } from './log.js';",
    '',
    'export async function nightly(): Promise<void> {',
    "  jobLog.start('nightly');",
    '}',
    '',
    'export async function hourly(): Promise<number> {',
    '  return 1;',
    '}',
    '',
  ].join('\n'),
  'src/jobs/limits.ts': constants(24),
  'src/api/errors.ts': 'export class ApiError extends Error {}\n',
  'src/api/handler.ts': "import { ApiError } from './errors.js';\n\nexport function handle(ok: boolean): void {\n  console.log(ok);\n  if (!ok) throw new ApiError('refused');\n}\n",
};

describe('compliance: the report section and `check --compliance`', () => {
  let repo: string;
  beforeAll(() => {
    repo = smallRepo(FILES);
  });

  it('reports each rule with its status and evidence, project-wide and per module', () => {
    const result = runCli(['report', '--report', 'r.md'], repo);
    expect(result.code).toBe(0);
    const { compliance } = readJson(repo, 'r.json');
    expect(compliance.lineCounting).toBe('non-blank lines that hold more than a comment');
    expect(compliance.rules.map((rule: { id: string; status: string; evidence: string }) => `${rule.id}: ${rule.status}; ${rule.evidence}`)).toEqual([
      'no-non-null: compliant; 0 of 0 sites unmigrated',
      'no-floating-promises: compliant; 0 of 0 sites unmigrated',
      'no-unprotected-timers: compliant; 0 of 0 sites unmigrated',
      'no-untyped-throws: compliant; 0 of 0 sites unmigrated',
      'rethrows-carry-context: compliant; 0 of 0 sites unmigrated',
      'max-file-lines: violations; largest file 24 lines (`src/jobs/limits.ts`); 1 of 5 files over 20',
      'standard-import: violations; 1 import of another error module in 1 file that throws or catches',
      'joblog: violations; 1 of 2 exported async functions without the call',
      'no-console: violations; 1 match in 5 files',
    ]);
    const perModule = compliance.modules.map((m: { name: string; rules: Array<{ id: string; violations: number }> }) => `${m.name} ${m.rules.map((r) => r.violations).join(' ')}`);
    expect(perModule).toEqual(['src/api 0 0 0 0 0 0 1 0 1', 'src/jobs 0 0 0 0 0 1 0 1 0']);
    expect(compliance.violations).toEqual([
      { rule: 'standard-import', module: 'src/api', file: 'src/api/handler.ts', line: 1, column: 1, message: 'imports the error module `./errors.js`, which does not use the standard' },
      { rule: 'no-console', module: 'src/api', file: 'src/api/handler.ts', line: 4, column: 3, message: '`console.log(` matches the forbidden `console\\.log\\(`' },
      { rule: 'max-file-lines', module: 'src/jobs', file: 'src/jobs/limits.ts', line: 1, column: 1, lines: 24, message: '24 lines of code, over the limit of 20' },
      { rule: 'joblog', module: 'src/jobs', file: 'src/jobs/run.ts', line: 7, column: 23, message: 'exported async function `hourly` does not call `jobLog.start`' },
    ]);

    const markdown = readFileSync(path.join(repo, 'r.md'), 'utf8');
    const section = markdown.slice(markdown.indexOf('## Compliance'));
    expect(section).toContain(
      [
        '| Rule | Status | Evidence |',
        '|---|---|---|',
        '| `no-non-null`: No non-null assertions (`must(x, what)` instead of `x!`) | Compliant | 0 of 0 sites unmigrated |',
      ].join('\n'),
    );
    expect(section).toContain('| `max-file-lines`: No file longer than 20 lines of code | 1 violation (fails `check --compliance`) | largest file 24 lines (`src/jobs/limits.ts`); 1 of 5 files over 20 |');
    expect(section).toContain('| `no-console`: No console logging | 1 violation | 1 match in 5 files |');
    expect(section).toContain('| `src/jobs` | compliant | compliant | compliant | compliant | compliant | 1 violation (largest 24) | compliant | 1 violation | compliant |');
    expect(section).toContain('### Files over 20 lines of code (1)\n\n| File | Module | Lines of code |\n|---|---|---|\n| `src/jobs/limits.ts` | `src/jobs` | 24 |');
    expect(section).toContain('| `src/jobs/run.ts:7` | `joblog` | exported async function `hourly` does not call `jobLog.start` |');
  });

  it('shows the change since the previous report', () => {
    const copy = smallRepo(FILES);
    expect(runCli(['report', '--report', 'r.md'], copy).code).toBe(0);
    writeFileSync(path.join(copy, 'src/jobs/limits.ts'), constants(12));
    expect(runCli(['report', '--report', 'r.md'], copy).code).toBe(0);
    const markdown = readFileSync(path.join(copy, 'r.md'), 'utf8');
    expect(markdown).toContain('| Rule | Status | Evidence | Change |');
    expect(markdown).toContain('| `max-file-lines`: No file longer than 20 lines of code | Compliant | largest file 12 lines (`src/jobs/limits.ts`); 0 of 5 files over 20 | largest file 24 -> 12 lines; 1 -> 0 violations |');
    expect(markdown).toContain('| `no-console`: No console logging | 1 violation | 1 match in 5 files | unchanged |');
    expect(markdown).toContain('| `src/jobs` | compliant | compliant | compliant | compliant | compliant | compliant (largest 12, was 1 violation) | compliant | 1 violation | compliant |');
  });

  it('`check` passes without --compliance, and fails with it on the rules marked "fail": true', () => {
    expect(runCli(['check'], repo)).toMatchObject({ code: 0 });
    const text = runCli(['check', '--compliance'], repo);
    expect(text.code).toBe(1);
    expect(text.stdout.split('\n').slice(0, 2)).toEqual([
      'src/jobs/limits.ts:1:1 manual max-file-lines 24 lines of code, over the limit of 20 (compliance rule max-file-lines: No file longer than 20 lines of code)',
      'src/jobs/run.ts:7:23 manual joblog exported async function `hourly` does not call `jobLog.start` (compliance rule joblog: Every job logs its start)',
    ]);
    expect(text.stdout).not.toContain('no-console');
    expect(text.stdout).not.toContain('standard-import');
  });

  it('gives the findings in every format: json, sarif (the rule id as the SARIF rule), github', () => {
    const json = JSON.parse(runCli(['check', '--compliance', '--format', 'json'], repo).stdout);
    expect(json.findings).toEqual([
      { file: 'src/jobs/limits.ts', line: 1, column: 1, endLine: 1, endColumn: 1, transform: 'max-file-lines', module: 'src/jobs', message: '24 lines of code, over the limit of 20 (manual: compliance rule max-file-lines: No file longer than 20 lines of code)', fixable: false },
      { file: 'src/jobs/run.ts', line: 7, column: 23, endLine: 7, endColumn: 23, transform: 'joblog', module: 'src/jobs', message: 'exported async function `hourly` does not call `jobLog.start` (manual: compliance rule joblog: Every job logs its start)', fixable: false },
    ]);

    const sarif = runCli(['check', '--compliance', '--format', 'sarif'], repo);
    expect(sarif.code).toBe(1);
    const run = JSON.parse(sarif.stdout).runs[0];
    const rules = run.tool.driver.rules.map((rule: { id: string }) => rule.id);
    expect(rules.slice(-2)).toEqual(['max-file-lines', 'joblog']);
    expect(run.results.map((r: { ruleId: string; ruleIndex: number; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }) => [r.ruleId, rules[r.ruleIndex], r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region.startLine])).toEqual([
      ['max-file-lines', 'max-file-lines', 'src/jobs/limits.ts', 1],
      ['joblog', 'joblog', 'src/jobs/run.ts', 7],
    ]);
    expect(run.tool.driver.rules.at(-1).help.text).toBe('Every job logs its start. A compliance rule of the project (the config\'s "compliance"); `migrate-errors run` does not fix it: change the code, or set "fail": false to only report it.');

    const github = runCli(['check', '--compliance', '--format', 'github'], repo);
    expect(github.code).toBe(1);
    expect(github.stdout).toMatch(/^::\w+ file=src\/jobs\/limits\.ts,line=1,.*title=migrate-errors max-file-lines.*::24 lines of code, over the limit of 20/m);
    expect(github.stdout).toMatch(/^::\w+ file=src\/jobs\/run\.ts,line=7,.*title=migrate-errors joblog.*::exported async function `hourly` does not call `jobLog\.start`/m);
  });

  it('`check --compliance` passes when only rules that report are broken', () => {
    const relaxed = { compliance: { ...CONFIG.compliance, 'max-file-lines': 20, rules: CONFIG.compliance.rules.map((rule) => ({ ...rule, fail: false })) } };
    const copy = smallRepo({ ...FILES, 'migrate-errors.config.json': JSON.stringify(relaxed) });
    expect(runCli(['check', '--compliance'], copy)).toMatchObject({ code: 0 });
  });

  it('a bad rule in the config exits 2 with the file, line and column', () => {
    const copy = smallRepo({ ...FILES, 'migrate-errors.config.json': '{\n  "compliance": {\n    "rules": [{ "id": "x", "description": "d", "require": "kind:Nope" }]\n  }\n}\n' });
    const result = runCli(['check', '--compliance'], copy);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `migrate-errors: ${path.join(copy, 'migrate-errors.config.json')}:3:59: "compliance.rules[0].require" names no TypeScript syntax kind ("Nope"); write it as TypeScript names it, such as "kind:NonNullExpression". Fix it and run again.\n`,
    });
  });
});

describe('compliance in the sample repository', () => {
  it('shows one file over the configured limit and the team rule', () => {
    const repo = tempRepo({ from: SAMPLE_REPO });
    expect(runCli(['report', '--report', 'r.md'], repo).code).toBe(0);
    const markdown = readFileSync(path.join(repo, 'r.md'), 'utf8');
    expect(markdown).toContain('| `max-file-lines`: No file longer than 120 lines of code | 1 violation | largest file 125 lines (`pkg/provider_daemon/bid_engine.ts`); 1 of 42 files over 120 |');
    expect(markdown).toContain('| `logger-only`: Log through the shared logger (pkg/util/logger.ts), never the console | Compliant | 0 matches in 42 files |');
    expect(markdown).toContain('| `standard-import`: Files that throw or catch use the standard, not a second error module | 15 violations | 15 imports of another error module in 24 files that throw or catch |');
    expect(markdown).toContain('### Files over 120 lines of code (1)\n\n| File | Module | Lines of code |\n|---|---|---|\n| `pkg/provider_daemon/bid_engine.ts` | `pkg/provider_daemon` | 125 |');
  });
});
