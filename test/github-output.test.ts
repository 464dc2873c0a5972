import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobSummary, SUMMARY_MAX_BYTES } from '../src/output/github-summary.js';
import type { Finding } from '../src/output/check-format.js';
import type { MigrationReport, ModuleReport } from '../src/report/model.js';
import { runCli } from './helpers/cli.js';
import { REPO_ROOT } from './helpers/paths.js';
import { smallRepo } from './helpers/small-repo.js';
import { tempDir } from './helpers/temp-repo.js';

const EXPECTED = path.join(REPO_ROOT, 'test/github-output');
const fixable = (i: number): string => `export const v${i} = (xs: string[]): string => xs[${i}]!;`;
const manual = (i: number): string => `export const c${i} = (h: { onClose?: () => void }): void => h.onClose!();`;

/** `check --format github` with a job summary file, as a GitHub Actions step runs it. */
function checkInActions(repo: string, ...args: string[]): { code: number; stdout: string; stderr: string; summary: string } {
  const summaryFile = path.join(tempDir(), 'step-summary.md');
  writeFileSync(summaryFile, '');
  const result = runCli(['check', '--format', 'github', '--transform', 'non-null', ...args], repo, { GITHUB_STEP_SUMMARY: summaryFile });
  return { ...result, summary: readFileSync(summaryFile, 'utf8') };
}

describe('check --format github', () => {
  it('0 findings: the verdict, and a summary with the module table', () => {
    const repo = smallRepo({ 'src/app/clean.ts': 'export const one = 1;\n' });
    const result = checkInActions(repo);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('No unmigrated sites in 1 files.\n');
    expect(result.summary).toBe(
      [
        '## migrate-errors check',
        '',
        'No unmigrated sites in 1 files.',
        '',
        '### Per module',
        '',
        '| Module | To migrate | Compliant | Files | Complete | non-null | Manual |',
        '|---|---|---|---|---|---|---|',
        '| `src/app` | 0 | 1 | 1 | 100% | 0 | 0 |',
        '',
        '',
      ].join('\n'),
    );
  });

  it('5 findings: every one annotated (manual as warnings first), no notice', () => {
    const repo = smallRepo({
      'src/app/a.ts': [fixable(0), manual(1), fixable(2)].join('\n') + '\n',
      'src/app/b.ts': [fixable(0), manual(1)].join('\n') + '\n',
    });
    const result = checkInActions(repo);
    expect(result.code).toBe(1);
    const manualMessage = 'non-null assertion on `h.onClose`: a method is called through the assertion; must() would call it without its `this`';
    expect(result.stdout).toBe(
      [
        `::warning file=src/app/a.ts,line=2,endLine=2,col=58,endColumn=68,title=migrate-errors non-null (manual)::${manualMessage}`,
        `::warning file=src/app/b.ts,line=2,endLine=2,col=58,endColumn=68,title=migrate-errors non-null (manual)::${manualMessage}`,
        '::error file=src/app/a.ts,line=1,endLine=1,col=45,endColumn=51,title=migrate-errors non-null::non-null assertion on `xs[0]`; `migrate-errors run` fixes it',
        '::error file=src/app/b.ts,line=1,endLine=1,col=45,endColumn=51,title=migrate-errors non-null::non-null assertion on `xs[0]`; `migrate-errors run` fixes it',
        '::error file=src/app/a.ts,line=3,endLine=3,col=45,endColumn=51,title=migrate-errors non-null::non-null assertion on `xs[2]`; `migrate-errors run` fixes it',
        '5 unmigrated site(s) in 2 of 2 files (3 fixable by `migrate-errors run`, 2 manual).',
        '',
      ].join('\n'),
    );
    expect(result.summary).toBe(
      [
        '## migrate-errors check',
        '',
        '**5 unmigrated site(s) in 2 of 2 files** (3 fixable by `migrate-errors run`, 2 manual).',
        '',
        '5 of them are annotated on the diff; all are in `migrate-errors check` (text or `--format json`).',
        '',
        '### Per module',
        '',
        '| Module | To migrate | Compliant | Files | Complete | non-null | Manual |',
        '|---|---|---|---|---|---|---|',
        '| `src/app` | 2 | 0 | 2 | 0% | 3 | 2 |',
        '',
        '### Top files',
        '',
        '| File | Module | Findings | Fixable | Manual |',
        '|---|---|---|---|---|',
        '| `src/app/a.ts` | `src/app` | 3 | 2 | 1 |',
        '| `src/app/b.ts` | `src/app` | 2 | 1 | 1 |',
        '',
        '',
      ].join('\n'),
    );
  });

  it('5 findings with --changed-since and --annotations 1: the changed files in order, then the notice', () => {
    const repo = smallRepo({ 'src/app/a.ts': 'export const one = 1;\n' }, { git: true });
    writeFileSync(path.join(repo, 'src/app/a.ts'), [fixable(0), manual(1), fixable(2)].join('\n') + '\n');
    writeFileSync(path.join(repo, 'src/app/b.ts'), [manual(0), fixable(1)].join('\n') + '\n');
    const result = runCli(['check', '--format', 'github', '--transform', 'non-null', '--changed-since', 'HEAD', '--annotations', '1'], repo);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        '::warning file=src/app/a.ts,line=2,endLine=2,col=58,endColumn=68,title=migrate-errors non-null (manual)::non-null assertion on `h.onClose`: a method is called through the assertion; must() would call it without its `this`',
        '::error file=src/app/a.ts,line=1,endLine=1,col=45,endColumn=51,title=migrate-errors non-null::non-null assertion on `xs[0]`; `migrate-errors run` fixes it',
        '::notice title=migrate-errors%3A more findings::3 more finding(s) not annotated (2 fixable, 1 manual): this step annotates at most 1 fixable and 1 manual site(s) (--annotations). All of them: `migrate-errors check` (text) or `--format json`.',
        '5 unmigrated site(s) in 2 of 2 files (3 fixable by `migrate-errors run`, 2 manual).',
        '',
      ].join('\n'),
    );
  });

  it('1,000 findings: 10 warnings and 10 errors spread over the files with the most, one notice, a capped summary', () => {
    const files: Record<string, string> = {};
    for (let k = 0; k < 40; k++) {
      const lines = Array.from({ length: 5 + k }, (_, i) => fixable(i));
      if (k % 8 === 0) lines.push(...Array.from({ length: 4 }, (_, i) => manual(i)));
      files[`src/m${Math.floor(k / 10)}/f${String(k).padStart(2, '0')}.ts`] = `${lines.join('\n')}\n`;
    }
    const repo = smallRepo(files);
    const result = checkInActions(repo);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(readFileSync(path.join(EXPECTED, '1000-findings.stdout.txt'), 'utf8'));
    expect(result.summary).toBe(readFileSync(path.join(EXPECTED, '1000-findings.summary.md'), 'utf8'));
  });

  it('--annotations takes a whole number, and only with --format github', () => {
    const repo = smallRepo({ 'src/app/clean.ts': 'export const one = 1;\n' });
    const bad = runCli(['check', '--format', 'github', '--annotations', 'ten'], repo);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'migrate-errors: --annotations ten: expected a whole number of annotations of each kind, 0 or more (GitHub shows at most 10 per step).\n',
    );
    const elsewhere = runCli(['check', '--annotations', '5'], repo);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toBe('migrate-errors: --annotations applies to --format github only (the format is text).\n');
  });

  it('a job summary that cannot be written is a warning, not a failure', () => {
    const repo = smallRepo({ 'src/app/clean.ts': 'export const one = 1;\n' });
    const result = runCli(['check', '--format', 'github'], repo, { GITHUB_STEP_SUMMARY: path.join(repo, 'no/such/dir/summary.md') });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`warning: cannot append the job summary to GITHUB_STEP_SUMMARY (${path.join(repo, 'no/such/dir/summary.md')}): ENOENT.\n`);
  });
});

