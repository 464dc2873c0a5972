import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { readJson } from './helpers/report.js';
import { smallRepo } from './helpers/small-repo.js';
import { git } from './helpers/temp-repo.js';

/**
 * A team's own transform that type-checks but changes behaviour: the string 'BREAK_ME' becomes
 * 'BROKEN'. Only the project's tests can catch it, which is what `--test` is for.
 */
const BEHAVIOUR_PLUGIN = `
export default {
  id: 'break-behaviour',
  description: 'turn the string BREAK_ME into BROKEN',
  needsTypes: false,
  create(context) {
    return {
      [context.ts.SyntaxKind.StringLiteral](node) {
        if (node.text !== 'BREAK_ME') return;
        context.report({ node, message: 'BREAK_ME', fix: (fixer) => fixer.replace(node, "'BROKEN'") });
      },
    };
  },
};
`;

/** The project's "test suite": it pins the label's text. */
const TESTS = `
import { readFileSync, writeFileSync } from 'node:fs';
const label = readFileSync('src/bad/label.ts', 'utf8');
console.log('running 1 test');
if (!label.includes("'BREAK_ME'")) {
  console.log('FAIL label: expected the label BREAK_ME');
  process.exit(1);
}
console.log('ok label');
`;

const site = (name: string): string => `export const ${name} = (xs: string[]): string => xs[0]!;\n`;
const migrated = (name: string): string => `import { must } from '../errors/index.js';\n\nexport const ${name} = (xs: string[]): string => must(xs[0], 'xs[0]');\n`;

describe('run --test', () => {
  const files: Record<string, string> = {
    'migrate-errors.config.json': '{ "plugins": ["./tools/break-behaviour.mjs"], "modules": ["src/*"], "report": "report.md" }\n',
    'tools/break-behaviour.mjs': BEHAVIOUR_PLUGIN,
    'tests/check.mjs': TESTS,
    'src/bad/label.ts': `export const label: string = 'BREAK_ME';\n${site('inBad')}`,
  };
  for (const module of ['alpha', 'beta', 'gamma', 'delta', 'epsilon']) files[`src/${module}/list.ts`] = site(module);
  const repo = smallRepo(files);
  const result = runCli(['run', '--test', 'node tests/check.mjs'], repo);
  const read = (file: string): string => readFileSync(path.join(repo, file), 'utf8');

  it('rolls back exactly the module whose edits make the tests fail, keeps the others, and exits 1', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(read('src/bad/label.ts')).toBe(`export const label: string = 'BREAK_ME';\n${site('inBad')}`);
    for (const module of ['alpha', 'beta', 'gamma', 'delta', 'epsilon']) expect(read(`src/${module}/list.ts`)).toBe(migrated(module));
    expect(result.stdout).toContain('rolled back module src/bad (src/bad/label.ts): its edits make the tests fail.\nThey pass with those modules rolled back.\n');
    expect(result.stdout).toContain('Migrated 5 of 6 files: 5 non-null. 2 manual site(s), 0 ignored; report: ');
  });

  it('writes the tests\' own output to a log named in the summary, which the git guard does not count', () => {
    expect(result.stdout).toMatch(/^Tests \(`node tests\/check\.mjs`\): passed before; \d+ run\(s\); output in \.migrate-errors\/test-runs\.log\.$/m);
    const log = read('.migrate-errors/test-runs.log');
    expect(log).toContain('===== run 1 (before) before migrating: node tests/check.mjs\nrunning 1 test\nok label\n===== run 1: passed\n');
    expect(log).toContain('===== run 2 (after) with every edit: node tests/check.mjs\nrunning 1 test\nFAIL label: expected the label BREAK_ME\n===== run 2: failed (exit 1)\n');
    expect(log.trimEnd().endsWith('===== run ' + readJson(repo, 'report.json').buildValidation.tests.runs.length + ': passed')).toBe(true);
    const dirty = git(repo, 'status', '--porcelain').split('\n').filter(Boolean).map((line) => line.slice(3)).sort();
    expect(dirty).toEqual(['report.json', 'report.md', 'src/alpha/list.ts', 'src/beta/list.ts', 'src/delta/list.ts', 'src/epsilon/list.ts', 'src/gamma/list.ts']);
  });

  it('reports the command, every run and the module rolled back with the failing output', () => {
    const { tests } = readJson(repo, 'report.json').buildValidation;
    expect(tests.command).toBe('node tests/check.mjs');
    expect(tests.log).toBe('.migrate-errors/test-runs.log');
    expect(tests.passedBefore).toBe(true);
    expect(tests.passedAfter).toBe(true);
    expect(tests.runs[0]).toMatchObject({ kind: 'before', rolledBack: [], passed: true });
    expect(tests.runs[1]).toMatchObject({ kind: 'after', rolledBack: [], passed: false });
    expect(tests.runs.at(-1)).toMatchObject({ kind: 'confirm', rolledBack: ['src/bad'], passed: true });
    expect(tests.modulesRolledBack).toEqual([{ module: 'src/bad', files: ['src/bad/label.ts'], outputTail: 'running 1 test\nFAIL label: expected the label BREAK_ME' }]);
    const markdown = read('report.md');
    expect(markdown).toContain('Tests: `node tests/check.mjs`');
    expect(markdown).toContain('Module `src/bad` rolled back: its edits make the tests fail (1 file(s): `src/bad/label.ts`). End of the failing output:\n\n```text\nrunning 1 test\nFAIL label: expected the label BREAK_ME\n```\n');
  });

  // Runs after the assertions above have read the first run's results.
  it('keeps the rolled-back module back: a second run leaves it, check calls its sites manual, an edit frees it', () => {
    const second = runCli(['run', '--force'], repo);
    expect(second.stderr).toBe('');
    expect(second.stdout).toContain('Migrated 0 of 6 files: no sites. 2 manual site(s), 0 ignored; report: ');
    expect(read('src/bad/label.ts')).toBe(`export const label: string = 'BREAK_ME';\n${site('inBad')}`);
    const check = JSON.parse(runCli(['check', '--format', 'json'], repo).stdout) as { findings: Array<{ file: string; fixable: boolean; message: string }> };
    expect(check.findings.map(({ file, fixable }) => ({ file, fixable }))).toEqual([
      { file: 'src/bad/label.ts', fixable: false },
      { file: 'src/bad/label.ts', fixable: false },
    ]);
    expect(check.findings[0]!.message).toContain('rolled back by --test: the edits of module src/bad make `node tests/check.mjs` fail (see .migrate-errors/test-runs.log)');

    writeFileSync(path.join(repo, 'src/bad/label.ts'), `export const label: string = 'BREAK_ME';\n${site('inBad')}// reviewed\n`);
    const edited = JSON.parse(runCli(['check', '--format', 'json'], repo).stdout) as { findings: Array<{ fixable: boolean }> };
    expect(edited.findings.map((f) => f.fixable)).toEqual([true, true]);
  });

  it('refuses when the tests fail before migrating, names the log, and writes nothing', () => {
    const failing = smallRepo({ 'src/app/list.ts': site('first') });
    const refused = runCli(['run', '--test', 'node -e "process.exit(3)"'], failing);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'migrate-errors: the tests fail before migrating (`node -e "process.exit(3)"`; output in .migrate-errors/test-runs.log). Make them pass first: --test rolls back the edits that break them, which needs a passing start.\n',
    );
    expect(readFileSync(path.join(failing, 'src/app/list.ts'), 'utf8')).toBe(site('first'));
    expect(git(failing, 'status', '--porcelain')).toBe('');
  });
});
