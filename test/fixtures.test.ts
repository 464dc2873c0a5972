import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { FIXTURES, REPO_ROOT } from './helpers/paths.js';
import { snapshotTree, tempRepo, withoutReports } from './helpers/temp-repo.js';
import { typeCheck } from './helpers/tsc.js';

/**
 * Every folder of `fixtures/` except `_repo` and `sample-repo` holds pairs
 * `<case>.input.<ext>` / `<case>.output.<ext>` and `<case>.findings.json` (what `check` reports
 * on the input). An optional `fixture.json` gives `transforms` (default: the folder's name),
 * a `config` for the repository, and `files` of the folder copied beside the cases as they are (a
 * global declaration file, say). All cases of a folder are copied into one repository made from
 * `fixtures/_repo`, which must type-check before; then the real CLI migrates it, the result must
 * equal the outputs, type-check, and not change on a second run.
 */
interface FixtureSettings {
  readonly transforms?: string[];
  readonly config?: Record<string, unknown>;
  readonly files?: string[];
}

interface FindingJson {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly transform: string;
  readonly message: string;
  readonly fixable: boolean;
}

const INPUT = /^(.+)\.input\.([cm]?[jt]sx?)$/;
const suites = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !['_repo', 'sample-repo'].includes(d.name))
  .map((d) => d.name)
  .sort();

for (const suite of suites) {
  const dir = path.join(FIXTURES, suite);
  const settingsFile = path.join(dir, 'fixture.json');
  const settings: FixtureSettings = existsSync(settingsFile) ? JSON.parse(readFileSync(settingsFile, 'utf8')) : {};
  const transforms = (settings.transforms ?? [suite]).join(',');
  const cases = readdirSync(dir)
    .map((file) => INPUT.exec(file))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(([, name, ext]) => ({ name: name!, ext: ext!, target: `src/${suite}/${name}.${ext}` }));

  describe(`fixtures/${suite}`, () => {
    let repo: string;
    let findings: FindingJson[];
    let firstRun: ReturnType<typeof runCli>;
    let afterFirst: Map<string, Buffer>;

    beforeAll(() => {
      repo = tempRepo({ from: path.join(FIXTURES, '_repo') });
      mkdirSync(path.join(repo, 'src/errors'), { recursive: true });
      copyFileSync(path.join(REPO_ROOT, 'src/standard/errors-module.ts'), path.join(repo, 'src/errors/index.ts'));
      if (settings.config) writeFileSync(path.join(repo, 'migrate-errors.config.json'), JSON.stringify(settings.config));
      mkdirSync(path.join(repo, `src/${suite}`), { recursive: true });
      for (const c of cases) copyFileSync(path.join(dir, `${c.name}.input.${c.ext}`), path.join(repo, c.target));
      for (const file of settings.files ?? []) copyFileSync(path.join(dir, file), path.join(repo, `src/${suite}`, file));
      const before = typeCheck(repo);
      expect(before.output, 'the inputs must type-check').toBe('');
      const check = runCli(['check', '--format', 'json', '--transform', transforms, `src/${suite}`], repo);
      expect(check.stderr).toBe('');
      findings = (JSON.parse(check.stdout) as { findings: FindingJson[] }).findings;
      firstRun = runCli(['run', '--force', '--transform', transforms, `src/${suite}`], repo);
      afterFirst = snapshotTree(repo);
    });

    it('runs cleanly', () => {
      expect(firstRun.stderr).toBe('');
      expect(firstRun.code).toBe(0);
    });

    for (const c of cases) {
      it(`${c.name}: output`, () => {
        const expected = readFileSync(path.join(dir, `${c.name}.output.${c.ext}`), 'utf8');
        expect(readFileSync(path.join(repo, c.target), 'utf8')).toBe(expected);
      });

      it(`${c.name}: findings`, () => {
        const expected = JSON.parse(readFileSync(path.join(dir, `${c.name}.findings.json`), 'utf8')) as unknown[];
        const actual = findings.filter((f) => f.file === c.target).map(({ file: _file, ...rest }) => rest);
        expect(actual).toEqual(expected.map((f) => ({ module: expect.any(String), ...(f as object) })));
      });
    }

    it('outputs type-check', () => {
      const after = typeCheck(repo);
      expect(after.output).toBe('');
      expect(after.code).toBe(0);
    });

    it('a second run changes nothing', () => {
      const second = runCli(['run', '--force', '--transform', transforms, `src/${suite}`], repo);
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(/^Migrated 0 of \d+ files/m);
      expect(withoutReports(snapshotTree(repo))).toEqual(withoutReports(afterFirst));
    });
  });
}
