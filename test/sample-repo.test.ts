import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { REPO_ROOT, SAMPLE_REPO } from './helpers/paths.js';
import { git, snapshotTree, tempDir, tempRepo, withoutReports } from './helpers/temp-repo.js';
import { typeCheck } from './helpers/tsc.js';

interface CheckJson {
  version: number;
  root: string;
  summary: { files: number; unmigratedFiles: number; findings: number };
  findings: Array<{ file: string; line: number; column: number; endLine: number; endColumn: number; transform: string; module: string; message: string; fixable: boolean }>;
}

/** The whole pipeline on a temporary git copy of the bundled sample repository. */
describe('sample repository', () => {
  let repo: string;
  let before: CheckJson;
  let checkBefore: ReturnType<typeof runCli>;
  let dryRun: ReturnType<typeof runCli>;
  let run: ReturnType<typeof runCli>;
  let original: Map<string, Buffer>;
  let migrated: Map<string, Buffer>;

  beforeAll(() => {
    repo = tempRepo({ from: SAMPLE_REPO, git: true });
    original = snapshotTree(repo);
    checkBefore = runCli(['check', '--format', 'json'], repo);
    before = JSON.parse(checkBefore.stdout) as CheckJson;
    dryRun = runCli(['run', '--dry-run'], repo);
    run = runCli(['run', '--report', 'migration-report.md'], repo);
    migrated = snapshotTree(repo);
  });

  it('type-checks before migrating', () => {
    const copy = tempRepo({ from: SAMPLE_REPO });
    expect(typeCheck(copy)).toEqual({ code: 0, output: '' });
  });

  it('holds the standard module exactly as `init` writes it', () => {
    expect(readFileSync(path.join(SAMPLE_REPO, 'pkg/errors/index.ts'), 'utf8')).toBe(readFileSync(path.join(REPO_ROOT, 'src/standard/errors-module.ts'), 'utf8'));
  });

  it('`check` exits 1 before, with the JSON findings of SPEC section 3', () => {
    expect(checkBefore.code).toBe(1);
    expect(before.version).toBe(1);
    expect(before.root).toBe(repo);
    expect(before.summary.findings).toBe(before.findings.length);
    expect(before.summary.unmigratedFiles).toBe(new Set(before.findings.map((f) => f.file)).size);
    expect(before.findings).toContainEqual({
      file: 'pkg/dex/order_book.ts',
      line: 52,
      column: 5,
      endLine: 52,
      endColumn: 29,
      transform: 'non-null',
      module: 'pkg/dex',
      message: 'non-null assertion on `levels.get(order.price)`',
      fixable: true,
    });
    // Excluded by default: tests, generated code, .gitignore'd files, the standard module itself.
    const files = new Set(before.findings.map((f) => f.file));
    for (const excluded of ['pkg/workflow/workflow.test.ts', 'x/market/keeper/types.generated.ts', 'pkg/dex/scratch.local.ts']) {
      expect(files.has(excluded)).toBe(false);
    }
    expect([...files].some((f) => f.startsWith('pkg/errors/'))).toBe(false);
  });

  it('`run` migrates and the result type-checks', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Migrated \d+ of \d+ files: /m);
    expect(typeCheck(repo)).toEqual({ code: 0, output: '' });
  });

  it('`run --dry-run` writes nothing, and its diff applied with `git apply` gives exactly the tree `run` gives', () => {
    expect(dryRun.code).toBe(0);
    const copy = tempRepo({ from: SAMPLE_REPO, git: true });
    expect(snapshotTree(copy)).toEqual(original);
    writeFileSync(path.join(copy, '.git/migration.patch'), dryRun.stdout);
    git(copy, 'apply', '--whitespace=nowarn', '.git/migration.patch');
    const applied = snapshotTree(copy);
    // The report and the code registry are written by `run` itself, not by the diff.
    const expected = new Map([...migrated].filter(([file]) => !file.startsWith('migration-report.') && file !== 'errors.codes.json'));
    expect(applied).toEqual(expected);
  });

  it('keeps CRLF line endings and the UTF-8 BOM of the files that have them', () => {
    const crlf = migrated.get('pkg/dex/price_oracle.ts')!.toString('utf8');
    expect(crlf).not.toBe(original.get('pkg/dex/price_oracle.ts')!.toString('utf8'));
    expect(crlf.split('\n').slice(0, -1).every((line) => line.endsWith('\r'))).toBe(true);
    const bom = migrated.get('x/veid/keeper/scoring.ts')!;
    expect(bom.equals(original.get('x/veid/keeper/scoring.ts')!)).toBe(false);
    expect([...bom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bom.subarray(3).includes(Buffer.from('\uFEFF'))).toBe(false);
  });

  it('a second `run` changes no byte', () => {
    const again = runCli(['run', '--force'], repo);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Migrated 0 of \d+ files/m);
    expect(withoutReports(snapshotTree(repo))).toEqual(withoutReports(migrated));
  });

  it('after `run`, `check` lists only the manual sites; once a person resolves them it exits 0', () => {
    const after = runCli(['check', '--format', 'json'], repo);
    expect(after.code).toBe(1);
    const manual = (JSON.parse(after.stdout) as CheckJson).findings;
    expect(manual.every((f) => !f.fixable)).toBe(true);
    expect(manual.map((f) => f.file)).toEqual(before.findings.filter((f) => !f.fixable).map((f) => f.file));
    // A person reviews each manual site and opts it out with a reason.
    const byFile = new Map<string, number[]>();
    for (const f of manual) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f.line]);
    for (const [file, lines] of byFile) {
      const full = path.join(repo, file);
      const text = readFileSync(full, 'utf8').split('\n');
      for (const line of [...lines].sort((a, b) => b - a)) {
        const indent = /^\s*/.exec(text[line - 1]!)![0];
        text.splice(line - 1, 0, `${indent}// migrate-errors-ignore-next-line -- reviewed: safe as written`);
      }
      writeFileSync(full, text.join('\n'));
    }
    const resolved = runCli(['check'], repo);
    expect(resolved.stdout).toMatch(/^No unmigrated sites in \d+ files\.$/m);
    expect(resolved.code).toBe(0);
  });

  it('writes the Markdown and JSON reports', () => {
    const json = JSON.parse(readFileSync(path.join(repo, 'migration-report.json'), 'utf8'));
    const markdown = readFileSync(path.join(repo, 'migration-report.md'), 'utf8');
    expect(json.command).toBe('run');
    expect(json.summary.filesScanned).toBe(before.summary.files);
    expect(json.modulesNotRequiringMigration).toContain('pkg/util');
    expect(markdown).toContain('## Summary');
    expect(markdown).toContain('## Per module');
    expect(markdown).toContain('## Modules not requiring migration');
    expect(markdown).toContain('## Known limitations');
    expect(markdown).toContain(`| Files scanned | ${before.summary.files} |`);
  });

  it('skips files that .gitignore ignores, and files that only differ from them by name are checked', () => {
    const copy = tempRepo({ from: SAMPLE_REPO });
    const site = 'export const pick = (xs: number[]): number => xs[0]!;\n';
    writeFileSync(path.join(copy, 'pkg/dex/scratch.local.ts'), site);
    writeFileSync(path.join(copy, 'pkg/dex/scratch.ts'), site);
    const files = (JSON.parse(runCli(['check', '--format', 'json'], copy).stdout) as CheckJson).findings.map((f) => f.file);
    expect(files).toContain('pkg/dex/scratch.ts');
    expect(files).not.toContain('pkg/dex/scratch.local.ts');
  });

  it('names a file that does not parse, leaves it byte-identical, and migrates the rest', () => {
    const copy = tempRepo({ from: SAMPLE_REPO, git: true });
    const broken = 'export function broken( {\n  return lookup()!;\n';
    writeFileSync(path.join(copy, 'pkg/dex/broken.ts'), broken);
    git(copy, 'add', '-A');
    git(copy, '-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-qm', 'broken');
    const result = runCli(['run'], copy);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("skipped pkg/dex/broken.ts: does not parse (2:10: ':' expected.); fix the syntax error to migrate it\n");
    expect(readFileSync(path.join(copy, 'pkg/dex/broken.ts'), 'utf8')).toBe(broken);
    expect(snapshotTree(copy).get('pkg/dex/order_book.ts')).toEqual(migrated.get('pkg/dex/order_book.ts'));
  });
});

describe('the packed tarball', () => {
  it('runs from another folder with `npx <tarball>`', () => {
    const out = tempDir('migrate-errors-pack-');
    // `npm test` has built dist/ already; running `prepare` again would rebuild it under other tests' feet.
    const packed = execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', out], { cwd: REPO_ROOT, encoding: 'utf8' }).trim().split('\n').pop()!;
    const target = tempRepo({ from: SAMPLE_REPO });
    const result = spawnSync('npx', ['--yes', '--prefer-offline', `./${packed}`, 'check', target], {
      cwd: out,
      encoding: 'utf8',
      env: { ...process.env, npm_config_loglevel: 'error' },
    });
    expect(result.stderr).not.toContain('migrate-errors:');
    expect(result.stdout).toMatch(/^\d+ unmigrated site\(s\) in \d+ of 42 files/m);
    expect(result.status).toBe(1);
  }, 300_000);
});
