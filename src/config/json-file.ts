import { promises as fs } from 'node:fs';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { UserError } from '../engine/user-error.js';

/**
 * Reads and parses a JSON config file. Like tsconfig.json it may hold comments and trailing
 * commas; a syntax error names the file, line and column.
 */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = (await fs.readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    throw new UserError(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  const [first] = errors;
  if (first) {
    const before = text.slice(0, first.offset);
    const line = before.split('\n').length;
    const column = first.offset - before.lastIndexOf('\n');
    throw new UserError(`${file}:${line}:${column}: invalid JSON (${describe(first)}). Fix the syntax and run again.`);
  }
  return value;
}

/** `PropertyNameExpected` reads better as "property name expected". */
function describe(error: ParseError): string {
  return printParseErrorCode(error.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}
