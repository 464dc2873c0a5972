import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { readJson } from './helpers/report.js';
import { STANDARD_MODULE } from './helpers/small-repo.js';
import { commitAll, git, snapshotTree, tempRepo } from './helpers/temp-repo.js';
import { typeCheck } from './helpers/tsc.js';

const NODENEXT = `${JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', skipLibCheck: true, noEmit: true }, include: ['src'] })}\n`;
const BUNDLER = `${JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', skipLibCheck: true, noEmit: true }, include: ['src'] })}\n`;
const SOURCE = 'export const first = (items: string[]): string => items[0]!;\n';
const NOT_YET = 'note: the standard module src/errors/index.ts does not exist yet; imports point where `migrate-errors init` writes it, and `run` needs `init` first.\n';

/** A repository as a user clones it: no config, no standard module, one site to migrate. */
function freshRepo(files: Record<string, string> = {}, tsconfig = NODENEXT): string {
  return tempRepo({ git: true, files: { 'package.json': '{ "type": "module" }\n', 'tsconfig.json': tsconfig, 'src/app/list.ts': SOURCE, ...files } });
}

const status = (repo: string): string => git(repo, 'status', '--porcelain', '--untracked-files=all');

describe('the first minutes: init, check, run', () => {
  it('check writes nothing, run needs no --force and writes the report', () => {
    const repo = freshRepo();
    expect(runCli(['init'], repo).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(repo, 'migrate-errors.config.json'), 'utf8'))).toEqual({ codes: 'errors.codes.json' });
    commitAll(repo);

    const check = runCli(['check'], repo);
    expect(check.code).toBe(1);
    expect(status(repo)).toBe('');

    const run = runCli(['run'], repo);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readFileSync(path.join(repo, 'src/app/list.ts'), 'utf8')).toBe(
      "import { must } from '../errors/index.js';\n\nexport const first = (items: string[]): string => must(items[0], 'items[0]');\n",
    );
    expect(existsSync(path.join(repo, 'migration-report.md'))).toBe(true);
    expect(readJson(repo, 'migration-report.json').command).toBe('run');
  });

  it('init, check, run in a row: what init wrote does not make run refuse, an edit to a committed module does', () => {
    const repo = freshRepo();
    expect(runCli(['init'], repo).code).toBe(0);
    expect(runCli(['check'], repo).code).toBe(1);
    expect(status(repo)).toBe('?? migrate-errors.config.json\n?? src/errors/index.ts\n');

    const run = runCli(['run'], repo);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    const committed = freshRepo({ 'src/errors/index.ts': STANDARD_MODULE });
    writeFileSync(path.join(committed, 'src/errors/index.ts'), `${STANDARD_MODULE}// edited\n`);
    const refused = runCli(['run'], committed);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'migrate-errors: the git work tree has uncommitted changes (src/errors/index.ts). Commit or stash them so the migration is one reviewable diff, or pass --force.\n',
    );
  });

  it('check --report and the config\'s "report" still write the report', () => {
    const repo = freshRepo({ 'migrate-errors.config.json': '{ "report": "out/report.md" }\n' });
    runCli(['check'], repo);
    expect(existsSync(path.join(repo, 'out/report.md'))).toBe(true);
    runCli(['check', '--report', 'flag.md'], repo);
    expect(readJson(repo, 'flag.json').command).toBe('check');
  });

  it('the git guard of run ignores the reports it would overwrite, and nothing else', () => {
    const repo = freshRepo({ 'src/errors/index.ts': STANDARD_MODULE, 'migration-report.md': 'old\n' });
    writeFileSync(path.join(repo, 'migration-report.md'), 'edited\n');
    writeFileSync(path.join(repo, 'migration-report.json'), '{}\n');
    const run = runCli(['run'], repo);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    const other = freshRepo({ 'src/errors/index.ts': STANDARD_MODULE });
    writeFileSync(path.join(other, 'errors.codes.json'), '{}\n');
    const refused = runCli(['run'], other);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'migrate-errors: the git work tree has uncommitted changes (errors.codes.json). Commit or stash them so the migration is one reviewable diff, or pass --force.\n',
    );
  });

  it('check works before init, names the import it expects, and says that run needs init', () => {
    const repo = freshRepo();
    const check = runCli(['check', '--format', 'json'], repo);
    expect(check.stderr).toBe(NOT_YET);
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).summary).toEqual({ files: 1, unmigratedFiles: 1, findings: 1 });
    expect(status(repo)).toBe('');
  });

  it('run --dry-run works before init and shows the import init makes valid', () => {
    const repo = freshRepo();
    const dry = runCli(['run', '--dry-run'], repo);
    expect(dry.code).toBe(0);
    expect(dry.stderr.startsWith(NOT_YET)).toBe(true);
    expect(dry.stdout).toContain("+import { must } from '../errors/index.js';\n");
    expect(status(repo)).toBe('');
  });

  it('run without the standard module refuses with one line', () => {
    const repo = freshRepo();
    const run = runCli(['run'], repo);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `migrate-errors: the standard error module src/errors/index.ts does not exist under ${repo}. Run \`migrate-errors init\` to write it, or set "standard.path" (or "standard.package") in the config.\n`,
    );
    expect(status(repo)).toBe('');
  });
});

