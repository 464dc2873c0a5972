/**
 * Ctrl-C and SIGTERM during `run`: instead of dying mid-way, the run stops at the next file
 * boundary. Every write is atomic, so each file is either fully original or fully migrated, and
 * the run can say exactly which were written. Exit codes follow the shell's 128 + signal number.
 */
export interface Interruption {
  /** The signal received, if any. */
  readonly signal: NodeJS.Signals | undefined;
  readonly exitCode: number;
  dispose(): void;
}

const EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

export function watchForInterruption(): Interruption {
  let received: NodeJS.Signals | undefined;
  const handler = (signal: NodeJS.Signals): void => {
    // A second signal means "now": leave at once (files are still whole, thanks to atomic writes).
    if (received) process.exit(EXIT_CODES[received] ?? 1);
    received = signal;
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    get signal() {
      return received;
    },
    get exitCode() {
      return received ? (EXIT_CODES[received] ?? 1) : 0;
    },
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