describe('the job summary', () => {
  const moduleReport = (name: string, left: number): ModuleReport => ({
    name,
    files: { total: 1, migrated: left > 0 ? 1 : 0, compliant: left > 0 ? 0 : 1 },
    percentComplete: left > 0 ? 0 : 100,
    sites: { 'non-null': left },
    manualSites: 0,
    ignoredSites: 0,
    migratedFiles: [],
  });
  const report = (modules: ModuleReport[]) => ({ command: 'check', transforms: ['non-null'], modules }) as unknown as MigrationReport;
  const finding = (file: string): Finding =>
    ({ transform: 'non-null', file, module: 'm', line: 1, column: 1, endLine: 1, endColumn: 2, message: 'x', status: 'fixable', snippet: 'x!', scope: 'm' }) as Finding;
  const summary = { files: 150, unmigratedFiles: 150, findings: 150 };

  it('keeps the 100 modules with the most left to do, in the report order, and says how many it left out', () => {
    const modules = Array.from({ length: 150 }, (_, i) => moduleReport(`pkg/m${String(i).padStart(3, '0')}`, i));
    const text = jobSummary({ summary, findings: [], report: report(modules), annotated: 0 });
    const rows = text.split('\n').filter((line) => line.startsWith('| `pkg/'));
    expect(rows).toHaveLength(100);
    expect(rows[0]).toBe('| `pkg/m050` | 1 | 0 | 1 | 0% | 50 | 0 |');
    expect(text).toContain('\n50 more module(s) not shown (the 100 with the most to migrate are); `migrate-errors report` lists every one.\n');
  });

  it('stays under its byte budget whatever the names, and says it was cut', () => {
    const modules = Array.from({ length: 100 }, (_, i) => moduleReport(`pkg/${'very-long-folder-name/'.repeat(80)}m${i}`, 1));
    const text = jobSummary({ summary, findings: modules.map((m) => finding(`${m.name}/a.ts`)), report: report(modules), annotated: 0 });
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(text.endsWith('\n\n(The summary was cut at 128 KiB; `migrate-errors report` has everything.)\n')).toBe(true);
  });
});
