/**
 * A failure of the tool itself, not of the user's input, in one phase of the work that no single
 * file can be skipped for (the pre-pass of the transforms, building the type checker). The CLI
 * prints it as one line that names the phase, and the stack only when asked.
 */
export class PhaseError extends Error {
  constructor(
    readonly phase: string,
    override readonly cause: unknown,
  ) {
    super(`${phase}: ${errorLine(cause)}`, { cause });
    this.name = 'PhaseError';
  }
}

/** Runs `work`, naming `phase` in whatever it throws (errors already named pass through as they are). */
export function inPhase<T>(phase: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw error instanceof PhaseError ? error : new PhaseError(phase, error);
  }
}

/** `RangeError: Maximum call stack size exceeded`: the class and the first line of the message. */
export function errorLine(error: unknown): string {
  if (!(error instanceof Error)) return String(error).split('\n')[0]!;
  return `${error.name}: ${error.message.split('\n')[0]}`;
}

/**
 * Whether the error was thrown inside the TypeScript compiler: its innermost frame of code is
 * there. (A stack overflow often surfaces in a built-in such as `Array.push`, called by it.)
 */
export function thrownByCompiler(error: unknown): boolean {
  const frames = error instanceof Error ? (error.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at ')) : [];
  const code = frames.find((frame) => !/\((<anonymous>|native|node:[^)]*)\)$/.test(frame));
  return code !== undefined && /[\\/](typescript[\\/]lib[\\/][^\\/]+|@ts-morph[\\/]common[\\/]dist[\\/]typescript)\.js\b/.test(code);
}
