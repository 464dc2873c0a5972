import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/paths.js';

/** Runs a module body in a fresh Node (nothing loaded yet) with the built `#typescript` imported as `runtime`. */
function fresh(body: string): string {
  const runtime = pathToFileURL(path.join(REPO_ROOT, 'dist/src/typescript/runtime.js')).href;
  const script = `import { createRequire } from 'node:module';\nimport * as runtime from '${runtime}';\nconst loaded = () => Object.keys(createRequire(import.meta.url).cache).some((file) => /[\\\\/]typescript\\.js$/.test(file));\n${body}`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' } });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.trim();
}

describe('the compiler, loaded on first use', () => {
  it('is not loaded by importing it, states its version without loading, and is the compiler itself after the first read', () => {
    const out = fresh(`
      const before = loaded();
      const stated = runtime.typescriptVersion();
      const afterVersion = loaded();
      const version = runtime.ts.version;
      const afterRead = loaded();
      const works = runtime.ts.isIdentifier(runtime.ts.factory.createIdentifier('x'));
      console.log(JSON.stringify({ before, stated, afterVersion, same: stated === version, afterRead, works }));
    `);
    expect(JSON.parse(out)).toEqual({ before: false, stated: expect.stringMatching(/^\d+\.\d+\.\d+/), afterVersion: false, same: true, afterRead: true, works: true });
  });
});
