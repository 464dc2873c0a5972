#!/usr/bin/env node
// Writes `<case>.output.*` and `<case>.findings.json` for a fixture folder from what the built
// CLI does now, so that a new case can be reviewed as a diff before it is committed:
//   npm run build && node test/accept-fixtures.mjs non-null
// The test suite never calls this; it compares against the committed files.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const suite = process.argv[2];
if (!suite) throw new Error('usage: node test/accept-fixtures.mjs <fixture-folder>');
const dir = path.join(root, 'fixtures', suite);
const settingsFile = path.join(dir, 'fixture.json');
const settings = existsSync(settingsFile) ? JSON.parse(readFileSync(settingsFile, 'utf8')) : {};
const transforms = (settings.transforms ?? [suite]).join(',');

const repo = mkdtempSync(path.join(os.tmpdir(), 'accept-fixtures-'));
cpSync(path.join(root, 'fixtures/_repo'), repo, { recursive: true });
symlinkSync(path.join(root, 'node_modules'), path.join(repo, 'node_modules'));
mkdirSync(path.join(repo, 'src/errors'), { recursive: true });
mkdirSync(path.join(repo, 'src', suite), { recursive: true });
copyFileSync(path.join(root, 'src/standard/errors-module.ts'), path.join(repo, 'src/errors/index.ts'));
if (settings.config) writeFileSync(path.join(repo, 'migrate-errors.config.json'), JSON.stringify(settings.config));
const cases = readdirSync(dir).map((f) => /^(.+)\.input\.([cm]?[jt]sx?)$/.exec(f)).filter(Boolean);
for (const [file, , ] of cases) copyFileSync(path.join(dir, file), path.join(repo, 'src', suite, file.replace('.input', '')));
for (const file of settings.files ?? []) copyFileSync(path.join(dir, file), path.join(repo, 'src', suite, file));

const cli = (...args) => {
  try {
    return execFileSync(process.execPath, [path.join(root, 'bin/migrate-errors.js'), ...args], { cwd: repo, encoding: 'utf8' });
  } catch (error) {
    return error.stdout;
  }
};
const { findings } = JSON.parse(cli('check', '--format', 'json', '--transform', transforms, `src/${suite}`));
process.stdout.write(cli('run', '--force', '--transform', transforms, `src/${suite}`));
for (const [file, name, ext] of cases) {
  const target = `src/${suite}/${name}.${ext}`;
  copyFileSync(path.join(repo, target), path.join(dir, `${name}.output.${ext}`));
  const own = findings.filter((f) => f.file === target).map(({ file: _f, module: _m, ...rest }) => rest);
  writeFileSync(path.join(dir, `${name}.findings.json`), `${JSON.stringify(own, null, 2)}\n`);
}
try {
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'], { cwd: repo, stdio: 'inherit' });
} finally {
  rmSync(repo, { recursive: true, force: true });
}
