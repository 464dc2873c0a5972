import type { ChalkInstance } from 'chalk';
import { colorFor } from '../output/color.js';

/** Where a command writes; tests and the interactive mode can swap the streams. */
export interface Io {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  /** Colours for stdout and stderr, each decided by its own stream. */
  readonly out: ChalkInstance;
  readonly err: ChalkInstance;
}

export function processIo(noColor: boolean): Io {
  return { stdout: process.stdout, stderr: process.stderr, out: colorFor(process.stdout, noColor), err: colorFor(process.stderr, noColor) };
}