describe('the files it touches', () => {
  const PROJECT = `${JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', skipLibCheck: true, noEmit: true }, include: ['src', 'spec', 'scripts', 'system-test'] })}\n`;
  const files = {
    'src/errors/index.ts': STANDARD_MODULE,
    'src/app/list.ts': SOURCE,
    'src/app/list.test.ts': SOURCE,
    'src/app/__tests__/helper.ts': SOURCE,
    'src/app/list.stories.tsx': SOURCE,
    'src/vite.config.ts': SOURCE,
    'src/generated.ts': `// @generated by a tool\n${SOURCE}`,
    'src/globals.d.ts': 'declare const VERSION: string;\n',
    'spec/support.ts': SOURCE,
    'spec/more/setup.ts': SOURCE,
    'scripts/build.ts': SOURCE,
    'system-test/install.ts': SOURCE,
    'vitest.config.ts': SOURCE,
    'bench/run.ts': SOURCE,
    'src/app/ignored.ts': SOURCE,
    '.gitignore': 'src/app/ignored.ts\n',
  };

  it('defaults to the tsconfig program minus tests and tooling, and the report counts each default', () => {
    const repo = tempRepo({ git: true, files: { 'package.json': '{ "type": "module" }\n', 'tsconfig.json': PROJECT, ...files } });
    const check = runCli(['check', '--format', 'json', '--report', 'r.md'], repo);
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).findings.map((f: { file: string }) => f.file)).toEqual(['src/app/list.ts']);
    const report = readJson(repo, 'r.json');
    expect(report.skippedByDefault).toEqual([
      { rule: 'spec/', files: 2, include: 'spec/**' },
      { rule: '__tests__/', files: 1, include: '**/__tests__/**' },
      { rule: 'scripts/', files: 1, include: 'scripts/**' },
      { rule: '*-test/', files: 1, include: '**/system-test/**' },
      { rule: '*.test.*', files: 1, include: '**/*.test.*' },
      { rule: '*.stories.*', files: 1, include: '**/*.stories.*' },
      { rule: '*.config.*', files: 1, include: '**/*.config.*' },
      { rule: 'generated', files: 1, include: null },
    ]);
    const markdown = readFileSync(path.join(repo, 'r.md'), 'utf8');
    expect(markdown).toContain('## Skipped by default\n');
    expect(markdown).toContain('| `spec/` | 2 | add `"spec/**"` to "include" |');
  });

  it('an include glob that names a skipped folder or suffix brings those files back', () => {
    const repo = tempRepo({ git: true, files: { 'package.json': '{ "type": "module" }\n', 'tsconfig.json': PROJECT, ...files } });
    const check = runCli(['check', '--format', 'json', '--include', 'src/**/*.ts', '--include', 'spec/**'], repo);
    const found = JSON.parse(check.stdout).findings.map((f: { file: string }) => f.file);
    expect(found).toEqual(['spec/more/setup.ts', 'spec/support.ts', 'src/app/list.ts']);
    const tests = runCli(['check', '--format', 'json', '--include', 'src/**/*.test.ts'], repo);
    expect(JSON.parse(tests.stdout).findings.map((f: { file: string }) => f.file)).toEqual(['src/app/list.test.ts']);
  });

  it('follows project references', () => {
    const repo = tempRepo({
      git: true,
      files: {
        'package.json': '{ "type": "module" }\n',
        'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './packages/core' }] }),
        'packages/core/tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', composite: true }, include: ['lib'] }),
        'packages/core/lib/list.ts': SOURCE,
        'packages/core/test/list.ts': SOURCE,
        'src/errors/index.ts': STANDARD_MODULE,
      },
    });
    const check = runCli(['check', '--format', 'json'], repo);
    expect(check.stderr).toBe('');
    expect(JSON.parse(check.stdout).findings.map((f: { file: string }) => f.file)).toEqual(['packages/core/lib/list.ts']);
  });
});

