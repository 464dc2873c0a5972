import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { BIN } from './helpers/paths.js';
import { smallRepo } from './helpers/small-repo.js';
import { git, snapshotTree, tempRepo } from './helpers/temp-repo.js';

const site = (name: string): string => `export const ${name} = (xs: string[]): string => xs[0]!;\n`;
const migratedSite = (name: string): string =>
  `import { must } from '../errors/index.js';\n\nexport const ${name} = (xs: string[]): string => must(xs[0], 'xs[0]');\n`;

describe('interruption', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s while writing leaves every file fully original or fully migrated, names the written ones, and exits %i', async (signal, exitCode) => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 600; i++) files[`src/app/f${String(i).padStart(3, '0')}.ts`] = site(`f${i}`);
    const repo = smallRepo(files);
    const child = spawn(process.execPath, [BIN, 'run', '--verbose', '--transform', 'non-null'], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const first = stdout === '';
        stdout += chunk.toString();
        if (first) child.kill(signal);
      });
      child.on('close', resolve);
    });
    expect(code).toBe(exitCode);
    const match = new RegExp(`^Interrupted \\(${signal}\\): wrote (\\d+) of 600 files: (.*)\\. Every other file is as it was; run again to finish\\.$`, 'm').exec(stderr);
    expect(match, stderr).not.toBeNull();
    const written = new Set(match![2]!.split(', '));
    expect(written.size).toBe(Number(match![1]));
    expect(written.size).toBeGreaterThan(0);
    expect(written.size).toBeLessThan(600);
    for (let i = 0; i < 600; i++) {
      const file = `src/app/f${String(i).padStart(3, '0')}.ts`;
      const text = readFileSync(path.join(repo, file), 'utf8');
      expect(text).toBe(written.has(file) ? migratedSite(`f${i}`) : site(`f${i}`));
    }
    expect(git(repo, 'status', '--porcelain').split('\n').filter(Boolean)).toHaveLength(written.size);
  }, 120_000);
});

