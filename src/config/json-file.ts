import { promises as fs } from 'node:fs';
import { UserError } from '../cli/errors.js';

/** Reads and parses a JSON file; a syntax error names the file, line and column. */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new UserError(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    let where = '';
    if (position) {
      const before = text.slice(0, Number(position[1]));
      const line = before.split('\n').length;
      const column = before.length - before.lastIndexOf('\n');
      where = `:${line}:${column}`;
    }
    throw new UserError(`${file}${where}: invalid JSON (${message.replace(/ in JSON at position \d+.*$/, '')}). Fix the syntax and run again.`);
  }
}
