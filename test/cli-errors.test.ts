import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { git, snapshotTree, tempRepo } from './helpers/temp-repo.js';
import { STANDARD_MODULE } from './helpers/small-repo.js';

const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', noEmit: true } });
const SOURCE = 'export const first = (items: string[]): string => items[0]!;\n';

/** A small repository with one site, the standard module and a tsconfig, under git. */
function smallRepo(files: Record<string, string> = {}): string {
  return tempRepo({ git: true, files: { 'tsconfig.json': TSCONFIG, 'src/errors/index.ts': STANDARD_MODULE, 'src/app/list.ts': SOURCE, ...files } });
}

/** Every error a user can hit: one clear message naming the file and what to do, exit 2, nothing written. */
describe('errors a user can hit', () => {
  it('invalid JSON in the config names the file, line and column', () => {
    const repo = smallRepo({ 'migrate-errors.config.json': '{\n  "include": ["src/**/*.ts"],\n  "exclude": [,]\n}\n' });
    const before = snapshotTree(repo);
    const result = runCli(['run'], repo);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`migrate-errors: ${path.join(repo, 'migrate-errors.config.json')}:3:15: invalid JSON (value expected). Fix the syntax and run again.\n`);
    expect(snapshotTree(repo)).toEqual(before);
  });

  it('the config may hold comments and trailing commas, as tsconfig.json does', () => {
    const repo = smallRepo({ 'migrate-errors.config.json': '{\n  // where the sources are\n  "include": ["src/**/*.ts"],\n}\n' });
    const result = runCli(['check', '--format', 'json'], repo);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).summary).toEqual({ files: 1, unmigratedFiles: 1, findings: 1 });
  });

  it('a config value of the wrong type names the key and what it must be', () => {
    const repo = smallRepo({ 'migrate-errors.config.json': '{ "modules": "pkg/*" }' });
    const result = runCli(['check'], repo);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`migrate-errors: ${path.join(repo, 'migrate-errors.config.json')}: "modules" must be an array of strings (got string). Fix it and run again.\n`);
  });

  it('an unknown config key lists the allowed ones', () => {
    const repo = smallRepo({ 'migrate-errors.config.json': '{ "standard": { "paht": "src/errors/index.ts" } }' });
    const result = runCli(['check'], repo);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `migrate-errors: ${path.join(repo, 'migrate-errors.config.json')}: unknown key "standard.paht"; allowed keys are "path", "package", "importStyle", "namespace", "names".\n`,
    );
  });

  it('the config can live in package.json under "migrateErrors"', () => {
    const repo = smallRepo({ 'package.json': JSON.stringify({ name: 'x', migrateErrors: { transforms: { 'non-null': 'yes' } } }) });
    const result = runCli(['check'], repo);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`migrate-errors: ${path.join(repo, 'package.json')} ("migrateErrors"): "transforms.non-null" must be an object (got string). Fix it and run again.\n`);
  });

  it('an unknown transform id exits 2 and lists the known ones', () => {
    const repo = smallRepo();
    const result = runCli(['run', '--transform', 'non-null,nope'], repo);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^migrate-errors: --transform: unknown transform "nope"; known transforms are .*non-null.*\.\n$/);
    const skip = runCli(['check', '--skip', 'typo'], repo);
    expect(skip.code).toBe(2);
    expect(skip.stderr).toMatch(/^migrate-errors: --skip: unknown transform "typo"; /);
  });

  it('no matching files exits 2 and says where to look', () => {
    const repo = smallRepo();
    const result = runCli(['check', '--include', 'lib/**/*.ts'], repo);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `migrate-errors: no files matched in ${repo} (include: lib/**/*.ts; exclude: defaults only). Check "include"/"exclude" in the config (none found; run \`migrate-errors init\`) or the paths given.\n`,
    );
  });

  it('a missing standard module exits 2 and says to run init', () => {
    const repo = tempRepo({ files: { 'tsconfig.json': TSCONFIG, 'src/app/list.ts': SOURCE } });
    const result = runCli(['run'], repo);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `migrate-errors: the standard error module src/errors/index.ts does not exist under ${repo}. Run \`migrate-errors init\` to write it, or set "standard.path" (or "standard.package") in the config.\n`,
    );
  });

  it('`run` refuses a dirty git work tree, naming the dirty files, unless --force', () => {
    const repo = smallRepo();
    writeFileSync(path.join(repo, 'src/app/list.ts'), `${SOURCE}// work in progress\n`);
    writeFileSync(path.join(repo, 'notes.txt'), 'todo\n');
    const refused = runCli(['run'], repo);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'migrate-errors: the git work tree has uncommitted changes (src/app/list.ts, notes.txt). Commit or stash them so the migration is one reviewable diff, or pass --force.\n',
    );
    expect(readFileSync(path.join(repo, 'src/app/list.ts'), 'utf8')).toBe(`${SOURCE}// work in progress\n`);
    const forced = runCli(['run', '--force'], repo);
    expect(forced.code).toBe(0);
    expect(readFileSync(path.join(repo, 'src/app/list.ts'), 'utf8')).toContain("must(items[0], 'items[0]')");
  });

  it('outside a git repository `run` warns and goes on', () => {
    const repo = tempRepo({ files: { 'tsconfig.json': TSCONFIG, 'src/errors/index.ts': STANDARD_MODULE, 'src/app/list.ts': SOURCE } });
    const result = runCli(['run'], repo);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`warning: ${repo} is not in a git repository; the migration cannot be reviewed or undone with git.\n`);
  });

  it('a bad option or format is a usage error (exit 2)', () => {
    const repo = smallRepo();
    const format = runCli(['check', '--format', 'xml'], repo);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("error: option '--format <format>' argument 'xml' is invalid. Allowed choices are text, json, github, sarif.");
    const unknown = runCli(['run', '--frobnicate'], repo);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error: unknown option '--frobnicate'");
  });

  it('a path that does not exist exits 2', () => {
    const repo = smallRepo();
    const result = runCli(['check', 'src/nowhere'], repo);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('migrate-errors: src/nowhere: no such file or directory.\n');
  });
});

