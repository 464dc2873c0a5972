import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { TSC } from './helpers/paths.js';
import { smallRepo } from './helpers/small-repo.js';

/**
 * No harm, proven by running the code: the same repository is compiled before and after `run`, the
 * same driver calls both builds, and every caller-visible fact (class, identity, message, status,
 * what is thrown) must be equal. One case per way a migration was seen to change behaviour.
 */

const HTTP = `export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function authorize(token: string): void {
  if (token !== 'secret') throw new HttpError(401, 'Unauthorized');
}

export function handle(token: string): string {
  try {
    authorize(token);
    return 'ok';
  } catch (e) {
    throw e;
  }
}

export function relay(run: () => void): void {
  try {
    run();
  } catch (err) {
    throw err;
  }
}

export function send(sent: boolean): void {
  if (sent) throw new Error('Response already sent');
}
`;

const TOKENS = `export function verifyToken(token: string): void {
  if (token === '') throw new Error('token missing');
}
`;

const GUARD = `import { verifyToken } from '../tokens/verify.js';

export function guard(token: string): number {
  try {
    verifyToken(token);
    return 200;
  } catch (cause) {
    if ((cause as Error).constructor === Error) throw cause;
    return 401;
  }
}
`;

const PARSE = `export function parse(input: string): number {
  if (input === '') throw 'empty input';
  return Number(input);
}

export function safeParse(input: string): number | string {
  try {
    return parse(input);
  } catch (e) {
    if (typeof e === 'string') return \`bad input: \${e}\`;
    throw e;
  }
}
`;

/** Calls the build in `process.argv[2]` and prints what a caller observes. */
const DRIVER = String.raw`
const build = process.argv[2];
const load = (module) => import(new URL('./' + build + '/src/' + module, import.meta.url).href);
const { HttpError, handle, relay, send } = await load('web/http.js');
const { guard } = await load('auth/guard.js');
const { parse, safeParse } = await load('parse/parse.js');
const caught = (run) => {
  try {
    run();
  } catch (err) {
    return err;
  }
  return 'nothing thrown';
};
const own = new HttpError(403, 'Forbidden');
const relayedOwn = caught(() => relay(() => { throw own; }));
const viaHandle = caught(() => handle('wrong'));
const promise = Promise.resolve('suspended');
const relayedPromise = caught(() => relay(() => { throw promise; }));
const sent = caught(() => send(true));
let guarded;
try {
  guarded = guard('');
} catch (err) {
  guarded = { threw: err instanceof Error, message: err.message, plain: err.constructor === Error };
}
const parsed = caught(() => parse(''));
console.log(JSON.stringify({
  ownClass: {
    identical: relayedOwn === own,
    isHttpError: relayedOwn instanceof HttpError,
    status: relayedOwn.status,
    message: relayedOwn.message,
    viaHandle: { isHttpError: viaHandle instanceof HttpError, status: viaHandle.status, message: viaHandle.message, name: viaHandle.name, keys: Object.keys(viaHandle) },
  },
  thrownPromise: { identical: relayedPromise === promise, isPromise: relayedPromise instanceof Promise },
  anchoredMessage: { matches: /^Response already sent/.test(sent.message), message: sent.message, isError: sent instanceof Error },
  exactClass: { guarded },
  thrownString: { type: typeof parsed, value: parsed, safe: safeParse('') },
}));
`;

type Observed = Record<string, unknown>;

describe('a migrated program behaves as the original did', () => {
  let repo: string;
  let before: Observed;
  let after: Observed;

  const build = (outDir: string): void => {
    const result = spawnSync(process.execPath, [TSC, '-p', 'tsconfig.json', '--noEmit', 'false', '--outDir', outDir, '--rootDir', '.'], { cwd: repo, encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
  };
  const observe = (outDir: string): Observed => {
    const driven = spawnSync(process.execPath, ['driver.mjs', outDir], { cwd: repo, encoding: 'utf8' });
    expect(driven.stderr).toBe('');
    return JSON.parse(driven.stdout) as Observed;
  };
  const source = (file: string): string => readFileSync(path.join(repo, file), 'utf8');

  beforeAll(() => {
    repo = smallRepo({ 'src/web/http.ts': HTTP, 'src/tokens/verify.ts': TOKENS, 'src/auth/guard.ts': GUARD, 'src/parse/parse.ts': PARSE, 'driver.mjs': DRIVER });
    build('before');
    const run = runCli(['run', '--force', '--no-verify'], repo);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    build('after');
    before = observe('before');
    after = observe('after');
  });

  it('migrates the sites it may, and leaves the ones code can tell apart', () => {
    expect(source('src/web/http.ts')).toContain("throw withContext(e, 'src/web', 'handle');");
    expect(source('src/web/http.ts')).toContain("throw withContext(err, 'src/web', 'relay');");
    expect(source('src/web/http.ts')).toMatch(/throw new InternalError\('src\/web', \d+, 'Response already sent'\);/);
    expect(source('src/tokens/verify.ts')).toBe(TOKENS);
    expect(source('src/parse/parse.ts')).toContain("if (input === '') throw 'empty input';");
  });

  it('names the discriminating line as the reason of a site left alone', () => {
    const check = runCli(['check', '--format', 'json'], repo);
    const findings = (JSON.parse(check.stdout) as { findings: Array<{ file: string; line: number; message: string; fixable: boolean }> }).findings;
    expect(findings.filter((f) => !f.fixable).map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([
      "src/parse/parse.ts:4 string thrown: 'empty input' (manual: src/parse/parse.ts:12 tests whether a caught value is a string (`typeof e === 'string'`), and the converted value would take the other branch there; change both by hand)",
      'src/tokens/verify.ts:2 plain Error thrown: `new Error(\'token missing\')` (manual: src/auth/guard.ts:9 tells errors apart by their exact class or name (`(cause as Error).constructor === Error`), and the converted value would take the other branch there; change both by hand)',
    ]);
  });

  it("a rethrow caught by an instanceof of the code's own class: same class, identity, message, status", () => {
    expect(before.ownClass).toEqual({
      identical: true,
      isHttpError: true,
      status: 403,
      message: 'Forbidden',
      viaHandle: { isHttpError: true, status: 401, message: 'Unauthorized', name: 'HttpError', keys: ['status', 'name'] },
    });
    expect(after.ownClass).toEqual(before.ownClass);
  });

  it('a thrown promise passing through a rethrow arrives as the same promise', () => {
    expect(before.thrownPromise).toEqual({ identical: true, isPromise: true });
    expect(after.thrownPromise).toEqual(before.thrownPromise);
  });

  it('a message matched by an anchored regex still matches', () => {
    expect(before.anchoredMessage).toEqual({ matches: true, message: 'Response already sent', isError: true });
    expect(after.anchoredMessage).toEqual(before.anchoredMessage);
  });

  it('a `constructor === Error` discriminator takes the same branch', () => {
    expect(before.exactClass).toEqual({ guarded: { threw: true, message: 'token missing', plain: true } });
    expect(after.exactClass).toEqual(before.exactClass);
  });

  it("a `typeof e === 'string'` catch still gets a string", () => {
    expect(before.thrownString).toEqual({ type: 'string', value: 'empty input', safe: 'bad input: empty input' });
    expect(after.thrownString).toEqual(before.thrownString);
  });
});
