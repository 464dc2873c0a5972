import { spawnSync } from 'node:child_process';
import { TSC } from './paths.js';

/** Runs the real `tsc --noEmit` on a project; returns its exit code and diagnostics. */
export function typeCheck(dir: string, tsconfig = 'tsconfig.json'): { code: number; output: string } {
  const result = spawnSync(process.execPath, [TSC, '--noEmit', '-p', tsconfig, '--pretty', 'false'], { cwd: dir, encoding: 'utf8' });
  return { code: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}
