import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { SAMPLE_REPO } from './helpers/paths.js';
import { smallRepo } from './helpers/small-repo.js';
import { git, tempRepo } from './helpers/temp-repo.js';

interface CheckJson {
  summary: { files: number; unmigratedFiles: number; findings: number; baselined?: number };
  findings: Array<{ file: string; line: number; transform: string; message: string; fixable: boolean }>;
}
const json = (stdout: string): CheckJson => JSON.parse(stdout) as CheckJson;
const commit = (dir: string, message: string): void => {
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'commit', '-qm', message);
};

describe('check --baseline', () => {
  it('accepts what the baseline holds, fails on exactly the new site, survives edits above, and shrinks when sites are fixed', () => {
    const repo = tempRepo({ from: SAMPLE_REPO, git: true });
    const created = runCli(['check', '--baseline', 'migrate-errors.baseline.json', '--update-baseline'], repo);
    expect(created.code).toBe(0);
    const total = json(runCli(['check', '--format', 'json'], repo).stdout).summary.findings;
    expect(created.stdout).toBe(`Baseline migrate-errors.baseline.json: ${total} accepted finding(s).\n`);

    const clean = runCli(['check', '--baseline', 'migrate-errors.baseline.json'], repo);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe(`No new unmigrated sites in 42 files. ${total} accepted by the baseline.\n`);

    // Lines added above baselined sites do not make them new.
    const book = path.join(repo, 'pkg/dex/order_book.ts');
    const original = readFileSync(book, 'utf8');
    writeFileSync(book, `// Order book of the DEX.\n// Prices are kept sorted per side.\n\n${original}`);
    expect(runCli(['check', '--baseline', 'migrate-errors.baseline.json'], repo).code).toBe(0);

    // A new unmigrated site fails the check, and it is the only finding.
    writeFileSync(book, `${original}\nexport const bestBid = (book: { bids: bigint[] }): bigint => book.bids[0]!;\n`);
    const fresh = runCli(['check', '--format', 'json', '--baseline', 'migrate-errors.baseline.json'], repo);
    expect(fresh.code).toBe(1);
    const report = json(fresh.stdout);
    expect(report.summary).toEqual({ files: 42, unmigratedFiles: 1, findings: 1, baselined: total });
    expect(report.findings).toEqual([expect.objectContaining({ file: 'pkg/dex/order_book.ts', line: original.split('\n').length + 1, transform: 'non-null', fixable: true })]);

    // Fixing baselined sites makes them stale; updating shrinks the file.
    writeFileSync(book, original);
    const migrated = runCli(['run', '--force', '--transform', 'non-null', 'pkg/dex/order_book.ts'], repo);
    expect(migrated.code).toBe(0);
    const stale = runCli(['check', '--baseline', 'migrate-errors.baseline.json'], repo);
    expect(stale.code).toBe(0);
    expect(stale.stderr).toMatch(/^baseline: \d+ accepted finding\(s\) in migrate-errors\.baseline\.json no longer occur \(fixed\); run `migrate-errors check --baseline migrate-errors\.baseline\.json --update-baseline` to shrink it\.\n$/m);
    const before = JSON.parse(readFileSync(path.join(repo, 'migrate-errors.baseline.json'), 'utf8')).findings.length;
    const updated = runCli(['check', '--baseline', 'migrate-errors.baseline.json', '--update-baseline'], repo);
    const remaining = json(runCli(['check', '--format', 'json'], repo).stdout).summary.findings;
    expect(updated.stdout).toBe(`Baseline migrate-errors.baseline.json: ${remaining} accepted finding(s) (was ${total}).\n`);
    expect(remaining).toBeLessThan(total);
    expect(JSON.parse(readFileSync(path.join(repo, 'migrate-errors.baseline.json'), 'utf8')).findings.length).toBeLessThan(before);
  });

  it('a missing baseline file or --update-baseline alone is a usage error', () => {
    const repo = smallRepo({ 'src/app/a.ts': 'export const a = (x: string[]) => x[0]!;\n' });
    const missing = runCli(['check', '--baseline', 'nope.json'], repo);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('migrate-errors: --baseline nope.json: no such file. Create it with `migrate-errors check --baseline nope.json --update-baseline`.\n');
    const alone = runCli(['check', '--update-baseline'], repo);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toBe('migrate-errors: --update-baseline needs --baseline <file> to know which file to write.\n');
  });
});

describe('check --changed-since', () => {
  it('checks exactly the files changed since the ref: committed, staged and untracked', () => {
    const site = (name: string) => `export const ${name} = (xs: string[]): string => xs[0]!;\n`;
    const repo = smallRepo({ 'src/a/one.ts': site('one'), 'src/a/two.ts': site('two'), 'src/b/three.ts': site('three'), 'src/b/four.ts': site('four') });
    git(repo, 'branch', 'base');
    writeFileSync(path.join(repo, 'src/a/one.ts'), `${site('one')}${site('oneMore')}`);
    commit(repo, 'change one');
    writeFileSync(path.join(repo, 'src/a/two.ts'), `${site('two')}// staged\n`);
    git(repo, 'add', 'src/a/two.ts');
    writeFileSync(path.join(repo, 'src/b/five.ts'), site('five'));
    const result = runCli(['check', '--format', 'json', '--changed-since', 'base'], repo);
    expect(result.code).toBe(1);
    const report = json(result.stdout);
    expect([...new Set(report.findings.map((f) => f.file))]).toEqual(['src/a/one.ts', 'src/a/two.ts', 'src/b/five.ts']);
    expect(report.summary).toEqual({ files: 3, unmigratedFiles: 3, findings: 4 });
  });

  it('nothing changed is a pass, and an unknown ref is a usage error', () => {
    const repo = smallRepo({ 'src/a/one.ts': 'export const one = (xs: string[]): string => xs[0]!;\n' });
    const nothing = runCli(['check', '--changed-since', 'HEAD'], repo);
    expect(nothing.code).toBe(0);
    expect(nothing.stdout).toBe('No unmigrated sites in 0 files.\n');
    const unknown = runCli(['check', '--changed-since', 'no-such-branch'], repo);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('migrate-errors: --changed-since no-such-branch: no such commit, branch or tag. Fetch it first (e.g. `git fetch origin main`) or name another.\n');
  });
});

