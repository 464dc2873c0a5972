import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, SAMPLE_REPO } from './helpers/paths.js';
import { tempRepo } from './helpers/temp-repo.js';

/** Runs the CLI on a pseudo-terminal (util-linux `script`), as a person at a terminal would. */
function onTerminal(args: string, cwd: string, env: Record<string, string> = {}): string {
  const { NO_COLOR: _no, FORCE_COLOR: _force, ...base } = process.env;
  const result = spawnSync('script', ['-qec', `${process.execPath} ${BIN} ${args}`, '/dev/null'], { cwd, env: { ...base, ...env }, encoding: 'utf8' });
  return result.stdout;
}

const ESC = '\u001b[';

describe('on a terminal', () => {
  const repo = tempRepo({ from: SAMPLE_REPO });

  it('shows progress (files done / total and the module) and colours', () => {
    const out = onTerminal('check --transform non-null', repo);
    expect(out).toMatch(/\r\u001b\[K\[\d+\/42\] (pkg|x)\//);
    expect(out).toContain(`${ESC}31munmigrated${ESC}39m`);
  });

  it('never colours with NO_COLOR or --no-color', () => {
    expect(onTerminal('check --transform non-null', repo, { NO_COLOR: '1' })).not.toContain(`${ESC}3`);
    expect(onTerminal('check --transform non-null --no-color', repo)).not.toContain(`${ESC}3`);
  });

  it('--quiet shows no progress and no closing summary', () => {
    const out = onTerminal('check --transform non-null --quiet --no-color', repo);
    expect(out).not.toContain('\r\u001b[K[');
    expect(out).not.toContain('unmigrated site(s) in');
    expect(out.trim().split('\n').every((line) => /^\S+:\d+:\d+ (unmigrated|manual) non-null /.test(line.trim()))).toBe(true);
  });
});
