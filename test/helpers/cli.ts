import { spawnSync } from 'node:child_process';
import { BIN } from './paths.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI as users do: a child process, no TTY, no colour variables. */
export function runCli(args: readonly string[], cwd: string, env: Record<string, string> = {}, input = ''): CliResult {
  const { FORCE_COLOR: _force, NO_COLOR: _no, ...base } = process.env;
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...base, ...env }, encoding: 'utf8', input });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
