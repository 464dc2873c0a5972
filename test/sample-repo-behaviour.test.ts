import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './helpers/cli.js';
import { REPO_ROOT, SAMPLE_REPO } from './helpers/paths.js';
import { tempRepo } from './helpers/temp-repo.js';

const VITEST = path.join(REPO_ROOT, 'node_modules/vitest/vitest.mjs');

/** The sample repository's own test suite (its `test/` folder), run as its team runs it. */
function sampleTests(dir: string): { code: number; passed: number; failed: number; output: string } {
  const result = spawnSync(process.execPath, [VITEST, 'run', 'test/', '--reporter', 'dot'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '1' } });
  const output = `${result.stdout}${result.stderr}`;
  const count = (word: string): number => Number(new RegExp(`Tests\\s.*?(\\d+) ${word}`).exec(output)?.[1] ?? 0);
  return { code: result.status ?? -1, passed: count('passed'), failed: count('failed'), output };
}

/** No harm, on the bundled sample: what its own tests observe is the same before and after `run`. */
describe('sample repository behaviour', () => {
  let before: ReturnType<typeof sampleTests>;
  let run: CliResult;
  let after: ReturnType<typeof sampleTests>;

  beforeAll(() => {
    const repo = tempRepo({ from: SAMPLE_REPO, git: true });
    before = sampleTests(repo);
    run = runCli(['run'], repo);
    after = sampleTests(repo);
  });

  it('passes its own tests before migrating', () => {
    expect(before.failed).toBe(0);
    expect(before.code).toBe(0);
    expect(before.passed).toBe(11);
  });

  it('migrates', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Migrated \d+ of \d+ files/m);
  });

  it('passes the same tests after migrating', () => {
    expect({ code: after.code, passed: after.passed, failed: after.failed }, after.output).toEqual({ code: 0, passed: before.passed, failed: 0 });
  });
});
