import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compileCacheDirectory } from '../src/typescript/compile-cache.js';

// The hook replaces how Node compiles CommonJS for the whole process: each case runs in its own.
const moduleUrl = pathToFileURL(path.resolve('dist/src/typescript/compile-cache.js')).href;
const work = mkdtempSync(path.join(os.tmpdir(), 'compile-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const library = path.join(work, 'library.cjs');
/** A CommonJS module large enough to be cached, which requires a neighbour and reports what it was given. */
function writeLibrary(answer: number): void {
  const filler = Array.from({ length: 2000 }, (_, i) => `function f${i}(x) { return x + ${i}; }`).join('\n');
  writeFileSync(path.join(work, 'neighbour.cjs'), 'module.exports = "neighbour";\n');
  writeFileSync(library, `${filler}\nexports.answer = ${answer};\nexports.self = this === exports;\nexports.neighbour = require('./neighbour.cjs');\nexports.file = __filename;\nexports.dir = __dirname;\n`);
}

const script = path.join(work, 'load.mjs');
writeFileSync(
  script,
  `import { createRequire } from 'node:module';
import { installCompileCache } from ${JSON.stringify(moduleUrl)};
const only = process.argv[3] === 'default' ? {} : { include: (file) => file.endsWith('library.cjs') };
const cache = installCompileCache({ directory: process.argv[2], minimumSize: 10_000, ...only });
const loaded = createRequire(import.meta.url)(${JSON.stringify(library)});
console.log(JSON.stringify({ ...loaded, reused: cache.reused }));
`,
);

function load(directory: string, include = 'library'): { answer: number; self: boolean; neighbour: string; file: string; dir: string; reused: string[] } {
  return JSON.parse(execFileSync(process.execPath, [script, directory, include], { encoding: 'utf8' })) as never;
}

describe('the compile cache', () => {
  it('writes the compiled code on the first run, takes it on the next, and the module behaves the same', () => {
    writeLibrary(1);
    const directory = path.join(work, 'cache-a');
    const first = load(directory);
    expect(first).toEqual({ answer: 1, self: true, neighbour: 'neighbour', file: library, dir: work, reused: [] });
    const entries = readdirSync(directory);
    expect(entries).toHaveLength(1);
    // Named by a digest: a deep install path would not fit in a file name.
    expect(entries[0]).toMatch(/^[\w-]{27}\.\d+-\d+-\d+\.v8$/);
    const second = load(directory);
    expect(second).toEqual({ ...first, reused: [library] });
  });

  it('a changed file gets its own entry, and the stale one is removed', () => {
    writeLibrary(1);
    const directory = path.join(work, 'cache-b');
    load(directory);
    const [before] = readdirSync(directory);
    writeLibrary(22);
    expect(load(directory)).toMatchObject({ answer: 22, reused: [] });
    const after = readdirSync(directory);
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before);
    expect(load(directory)).toMatchObject({ answer: 22, reused: [library] });
  });

  it('data V8 refuses is not used, and is written again', () => {
    writeLibrary(3);
    const directory = path.join(work, 'cache-c');
    load(directory);
    const [entry] = readdirSync(directory);
    writeFileSync(path.join(directory, entry!), 'not compiled code');
    expect(load(directory)).toMatchObject({ answer: 3, reused: [] });
    expect(load(directory)).toMatchObject({ answer: 3, reused: [library] });
  });

  it.skipIf(process.platform === 'win32')('a folder others can write to is never read', () => {
    writeLibrary(4);
    const directory = path.join(work, 'cache-d');
    mkdirSync(directory);
    chmodSync(directory, 0o777);
    expect(load(directory)).toMatchObject({ answer: 4, reused: [] });
    expect(readdirSync(directory)).toEqual([]);
    expect(statSync(directory).mode & 0o777).toBe(0o777);
  });

  it('by default caches only ts-morph\'s companion package (the compiler), so other modules compile as Node compiles them', () => {
    writeLibrary(5);
    const directory = path.join(work, 'cache-e');
    expect(load(directory, 'default')).toMatchObject({ answer: 5, reused: [] });
    expect(readdirSync(directory)).toEqual([]);
  });

  it('is off under NODE_DISABLE_COMPILE_CACHE, and per user otherwise', () => {
    expect(compileCacheDirectory({ NODE_DISABLE_COMPILE_CACHE: '1' })).toBeUndefined();
    const directory = compileCacheDirectory({})!;
    expect(path.dirname(path.dirname(directory))).toBe(os.tmpdir());
    expect(path.basename(path.dirname(directory))).toBe(`migrate-errors-compile-cache-${process.getuid?.() ?? 'user'}`);
  });
});
