import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ts as TypeScript } from 'ts-morph';
import { compileCacheDirectory, installCompileCache } from './compile-cache.js';

/**
 * The TypeScript compiler the CLI uses: the copy ts-morph bundles, loaded on its own. The CLI
 * needs the compiler API only, and ts-morph's wrapper and companion package are 4 MB more to read
 * and compile on every start (the companion, which holds the default library's texts, loads when
 * a program is built: see `engine/lib-files.ts`). Loaded through `require`: importing a CommonJS
 * package from an ES module also has Node scan its whole text for export names.
 *
 * Imported as `#typescript` (package.json "imports"), whose types are ts-morph's `ts` namespace
 * (`types.d.ts`): one name for the values and the types, as `import { ts } from 'ts-morph'` gave.
 *
 * Loaded on first use, not on import: a `check --cache` that finds nothing changed never needs
 * the compiler, and loading it is a third of such a run. Until then `ts` is a stand-in whose first
 * property read loads the compiler and rebinds `ts` to it (an ES module export is a live binding,
 * so every importer sees the compiler itself from then on and pays nothing per access). Only
 * reading properties is forwarded: nothing here lists the compiler's exports before using one.
 */
const fromCli = createRequire(import.meta.url);
const fromTsMorph = createRequire(fromCli.resolve('ts-morph'));
const COMPILER = '@ts-morph/common/dist/typescript.js';

let compiler: typeof TypeScript | undefined;

function load(): typeof TypeScript {
  if (!compiler) {
    // Compiling the compiler is most of its load: V8's code of it is kept between runs (and so in
    // every analysis thread, which loads it through here too).
    const directory = compileCacheDirectory();
    if (directory) installCompileCache({ directory });
    compiler = fromTsMorph(COMPILER) as typeof TypeScript;
  }
  ts = compiler;
  return compiler;
}

export let ts: typeof TypeScript = new Proxy({} as typeof TypeScript, {
  get: (_target, key) => Reflect.get(load(), key),
  has: (_target, key) => Reflect.has(load(), key),
});

/**
 * The compiler's version, without loading it when it is not loaded yet: the file states it near
 * its start (`var version = "6.0.2";`). What depends on the compiler's version (a cache key) asks
 * this instead of `ts.version`.
 */
export function typescriptVersion(): string {
  if (compiler) return compiler.version;
  stated ??= versionStatedInFile();
  return stated;
}

let stated: string | undefined;

function versionStatedInFile(): string {
  const head = Buffer.alloc(256 * 1024);
  let length = 0;
  try {
    const fd = openSync(fromTsMorph.resolve(COMPILER), 'r');
    try {
      length = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return load().version;
  }
  const match = /^var version = "([^"]+)";$/m.exec(head.toString('utf8', 0, length));
  return match ? match[1]! : load().version;
}
