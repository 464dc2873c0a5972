import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Where the tests' own output goes (beside nothing the user tracks: the folder ignores itself). */
export const TEST_LOG = '.migrate-errors/test-runs.log';

const TAIL_LINES = 20;

export interface TestRun {
  /** `before`, `after`, `bisect` or `confirm`. */
  readonly kind: 'before' | 'after' | 'bisect' | 'confirm';
  /** Modules whose edits were rolled back for this run. */
  readonly rolledBack: readonly string[];
  readonly passed: boolean;
  readonly exitCode: number | null;
  readonly ms: number;
}

export interface RollbackFinding {
  readonly module: string;
  readonly files: readonly string[];
  /** The last lines of a failing run with this module's edits in place. */
  readonly outputTail: string;
}

/** Runs the project's test command in the root through the shell, appending its output to the log. */
export class TestRunner {
  readonly runs: TestRun[] = [];
  readonly log: string;

  constructor(
    readonly command: string,
    private readonly root: string,
    private readonly onProgress: (text: string) => void,
  ) {
    this.log = path.join(root, TEST_LOG);
    mkdirSync(path.dirname(this.log), { recursive: true });
    writeFileSync(path.join(path.dirname(this.log), '.gitignore'), '*\n');
    writeFileSync(this.log, '');
  }

  run(kind: TestRun['kind'], rolledBack: readonly string[]): { passed: boolean; tail: string } {
    const round = this.runs.length + 1;
    const what = rolledBack.length === 0 ? (kind === 'before' ? 'before migrating' : 'with every edit') : `without the edits of ${rolledBack.join(', ')}`;
    this.onProgress(`Tests, run ${round}: ${what}`);
    appendFileSync(this.log, `\n===== run ${round} (${kind}) ${what}: ${this.command}\n`);
    const started = performance.now();
    const result = spawnSync(this.command, { cwd: this.root, shell: true, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? `\n${result.error.message}\n` : ''}`;
    appendFileSync(this.log, output);
    const passed = result.status === 0;
    appendFileSync(this.log, `===== run ${round}: ${passed ? 'passed' : `failed (exit ${result.status ?? result.signal})`}\n`);
    this.runs.push({ kind, rolledBack, passed, exitCode: result.status, ms: Math.round(performance.now() - started) });
    return { passed, tail: output.trimEnd().split('\n').slice(-TAIL_LINES).join('\n') };
  }
}

/**
 * Finds the modules whose edits make the tests fail, one at a time: rolling back every module
 * gives the tree the tests passed on, so the shortest prefix of the modules whose rollback makes
 * them pass ends with a culprit (log2(modules) runs each). The culprit stays rolled back, and the
 * tests run again with only the culprits rolled back: that run confirms, or the search goes on.
 * `apply(rolledBack)` puts the tree in the state where exactly those modules are rolled back.
 */
export function bisectModules(
  modules: readonly string[],
  failingTail: string,
  runner: TestRunner,
  apply: (rolledBack: readonly string[]) => void,
): { culprits: Array<{ module: string; outputTail: string }>; passes: boolean } {
  const culprits: Array<{ module: string; outputTail: string }> = [];
  const remaining = [...modules];
  let failing = failingTail;
  const attempt = (kind: TestRun['kind'], rolledBack: readonly string[]): { passed: boolean; tail: string } => {
    apply(rolledBack);
    return runner.run(kind, rolledBack);
  };
  while (remaining.length > 0) {
    const found = culprits.map((c) => c.module);
    let low = 1;
    let high = remaining.length;
    let tail = failing;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      const result = attempt('bisect', [...found, ...remaining.slice(0, middle)]);
      if (result.passed) high = middle;
      else {
        low = middle + 1;
        tail = result.tail;
      }
    }
    const [culprit] = remaining.splice(low - 1, 1);
    culprits.push({ module: culprit!, outputTail: tail });
    const confirm = attempt('confirm', culprits.map((c) => c.module));
    if (confirm.passed) return { culprits, passes: true };
    failing = confirm.tail;
  }
  return { culprits, passes: false };
}