describe('the standard module is the one the imports reach', () => {
  const OWN_ERRORS = 'export class AppError extends Error {}\n';

  it('init avoids a folder whose import another file would take, and says so', () => {
    const repo = freshRepo({ 'src/errors.ts': OWN_ERRORS });
    const init = runCli(['init'], repo);
    expect(init.code).toBe(0);
    expect(init.stdout).toBe(
      'note: src/errors.ts would take the imports of src/errors/index.ts (`../errors`), so the standard goes to src/errors-standard/index.ts.\n' +
        'wrote migrate-errors.config.json\nwrote src/errors-standard/index.ts\n\nNext: `migrate-errors run --dry-run` shows the migration, `migrate-errors run` applies it.\n',
    );
    expect(JSON.parse(readFileSync(path.join(repo, 'migrate-errors.config.json'), 'utf8'))).toEqual({ standard: { path: 'src/errors-standard/index.ts' }, codes: 'errors.codes.json' });
    expect(readFileSync(path.join(repo, 'src/errors.ts'), 'utf8')).toBe(OWN_ERRORS);
  });

  it("init does not take a project's own module for the standard", () => {
    const repo = freshRepo({ 'src/errors/index.ts': OWN_ERRORS });
    const init = runCli(['init'], repo);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain(
      'note: src/errors/index.ts is the project\'s own module (it does not export CodedError, ValidationError, NotFoundError, ...), so the standard goes to src/errors-standard/index.ts; to use yours instead, map the names in "standard.names".\n',
    );
    expect(readFileSync(path.join(repo, 'src/errors/index.ts'), 'utf8')).toBe(OWN_ERRORS);
    expect(readFileSync(path.join(repo, 'src/errors-standard/index.ts'), 'utf8')).toBe(STANDARD_MODULE);
  });

  it('init --dir on a taken place stops and explains', () => {
    const repo = freshRepo({ 'lib/errors/index.ts': OWN_ERRORS });
    const init = runCli(['init', '--dir', 'lib/errors'], repo);
    expect(init.code).toBe(2);
    expect(init.stderr).toBe(
      'migrate-errors: lib/errors/index.ts is the project\'s own module (it does not export CodedError, ValidationError, NotFoundError, ...). Choose a free folder with --dir (and set "standard.path"), or keep yours and map the names in "standard.names" of migrate-errors.config.json.\n',
    );
    expect(existsSync(path.join(repo, 'migrate-errors.config.json'))).toBe(false);
  });

  it('init shows how an older standard module differs and upgrades it only with --force', () => {
    const older = STANDARD_MODULE.replace('export function must', '// an older version\nexport function must');
    const repo = freshRepo({ 'src/errors/index.ts': older });
    const init = runCli(['init'], repo);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('-// an older version\n');
    expect(init.stdout).toContain('src/errors/index.ts is an older version of the standard (the diff above upgrades it); `migrate-errors init --force` applies it.\n');
    expect(readFileSync(path.join(repo, 'src/errors/index.ts'), 'utf8')).toBe(older);
    expect(runCli(['init', '--force'], repo).code).toBe(0);
    expect(readFileSync(path.join(repo, 'src/errors/index.ts'), 'utf8')).toBe(STANDARD_MODULE);
  });

  it('the import names the index file where the folder import would reach another file', () => {
    const repo = freshRepo({ 'src/errors.ts': OWN_ERRORS, 'src/errors/index.ts': STANDARD_MODULE }, BUNDLER);
    const run = runCli(['run'], repo);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readFileSync(path.join(repo, 'src/app/list.ts'), 'utf8')).toBe(
      "import { must } from '../errors/index';\n\nexport const first = (items: string[]): string => must(items[0], 'items[0]');\n",
    );
    expect(typeCheck(repo).output).toBe('');
  });

  it('an import that names the folder but reaches another file is not merged into', () => {
    const list = "import { AppError } from '../errors';\nexport const first = (items: string[]): string => items[0]!;\nexport const fail = (): never => { throw new AppError('x'); };\n";
    const repo = freshRepo({ 'src/errors.ts': OWN_ERRORS, 'src/errors/index.ts': STANDARD_MODULE, 'src/app/list.ts': list }, BUNDLER);
    const run = runCli(['run', '--transform', 'non-null'], repo);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readFileSync(path.join(repo, 'src/app/list.ts'), 'utf8')).toBe(
      "import { AppError } from '../errors';\nimport { must } from '../errors/index';\nexport const first = (items: string[]): string => must(items[0], 'items[0]');\nexport const fail = (): never => { throw new AppError('x'); };\n",
    );
    expect(typeCheck(repo).output).toBe('');
  });

  it('run refuses a module that lacks the names its edits import, before writing anything', () => {
    const repo = freshRepo({ 'src/errors/index.ts': OWN_ERRORS });
    const before = snapshotTree(repo);
    const run = runCli(['run'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'migrate-errors: the standard module src/errors/index.ts does not export must, which the migration imports. Run `migrate-errors init` to write the standard elsewhere and point "standard.path" at it, or map the names in "standard.names".\n',
    );
    expect(snapshotTree(repo)).toEqual(before);
  });
});

describe('temporary repositories', () => {
  let previous: string | undefined;
  it('creates one', () => {
    previous = tempRepo({ files: { 'a.txt': 'a\n' } });
    expect(existsSync(previous)).toBe(true);
  });
  it('is gone once the test that made it has finished', () => {
    expect(previous && existsSync(previous)).toBe(false);
  });
});