describe('init', () => {
  it('writes the config and the standard module, and keeps existing files', () => {
    const repo = tempRepo({ git: true, files: { 'tsconfig.json': TSCONFIG } });
    const first = runCli(['init'], repo);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      'wrote migrate-errors.config.json\nwrote src/errors/index.ts\n\nNext: `migrate-errors run --dry-run` shows the migration, `migrate-errors run` applies it.\n',
    );
    expect(readFileSync(path.join(repo, 'src/errors/index.ts'), 'utf8')).toBe(STANDARD_MODULE);
    expect(JSON.parse(readFileSync(path.join(repo, 'migrate-errors.config.json'), 'utf8'))).toEqual({ codes: 'errors.codes.json' });
    const again = runCli(['init'], repo);
    expect(again.stdout).toContain('kept  migrate-errors.config.json (exists; --force overwrites it)\nkept  src/errors/index.ts (the standard, up to date)\n');
    writeFileSync(path.join(repo, 'src/errors/index.ts'), '// ours now\n');
    const second = runCli(['init'], repo);
    expect(second.stdout).toContain('wrote migrate-errors.config.json ("standard.path": "src/errors-standard/index.ts")\nwrote src/errors-standard/index.ts\n');
    expect(readFileSync(path.join(repo, 'src/errors/index.ts'), 'utf8')).toBe('// ours now\n');
  });

  it('--dir puts the module elsewhere and records it in the config', () => {
    const repo = tempRepo({ files: { 'tsconfig.json': TSCONFIG } });
    expect(runCli(['init', '--dir', 'pkg/errors'], repo).code).toBe(0);
    expect(readFileSync(path.join(repo, 'pkg/errors/index.ts'), 'utf8')).toBe(STANDARD_MODULE);
    expect(JSON.parse(readFileSync(path.join(repo, 'migrate-errors.config.json'), 'utf8')).standard).toEqual({ path: 'pkg/errors/index.ts' });
  });
});
