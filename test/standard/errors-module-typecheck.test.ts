import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * The module is copied into user repositories, so it must type-check under the strictest settings
 * a user may have, as ESM and as CommonJS, with no Node or DOM types. A consumer file imports
 * every export and uses it the way migrated code does, proving the public signatures usable.
 */

const moduleFile = fileURLToPath(new URL('../../src/standard/errors-module.ts', import.meta.url));
const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));

const strictest = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  noPropertyAccessFromIndexSignature: true,
  isolatedModules: true,
  erasableSyntaxOnly: true,
  types: [],
  lib: ['es2022'],
  target: 'es2022',
  noEmit: true,
};

interface Setting {
  name: string;
  compilerOptions: Record<string, unknown>;
  packageJson: Record<string, unknown>;
  specifier: string;
}

const settings: Setting[] = [
  {
    name: 'ESM (NodeNext, verbatimModuleSyntax)',
    compilerOptions: { ...strictest, module: 'NodeNext', moduleResolution: 'NodeNext', verbatimModuleSyntax: true },
    packageJson: { type: 'module' },
    specifier: './errors-module.js',
  },
  {
    // TypeScript 6 deprecates node10 resolution (TS5107) unless told to ignore it.
    // verbatimModuleSyntax is left out: it forbids ESM syntax in a CommonJS .ts file by design.
    name: 'CommonJS (node10)',
    compilerOptions: { ...strictest, module: 'CommonJS', moduleResolution: 'node10', ignoreDeprecations: '6.0' },
    packageJson: { type: 'commonjs' },
    specifier: './errors-module',
  },
];

