import { createRequire } from 'node:module';
import type { ts as TypeScript } from 'ts-morph';

/**
 * The TypeScript compiler the CLI uses: the copy ts-morph bundles, loaded on its own. The CLI
 * needs the compiler API only, and ts-morph's wrapper and companion package are 4 MB more to read
 * and compile on every start (the companion, which holds the default library's texts, loads when
 * a program is built: see `engine/lib-files.ts`). Loaded through `require`: importing a CommonJS
 * package from an ES module also has Node scan its whole text for export names.
 *
 * Imported as `#typescript` (package.json "imports"), whose types are ts-morph's `ts` namespace
 * (`types.d.ts`): one name for the values and the types, as `import { ts } from 'ts-morph'` gave.
 */
const fromCli = createRequire(import.meta.url);
const fromTsMorph = createRequire(fromCli.resolve('ts-morph'));

export const ts = fromTsMorph('@ts-morph/common/dist/typescript.js') as typeof TypeScript;
