import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { readJson as read, timeless } from './helpers/report.js';
import { SAMPLE_REPO } from './helpers/paths.js';
import { smallRepo } from './helpers/small-repo.js';
import { tempRepo } from './helpers/temp-repo.js';

describe('--jobs: check and report on several threads', () => {
  it('find and report exactly what one thread does', () => {
    const repo = tempRepo({ from: SAMPLE_REPO });
    const serial = runCli(['check', '--format', 'json'], repo);
    const threaded = runCli(['check', '--format', 'json', '--jobs', '3'], repo);
    expect(serial.code).toBe(1);
    expect(threaded.code).toBe(1);
    expect(threaded.stdout).toBe(serial.stdout);
    expect(threaded.stderr).toBe(serial.stderr);

    expect(runCli(['report', '--report', 'one.md'], repo).code).toBe(0);
    expect(runCli(['report', '--report', 'three.md', '--jobs', '3'], repo).code).toBe(0);
    expect(timeless(read(repo, 'three.json'))).toEqual(timeless(read(repo, 'one.json')));
  });

  it("a thread sees globals that another thread's files declare", () => {
    // Two modules, one per thread: the global function that one declares returns a promise, so
    // the bare call in the other floats, whichever thread analyses it.
    const repo = smallRepo({
      'src/ambient/loader.ts': 'declare global {\n  function loadLater(): Promise<void>;\n}\nexport {};\n',
      'src/jobs/start.ts': 'export function start(): void {\n  loadLater();\n}\n',
    });
    const findings = (args: string[]) => JSON.parse(runCli(['check', '--format', 'json', '--transform', 'async-call', ...args], repo).stdout).findings;
    const serial = findings([]);
    expect(serial.map((f: { file: string; line: number; message: string }) => `${f.file}:${f.line} ${f.message}`)).toEqual([
      'src/jobs/start.ts:2 floating promise `loadLater()`: its rejection is never handled',
    ]);
    expect(findings(['--jobs', '2'])).toEqual(serial);
  });

  it('--jobs takes a whole number of at least 1', () => {
    const repo = tempRepo({ from: SAMPLE_REPO });
    const bad = runCli(['check', '--jobs', '0'], repo);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('migrate-errors: --jobs 0: expected a whole number of threads of at least 1 (1 analyses on the main thread only).\n');
  });
});
