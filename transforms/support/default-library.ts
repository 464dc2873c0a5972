import type { ts } from '#typescript';

/**
 * TypeScript's default library files (`lib.es2022.d.ts`, `lib.dom.d.ts`), known by their path:
 * ts-morph serves them from memory, without the `no-default-lib` reference that would mark them.
 */
export function isDefaultLibraryFile(file: ts.SourceFile): boolean {
  return /[\\/]typescript[\\/]lib[\\/]lib\.[^\\/]+\.d\.ts$/.test(file.fileName);
}
