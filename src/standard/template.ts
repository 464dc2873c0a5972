import { readFileSync } from 'node:fs';

/**
 * The standard error module's source, as `init` writes it. The file ships in the package as
 * TypeScript (it is tested and type-checked in this repository like any other code); from
 * `dist/src/standard/` the package root is three folders up.
 */
export function standardModuleSource(): string {
  return readFileSync(new URL('../../../src/standard/errors-module.ts', import.meta.url), 'utf8');
}
