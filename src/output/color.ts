import { Chalk, type ChalkInstance } from 'chalk';

/**
 * Colour only on a TTY, never with NO_COLOR (https://no-color.org) or `--no-color`.
 * Decided here once, not by chalk's own detection, so every output follows the same rule.
 */
export function colorFor(stream: NodeJS.WriteStream, noColorFlag: boolean): ChalkInstance {
  const enabled = !noColorFlag && stream.isTTY === true && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
  return new Chalk({ level: enabled ? 1 : 0 });
}
