import { createHash } from 'node:crypto';
import fs from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

/**
 * A V8 code cache for the large CommonJS files the CLI loads: the TypeScript compiler (9 MB of
 * JavaScript, on every start) and ts-morph's companion package (3 MB, the default library's
 * texts, when a program is built). Compiling them is most of a start-up, and a start-up is most
 * of a `check --cache` that finds nothing changed. Node 22 has this built in
 * (`module.enableCompileCache`); on Node 20 the CLI keeps the compiled code itself: after a run,
 * V8 serialises what it compiled (the functions that ran included), and the next start hands it
 * back with the source. V8 refuses data that does not fit the source or its flags; the file is
 * then compiled as usual and the data written again.
 *
 * Only those files are cached (a plugin's dependencies compile as Node compiles them), and only
 * from `minimumSize` on: a smaller file compiles faster than its cache loads. Anything that goes
 * wrong here only costs the speed-up: the file then compiles as Node would compile it.
 */
export interface CompileCacheOptions {
  /** Where the data lives; one file per cached source. */
  readonly directory: string;
  readonly minimumSize?: number;
  /** Which files to cache (default: ts-morph's companion package, which holds the compiler). */
  readonly include?: (filename: string) => boolean;
}

/** What a run did with the cache: the files whose compiled code it took (the others' is written on exit). */
export interface CompileCache {
  readonly reused: readonly string[];
}

interface Compiled {
  readonly script: vm.Script;
  readonly cacheFile: string;
  readonly stale: readonly string[];
}

const DEFAULT_MINIMUM_SIZE = 512 * 1024;

/** `@ts-morph/common/dist/typescript.js` and `ts-morph-common.js`, wherever the package is installed. */
const TS_MORPH_COMPANION = /[\\/]@ts-morph[\\/]common[\\/]dist[\\/][^\\/]+\.js$/;

/** `NODE_DISABLE_COMPILE_CACHE` turns it off, as it turns off Node's own. */
export function compileCacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env['NODE_DISABLE_COMPILE_CACHE']) return undefined;
  // Per user: data from another account's directory is code this process would run.
  const user = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return path.join(os.tmpdir(), `migrate-errors-compile-cache-${user}`, `${process.versions.v8}-${process.arch}`);
}

/** Hooks CommonJS compilation, for the rest of the process. */
export function installCompileCache({ directory, minimumSize = DEFAULT_MINIMUM_SIZE, include = (filename) => TS_MORPH_COMPANION.test(filename) }: CompileCacheOptions): CompileCache {
  const reused: string[] = [];
  if (!ownedDirectory(directory)) return { reused };
  const toWrite: Compiled[] = [];
  const prototype = Module.prototype as unknown as { _compile(content: string, filename: string): unknown };
  const compileAsNode = prototype._compile;
  prototype._compile = function compileWithCache(this: Module, content: string, filename: string): unknown {
    if (content.length < minimumSize || !include(filename)) return compileAsNode.call(this, content, filename);
    const compiled = compile(content, filename, directory);
    if (!compiled) return compileAsNode.call(this, content, filename);
    if (compiled.script.cachedDataRejected === false) reused.push(filename);
    else toWrite.push(compiled);
    return run(compiled.script, this, filename);
  };
  process.once('exit', () => {
    for (const compiled of toWrite) writeData(compiled);
  });
  return { reused };
}

/** A directory this user owns and no one else can write to (created so when missing). */
function ownedDirectory(directory: string): boolean {
  try {
    fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
    // Windows has no owners to compare, and its temporary folder is the user's own.
    if (typeof process.getuid !== 'function') return true;
    const uid = process.getuid();
    return [path.dirname(directory), directory].every((dir) => {
      const stat = fs.statSync(dir);
      return stat.uid === uid && (stat.mode & 0o022) === 0;
    });
  } catch {
    return false;
  }
}

function compile(content: string, filename: string, directory: string): Compiled | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(filename);
  } catch {
    return undefined;
  }
  // One entry per file and set of Node options (V8 refuses data made under other flags), named by
  // a digest (a path can be longer than a file name may be). The file as installed: a new version
  // or a patch changes its size, time or inode, and so the entry's name.
  const prefix = `${createHash('sha1').update(`${filename}\0${process.execArgv.join('\0')}`).digest('base64url')}.`;
  const cacheFile = path.join(directory, `${prefix}${stat.size}-${Math.trunc(stat.mtimeMs)}-${stat.ino}.v8`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(content), {
    filename,
    ...(cachedData ? { cachedData } : {}),
    // `import()` inside the module loads as Node's own loader would (the constant is Node 20.12 and later).
    ...(vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ? { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER } : {}),
  });
  const stale = cachedData ? [] : olderEntries(directory, prefix, cacheFile);
  return { script, cacheFile, stale };
}

/** Runs the wrapped module as Node's loader would: `this` is its exports, `require` resolves from its place. */
function run(script: vm.Script, module: Module, filename: string): unknown {
  const wrapper = script.runInThisContext({ displayErrors: true }) as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => unknown;
  const require = Module.createRequire(filename);
  return wrapper.call(module.exports, module.exports, require, module, filename, path.dirname(filename));
}

function olderEntries(directory: string, prefix: string, current: string): string[] {
  try {
    return fs.readdirSync(directory).filter((name) => name.startsWith(prefix)).map((name) => path.join(directory, name)).filter((file) => file !== current);
  } catch {
    return [];
  }
}

function writeData({ script, cacheFile, stale }: Compiled): void {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
    fs.renameSync(temporary, cacheFile);
    for (const file of stale) fs.rmSync(file, { force: true });
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}