describe('inline opt-outs', () => {
  const source = [
    'const cache = new Map<string, number>();',
    '',
    'export function a(key: string): number {',
    '  // migrate-errors-ignore-next-line non-null -- the caller checked the key',
    '  return cache.get(key)!;',
    '}',
    '',
    'export function b(key: string): number {',
    '  // migrate-errors-ignore-next-line non-null',
    '  return cache.get(key)!;',
    '}',
    '',
    'export function c(key: string): number {',
    '  // migrate-errors-ignore-next-line non-null -- was needed before the refactor',
    '  return cache.get(key) ?? 0;',
    '}',
    '',
  ].join('\n');

  it('need a reason, are counted in the report, and are reported when they match nothing', () => {
    const repo = smallRepo({ 'src/app/cache.ts': source });
    const result = runCli(['check', '--format', 'json', '--report', 'report.md'], repo);
    expect(result.code).toBe(1);
    expect(json(result.stdout).findings.map((f) => f.line)).toEqual([10]);
    expect(result.stderr).toBe(
      'opt-out src/app/cache.ts:9: has no reason, so it is not honoured; add `-- <why>` to it\n' +
        'opt-out src/app/cache.ts:14: matches no site any more; remove it\n',
    );
    const report = JSON.parse(readFileSync(path.join(repo, 'report.json'), 'utf8'));
    expect(report.summary.ignoredSites).toBe(1);
    expect(report.ignored).toEqual([
      { module: 'src/app', transform: 'non-null', file: 'src/app/cache.ts', line: 5, column: 10, message: 'non-null assertion on `cache.get(key)`', reason: 'the caller checked the key' },
    ]);
    expect(report.staleDirectives).toEqual([{ file: 'src/app/cache.ts', line: 14 }]);
    const markdown = readFileSync(path.join(repo, 'report.md'), 'utf8');
    expect(markdown).toContain('| `src/app/cache.ts:5` | `non-null` | non-null assertion on `cache.get(key)` | the caller checked the key |');
  });
});

describe('run --interactive', () => {
  const site = (name: string) => `export const ${name} = (xs: string[]): string => xs[0]!;\n`;

  it('writes only the accepted files and the report says what was skipped', () => {
    const repo = smallRepo({ 'src/a/one.ts': site('one'), 'src/a/two.ts': site('two'), 'src/a/three.ts': site('three'), 'src/a/four.ts': site('four') });
    const result = runCli(['run', '--interactive', '--report', 'report.md'], repo, {}, 'y\nn\nmaybe\na\n');
    expect(result.code).toBe(0);
    // Files are reviewed in path order: four, one, three, two.
    expect(result.stdout.match(/^\[\d\/4\] .+$/gm)).toEqual(['[1/4] src/a/four.ts', '[2/4] src/a/one.ts', '[3/4] src/a/three.ts']);
    expect(result.stdout).toContain('Apply? [y]es, [n]o, [a]ll remaining, [q]uit: maybe\nPlease answer y, n, a or q.\n');
    expect(result.stdout).toMatch(/^Migrated 3 of 4 files: 3 non-null\. 0 manual site\(s\), 0 ignored, 1 file\(s\) skipped in review; report: .*report\.md\.$/m);
    const changed = git(repo, 'status', '--porcelain').split('\n').filter((l) => l.startsWith(' M')).map((l) => l.slice(3));
    expect(changed.sort()).toEqual(['src/a/four.ts', 'src/a/three.ts', 'src/a/two.ts']);
    const report = JSON.parse(readFileSync(path.join(repo, 'report.json'), 'utf8'));
    expect(report.notWritten).toEqual(['src/a/one.ts']);
    expect(report.summary.filesMigrated).toBe(3);
    expect(readFileSync(path.join(repo, 'report.md'), 'utf8')).toContain('### Not written (1)');
  });

  it('quit, or the end of input, writes nothing more', () => {
    const repo = smallRepo({ 'src/a/one.ts': site('one'), 'src/a/two.ts': site('two') });
    const result = runCli(['run', '--interactive'], repo, {}, 'q\n');
    expect(result.code).toBe(0);
    // Only the report, which lists the files not written.
    expect(git(repo, 'status', '--porcelain', '--untracked-files=all')).toBe('?? migration-report.json\n?? migration-report.md\n');
    expect(result.stdout).toMatch(/^Migrated 0 of 2 files: no sites\. 0 manual site\(s\), 0 ignored, 2 file\(s\) skipped in review; report: .*migration-report\.md\.$/m);
  });
});
