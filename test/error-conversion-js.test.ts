import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { FIXTURES } from './helpers/paths.js';
import { STANDARD_MODULE } from './helpers/small-repo.js';
import { snapshotTree, tempRepo, withoutReports } from './helpers/temp-repo.js';
import { typeCheck } from './helpers/tsc.js';

/**
 * JavaScript under `allowJs` gets `sentinel`, `typed-throw` and `error-context` too. The pairs in
 * `fixtures/typed-throw/allow-js` run in a CommonJS package (no `"type": "module"`): `.js` files
 * that `require` and `.cjs` files take a `require` of the standard, `.mjs` files an `import`.
 */
const DIR = path.join(FIXTURES, 'typed-throw/allow-js');
const TRANSFORMS = 'sentinel,typed-throw,error-context';
const TSCONFIG = `${JSON.stringify(
  { compilerOptions: { strict: true, allowJs: true, checkJs: false, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', types: ['node'], skipLibCheck: true, noEmit: true }, include: ['src'] },
  null,
  2,
)}\n`;

const cases = readdirSync(DIR)
  .map((file) => /^(.+)\.input\.([cm]?js)$/.exec(file))
  .filter((m): m is RegExpExecArray => m !== null)
  .map(([file, name, ext]) => ({ file: file!, name: name!, ext: ext!, target: `src/jobs/${name}.${ext}` }));

describe('JavaScript files under allowJs', () => {
  let repo: string;
  let run: ReturnType<typeof runCli>;
  let afterFirst: Map<string, Buffer>;

  beforeAll(() => {
    const files: Record<string, string> = { 'package.json': '{ "name": "jobs", "private": true }\n', 'tsconfig.json': TSCONFIG, 'src/errors/index.ts': STANDARD_MODULE };
    for (const c of cases) files[c.target] = readFileSync(path.join(DIR, c.file), 'utf8');
    repo = tempRepo({ files });
    run = runCli(['run', '--force', '--transform', TRANSFORMS], repo);
    afterFirst = snapshotTree(repo);
  });

  it('migrates every file', () => {
    expect(cases.map((c) => c.target)).toEqual(['src/jobs/legacy.cjs', 'src/jobs/queue.js', 'src/jobs/worker.mjs']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`Migrated 3 of 3 files: 4 typed-throw, 2 error-context, 4 sentinel. 0 manual site(s), 0 ignored; report: ${path.join(repo, 'migration-report.md')}.\n`);
  });

  for (const c of cases) {
    it(`${c.name}.${c.ext}: output`, () => {
      expect(readFileSync(path.join(repo, c.target), 'utf8')).toBe(readFileSync(path.join(DIR, `${c.name}.output.${c.ext}`), 'utf8'));
    });

    it(`${c.name}.${c.ext}: parses as Node runs it`, () => {
      const check = spawnSync(process.execPath, ['--check', c.target], { cwd: repo, encoding: 'utf8' });
      expect(check.stderr).toBe('');
      expect(check.status).toBe(0);
    });
  }

  it('type-checks', () => {
    expect(typeCheck(repo)).toEqual({ code: 0, output: '' });
  });

  it('changes nothing in a second run', () => {
    const second = runCli(['run', '--force', '--transform', TRANSFORMS], repo);
    expect(second.stdout).toBe(`Migrated 0 of 3 files: no sites. 0 manual site(s), 0 ignored; report: ${path.join(repo, 'migration-report.md')}.\n`);
    expect(withoutReports(snapshotTree(repo))).toEqual(withoutReports(afterFirst));
  });
});
