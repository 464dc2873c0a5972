import { createInterface } from 'node:readline';
import type { FileOutcome } from '../engine/session.js';
import { unifiedDiff } from '../output/diff.js';
import type { Io } from './io.js';

export interface ReviewResult {
  readonly accepted: FileOutcome[];
  readonly declined: FileOutcome[];
}

const PROMPT = 'Apply? [y]es, [n]o, [a]ll remaining, [q]uit: ';

/**
 * `run --interactive`: shows each file's change as a diff and asks what to do with it. Answers
 * come line by line from stdin, so a terminal and a script drive it the same way; the end of
 * input counts as quit. Only accepted files are written.
 */
export async function reviewChanges(changed: readonly FileOutcome[], io: Io, input: NodeJS.ReadableStream = process.stdin): Promise<ReviewResult> {
  const accepted: FileOutcome[] = [];
  const declined: FileOutcome[] = [];
  const lines = createInterface({ input, terminal: false })[Symbol.asyncIterator]();
  let acceptRest = false;
  let quit = false;
  try {
    for (const [index, outcome] of changed.entries()) {
      if (quit) {
        declined.push(outcome);
        continue;
      }
      if (acceptRest) {
        accepted.push(outcome);
        continue;
      }
      io.stdout.write(`\n${io.out.bold(`[${index + 1}/${changed.length}] ${outcome.file}`)}\n`);
      io.stdout.write(unifiedDiff(outcome.file, outcome.source!.text, outcome.newText!, io.out));
      const answer = await ask(lines, io, (input as { isTTY?: boolean }).isTTY === true);
      if (answer === 'y' || answer === 'a') accepted.push(outcome);
      else declined.push(outcome);
      acceptRest = answer === 'a';
      quit = answer === 'q';
    }
  } finally {
    await lines.return?.();
  }
  return { accepted, declined };
}

async function ask(lines: AsyncIterator<string>, io: Io, terminal: boolean): Promise<'y' | 'n' | 'a' | 'q'> {
  for (;;) {
    io.stdout.write(PROMPT);
    const next = await lines.next();
    if (next.done) {
      io.stdout.write('\n');
      return 'q';
    }
    const answer = next.value.trim().toLowerCase();
    // A terminal echoes what was typed; a script's answers are echoed so the log reads the same.
    if (!terminal) io.stdout.write(`${answer}\n`);
    const choice = ({ y: 'y', yes: 'y', n: 'n', no: 'n', a: 'a', all: 'a', q: 'q', quit: 'q' } as const)[answer as 'y'];
    if (choice) return choice;
    io.stdout.write(`Please answer y, n, a or q.\n`);
  }
}