/** Uses every export as migrated code does; `@ts-expect-error` lines prove the types are tight. */
function consumerSource(specifier: string): string {
  return `import {
  CodedError, ValidationError, NotFoundError, ConflictError, UnauthorizedError, TimeoutError,
  InternalError, ExternalError, RateLimitError,
  ErrNotFound, ErrAlreadyExists, ErrInvalidInput, ErrUnauthorized, ErrForbidden, ErrTimeout,
  ErrUnavailable, ErrRateLimited, ErrCanceled, ErrInternal, ErrNotImplemented,
  sentinel, is, as, wrap, withContext, must, safeGo, detach, safeCallback,
  setReporter, getMetrics, resetMetrics, setMetricsHook,
  type ErrorCategory, type Severity, type RecoveredFailure, type Reporter, type MetricsHook,
  type ErrorMetrics, type CodedErrorInit, type CodedErrorJSON, type TypedErrorOptions,
} from '${specifier}';

export const ErrBidClosed: CodedError = sentinel('pkg/auction', 101, 'bid closed', 'conflict');
export const ErrBidLost = sentinel('pkg/auction', 102, 'bid lost');
const allSentinels: readonly CodedError[] = [
  ErrNotFound, ErrAlreadyExists, ErrInvalidInput, ErrUnauthorized, ErrForbidden, ErrTimeout,
  ErrUnavailable, ErrRateLimited, ErrCanceled, ErrInternal, ErrNotImplemented,
];

const init: CodedErrorInit = { module: 'pkg/a', code: 100, category: 'internal', message: 'boom' };
const base = new CodedError({ ...init, severity: 'high', retryable: true, context: { id: 1 }, cause: new Error('x') });
const options: TypedErrorOptions = { cause: base, context: { user: 'u1' } };
const typed: CodedError[] = [
  new ValidationError('pkg/a', 101, 'bad input', options),
  new NotFoundError('pkg/a', 102, 'no user'),
  new ConflictError('pkg/a', 103, 'exists', { cause: 'text' }),
  new UnauthorizedError('pkg/a', 104, 'who'),
  new TimeoutError('pkg/a', 105, 'slow', { context: { ms: 5 } }),
  new InternalError('pkg/a', 106, 'bug'),
  new ExternalError('pkg/a', 107, 'db down'),
  new RateLimitError('pkg/a', 108, 'slow down'),
];
// @ts-expect-error severity is one of the four levels
new CodedError({ ...init, severity: 'huge' });
// @ts-expect-error the category is required
new CodedError({ module: 'pkg/a', code: 1, message: 'm' });

const category: ErrorCategory = base.category;
const severity: Severity = base.severity;
const fields: [string, number, boolean, string, unknown, unknown] =
  [base.module, base.code, base.retryable, base.text, base.cause, base.context?.['id']];
const json: CodedErrorJSON = base.toJSON();
const jsonCause: string | undefined = json.cause;
// @ts-expect-error context is read-only
base.context!['id'] = 2;

export function load(id: string): never {
  throw new NotFoundError('pkg/a', 102, \`user \${id} not found\`);
}

export async function handle(): Promise<number> {
  try {
    load('42');
  } catch (err) {
    if (is(err, ErrNotFound) || is(err, ErrBidClosed)) return 404;
    const notFound = as(err, NotFoundError);
    if (notFound !== undefined) return notFound.code;
    // @ts-expect-error as() may find nothing
    as(err, TimeoutError).code;
    const plain: Error | undefined = as(err, Error);
    const aggregate = as(err, AggregateError);
    const inner: unknown[] = aggregate?.errors ?? [plain];
    if (inner.length > 1) throw wrap(err, 'loading user');
    throw withContext(err, 'pkg/a', 'handle');
  }
}

// must() stands in for the non-null assertion: same type for concrete, literal, generic and function types.
declare const maybeText: string | undefined;
declare const maybeLiteral: 'a' | 'b' | null;
declare const maybeFn: ((n: number) => string) | undefined;
declare const maybeCount: 0 | 1 | null | undefined;
const text: string = must(maybeText, 'maybeText');
const literal: 'a' | 'b' = must(maybeLiteral, 'maybeLiteral');
const called: string = must(maybeFn, 'maybeFn')(1);
const count: 0 | 1 = must(maybeCount, 'maybeCount');
// @ts-expect-error the result is never undefined
const stillOptional: undefined = must(maybeText, 'maybeText');
export function first<T>(items: readonly T[]): T & {} {
  const asserted = items[0]!;
  const checked = must(items[0], 'items[0]');
  const same: typeof asserted = checked;
  const back: typeof checked = asserted;
  return same ?? back;
}
export function byKey<K extends string, V>(map: Partial<Record<K, V>>, key: K): NonNullable<V> {
  return must(map[key], 'map[key]');
}

safeGo('Engine.start', async () => {
  await Promise.resolve();
});
safeGo('Engine.sync', () => 1);
detach('Engine.save', Promise.resolve(1));
detach('Engine.saveAll', [Promise.resolve(1), Promise.resolve('x')]);
detach('Engine.value', 42);

// Timers and event handlers, declared here because the consumer has no Node or DOM types.
declare function setTimer<A extends unknown[]>(callback: (...args: A) => void, ms: number, ...args: A): number;
declare const emitter: { on(event: 'data', listener: (chunk: Uint8Array, index: number) => void): void };
setTimer(safeCallback('Engine.tick', async () => { await Promise.resolve(); }), 10);
setTimer(safeCallback('Engine.tickWith', (label: string, n: number) => label.length + n), 10, 'x', 1);
emitter.on('data', safeCallback('Engine.onData', (chunk, index) => chunk.length + index));
export class Widget {
  clicks = 0;
  readonly onClick = safeCallback('Widget.onClick', function (this: Widget, n: number) {
    this.clicks += n;
  });
}
// @ts-expect-error the wrapper keeps the parameter types
safeCallback('Engine.typed', (n: number) => n)('not a number');

const reporter: Reporter = (failure: RecoveredFailure) => {
  const kind: 'panic' | 'rejection' = failure.kind;
  const described: [string, string, unknown] = [failure.name, failure.at, failure.error];
  void kind;
  void described;
};
const previous: Reporter = setReporter(reporter);
setReporter(previous);

const hook: MetricsHook = {
  errorCreated(error: CodedError) { void error.module; },
  recovered(failure: RecoveredFailure) { void failure.name; },
};
const previousHook: MetricsHook | undefined = setMetricsHook(hook);
setMetricsHook(undefined);
setMetricsHook({ recovered: () => undefined });
const metrics: ErrorMetrics = getMetrics();
const counts: (number | undefined)[] = [
  metrics.errors.byModule['pkg/a'], metrics.errors.byCode['pkg/a:101'],
  metrics.errors.byCategory['internal'], metrics.recovered['Engine.start'],
];
resetMetrics();

export const used = [allSentinels, typed, category, severity, fields, jsonCause, text, literal, called, count,
  stillOptional, previousHook, counts];
`;
}

let root: string | undefined;

afterAll(() => {
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
});

function typeCheck(setting: Setting): { status: number; output: string } {
  root ??= mkdtempSync(join(tmpdir(), 'errors-module-typecheck-'));
  const dir = mkdtempSync(join(root, 'repo-'));
  copyFileSync(moduleFile, join(dir, 'errors-module.ts'));
  writeFileSync(join(dir, 'consumer.ts'), consumerSource(setting.specifier));
  writeFileSync(join(dir, 'package.json'), JSON.stringify(setting.packageJson));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: setting.compilerOptions, files: ['errors-module.ts', 'consumer.ts'] }, null, 2),
  );
  try {
    const output = execFileSync(process.execPath, [tsc, '-p', dir, '--pretty', 'false'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    return { status: 0, output };
  } catch (error) {
    const failed = error as { status: number | null; stdout?: string; stderr?: string };
    return { status: failed.status ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('the standard error module type-checks in a user repository', () => {
  for (const setting of settings) {
    it(`as ${setting.name}, strictest options, no Node or DOM types, with a consumer of every export`, () => {
      expect(typeCheck(setting)).toEqual({ status: 0, output: '' });
    }, 120_000);
  }
});
