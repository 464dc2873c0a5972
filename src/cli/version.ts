import { readFileSync } from 'node:fs';

/** The package's version, read from its package.json (three folders above `dist/src/cli/`). */
export const TOOL_VERSION: string = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