describe('hostile and odd input', () => {
  it('each odd file gets one clear message, nothing is damaged, and the rest migrates', () => {
    const repo = smallRepo({
      'src/app/binary.ts': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02]),
      'src/app/latin1.ts': Buffer.from('export const caf\xe9 = 1;\n', 'latin1'),
      'src/app/empty.ts': '',
      'src/app/syntax.ts': 'export const = ;\n',
      'src/app/no-check.ts': `// @ts-nocheck\n${site('noCheck')}`,
      'src/app/with space/ünïcode file.ts': site('spaced'),
      'src/app/huge.ts': `export const data = [${'1, '.repeat(2_400_000)}];\n`,
      'src/app/read-only.ts': site('readOnly'),
      'src/app/kinds.tsx': 'export const View = (p: { name?: string }) => <b>{p.name!}</b>;\n',
      'src/app/kinds.mts': site('mts'),
      'src/app/kinds.cts': site('cts'),
      'outside/target.ts': site('outside'),
    });
    writeFileSync(path.join(repo, 'tsconfig.json'), readFileSync(path.join(repo, 'tsconfig.json'), 'utf8').replace('"noEmit": true', '"noEmit": true, "jsx": "preserve"'));
    symlinkSync(path.join(repo, 'outside/target.ts'), path.join(repo, 'src/app/link.ts'));
    mkdirSync(path.join(repo, 'src/app/loop'));
    symlinkSync('..', path.join(repo, 'src/app/loop/up'));
    chmodSync(path.join(repo, 'src/app/read-only.ts'), 0o444);
    git(repo, 'add', '-A');
    git(repo, '-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-qm', 'odd files');
    const before = snapshotTree(repo);

    const result = runCli(['run', '--include', 'src/**/*.{ts,tsx,mts,cts}'], repo);
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines).toContain('skipped src/app/binary.ts: binary content (a NUL byte); not a source file');
    expect(lines).toContain('skipped src/app/latin1.ts: not valid UTF-8; re-save it as UTF-8 to migrate it');
    expect(lines).toContain("skipped src/app/syntax.ts: does not parse (1:14: Variable declaration expected.); fix the syntax error to migrate it");
    expect(lines).toContain('skipped src/app/huge.ts: too large for a hand-written source file (6.9 MiB); if it is generated, add it to "exclude"');
    expect(lines).toContain('skipped src/app/link.ts: a symbolic link; links are never followed, so migrate the file it points to where it lives');
    expect(lines).toContain('error src/app/read-only.ts: not written: the file is read-only; make it writable to migrate it');

    const after = snapshotTree(repo);
    for (const unchanged of ['src/app/binary.ts', 'src/app/latin1.ts', 'src/app/syntax.ts', 'src/app/huge.ts', 'src/app/read-only.ts', 'src/app/empty.ts', 'outside/target.ts']) {
      // Buffer.equals: a deep toEqual walks a 7 MB buffer byte by byte, for minutes.
      expect(after.get(unchanged)!.equals(before.get(unchanged)!), unchanged).toBe(true);
    }
    expect(statSync(path.join(repo, 'src/app/read-only.ts')).mode & 0o777).toBe(0o444);
    expect(after.get('src/app/with space/ünïcode file.ts')!.toString()).toContain("must(xs[0], 'xs[0]')");
    expect(after.get('src/app/no-check.ts')!.toString()).toContain("must(xs[0], 'xs[0]')");
    expect(after.get('src/app/kinds.tsx')!.toString()).toBe(
      "import { must } from '../errors/index.js';\n\nexport const View = (p: { name?: string }) => <b>{must(p.name, 'p.name')}</b>;\n",
    );
    expect(after.get('src/app/kinds.mts')!.toString()).toContain("import { must } from '../errors/index.js';");
    expect(after.get('src/app/kinds.cts')!.toString()).toContain("import { must } from '../errors/index.js';");
  });

  it('a dry-run diff of paths with spaces and unicode applies with git apply', () => {
    const repo = smallRepo({ 'src/my app/ünïcode file.ts': site('spaced') });
    const dry = runCli(['run', '--dry-run'], repo);
    expect(dry.code).toBe(0);
    writeFileSync(path.join(repo, '.git/p.patch'), dry.stdout);
    git(repo, 'apply', '.git/p.patch');
    expect(readFileSync(path.join(repo, 'src/my app/ünïcode file.ts'), 'utf8')).toBe(migratedSite('spaced'));
  });

  it('keeps the file mode of an executable script', () => {
    const repo = smallRepo({ 'src/app/tool.ts': `#!/usr/bin/env node\n${site('tool')}` });
    chmodSync(path.join(repo, 'src/app/tool.ts'), 0o755);
    expect(runCli(['run', '--force'], repo).code).toBe(0);
    expect(statSync(path.join(repo, 'src/app/tool.ts')).mode & 0o777).toBe(0o755);
    expect(readFileSync(path.join(repo, 'src/app/tool.ts'), 'utf8')).toBe(
      "#!/usr/bin/env node\nimport { must } from '../errors/index.js';\n\nexport const tool = (xs: string[]): string => must(xs[0], 'xs[0]');\n",
    );
  });

  it('JavaScript files are migrated under allowJs', () => {
    const repo = smallRepo({ 'src/app/legacy.js': '/** @param {string[]} xs */\nexport const legacy = (xs) => xs[0];\n', 'src/app/list.ts': site('first') });
    writeFileSync(path.join(repo, 'tsconfig.json'), readFileSync(path.join(repo, 'tsconfig.json'), 'utf8').replace('"noEmit": true', '"noEmit": true, "allowJs": true, "checkJs": true'));
    git(repo, 'add', '-A');
    git(repo, '-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-qm', 'js');
    const result = runCli(['check', '--format', 'json'], repo);
    expect(JSON.parse(result.stdout).summary.files).toBe(2);
  });
});
