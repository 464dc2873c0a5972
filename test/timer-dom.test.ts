import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { tempRepo } from './helpers/temp-repo.js';
import { typeCheck } from './helpers/tsc.js';
import { STANDARD_MODULE } from './helpers/small-repo.js';

/**
 * With the DOM lib (as in code shared by a browser app and a Node service), `window.setTimeout`
 * is a method of `WindowOrWorkerGlobalScope` and a string callback type-checks (`TimerHandler`),
 * which the fixture repository (Node types only) cannot show.
 */
const SOURCE = `export function start(tick: () => void): void {
  window.setTimeout(tick, 10);
  setInterval(tick, 20);
  window.setTimeout('tick()', 30);
}
`;

describe('timer with the DOM lib', () => {
  let repo: string;
  let check: ReturnType<typeof runCli>;
  let run: ReturnType<typeof runCli>;

  beforeAll(() => {
    repo = tempRepo({
      files: {
        'package.json': JSON.stringify({ type: 'module' }),
        'tsconfig.json': JSON.stringify({
          compilerOptions: { target: 'ES2022', lib: ['ES2022', 'DOM'], module: 'NodeNext', moduleResolution: 'NodeNext', types: ['node'], strict: true, skipLibCheck: true, noEmit: true },
          include: ['src'],
        }),
        'src/errors/index.ts': STANDARD_MODULE,
        'src/ui/ticker.ts': SOURCE,
      },
    });
    expect(typeCheck(repo)).toEqual({ code: 0, output: '' });
    check = runCli(['check', '--format', 'json', '--transform', 'timer'], repo);
    run = runCli(['run', '--force', '--transform', 'timer'], repo);
  });

  it('finds the window and global timers, and a string callback as manual', () => {
    const { findings } = JSON.parse(check.stdout) as { findings: Array<{ line: number; fixable: boolean; message: string }> };
    expect(findings.map(({ line, fixable, message }) => ({ line, fixable, message }))).toEqual([
      { line: 2, fixable: true, message: '`window.setTimeout` callback is not wrapped in safeCallback' },
      { line: 3, fixable: true, message: '`setInterval` callback is not wrapped in safeCallback' },
      {
        line: 4,
        fixable: false,
        message:
          '`window.setTimeout` callback is not wrapped in safeCallback (manual: the callback is a string of code to evaluate, which safeCallback cannot wrap; pass a function instead)',
      },
    ]);
  });

  it('wraps the function callbacks, and the result type-checks', () => {
    expect(run.code).toBe(0);
    expect(readFileSync(path.join(repo, 'src/ui/ticker.ts'), 'utf8')).toBe(`import { safeCallback } from '../errors/index.js';

export function start(tick: () => void): void {
  window.setTimeout(safeCallback('start', tick), 10);
  setInterval(safeCallback('start#2', tick), 20);
  window.setTimeout('tick()', 30);
}
`);
    expect(typeCheck(repo)).toEqual({ code: 0, output: '' });
  });
});
