import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Esbuild from 'esbuild';
import type * as Swc from '@swc/core';
import type * as TypeScript from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * The module is copied into user repositories, so it must compile wherever it lands: TypeScript
 * 4.6 and later, the strictest options a user may have, old and new libs, with or without DOM and
 * Node types, as ESM or CommonJS; and it must load through the transpilers test runners use.
 * A consumer file imports every export and uses it the way migrated code does, proving the
 * public signatures usable. The compilers run in this process where their API allows; everything
 * shares one temporary folder.
 */

const require = createRequire(import.meta.url);
const moduleFile = fileURLToPath(new URL('../../src/standard/errors-module.ts', import.meta.url));
const typesFolder = fileURLToPath(new URL('../../node_modules/@types', import.meta.url));
const moduleSource = readFileSync(moduleFile, 'utf8');

type Ts = typeof TypeScript;
const typescripts: Record<'current' | '4.6', Ts> = {
  current: require('typescript') as Ts,
  '4.6': require('typescript-4.6') as Ts,
};

const root = mkdtempSync(join(tmpdir(), 'errors-module-compile-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Type-checking
// ---------------------------------------------------------------------------------------------

/** Options every TypeScript since 4.6 knows, at their strictest. */
const strictest = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  noPropertyAccessFromIndexSignature: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  allowUnreachableCode: false,
  allowUnusedLabels: false,
  isolatedModules: true,
  forceConsistentCasingInFileNames: true,
  // The module declares no globals, so the libs themselves need no checking (only parsing).
  skipLibCheck: true,
  types: [],
  noEmit: true,
};

/** Options of TypeScript 5 and later: the subset Node's type stripping accepts, and exact imports. */
const strictestModern = { ...strictest, erasableSyntaxOnly: true, verbatimModuleSyntax: true };

interface Setting {
  name: string;
  typescript: keyof typeof typescripts;
  compilerOptions: Record<string, unknown>;
  packageType: 'module' | 'commonjs';
  specifier: string;
  /** Whether the lib has ES2021/ES2022 (`AggregateError`, `Error.cause`) for the consumer to use. */
  modernLib: boolean;
}

const settings: Setting[] = [
  {
    name: 'ESM (NodeNext), lib ES2022, verbatimModuleSyntax and erasableSyntaxOnly',
    typescript: 'current',
    compilerOptions: { ...strictestModern, module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['es2022'], target: 'es2022' },
    packageType: 'module',
    specifier: './errors-module.js',
    modernLib: true,
  },
  {
    name: 'ESM (node16), lib ES2018, catch variables typed any',
    typescript: 'current',
    compilerOptions: { ...strictestModern, module: 'node16', moduleResolution: 'node16', lib: ['es2018'], target: 'es2018', useUnknownInCatchVariables: false },
    packageType: 'module',
    specifier: './errors-module.js',
    modernLib: false,
  },
  {
    name: 'ESM (node20), lib ES2022 with DOM',
    typescript: 'current',
    compilerOptions: { ...strictestModern, module: 'node20', moduleResolution: 'node16', lib: ['es2022', 'dom', 'dom.iterable'], target: 'es2022' },
    packageType: 'module',
    specifier: './errors-module.js',
    modernLib: true,
  },
  {
    name: 'ESM (NodeNext) with @types/node and DOM',
    typescript: 'current',
    compilerOptions: { ...strictestModern, module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['es2022', 'dom'], target: 'es2022', types: ['node'], typeRoots: [typesFolder] },
    packageType: 'module',
    specifier: './errors-module.js',
    modernLib: true,
  },
  {
    name: 'ESM for a bundler (moduleResolution bundler)',
    typescript: 'current',
    compilerOptions: { ...strictestModern, module: 'esnext', moduleResolution: 'bundler', lib: ['es2020'], target: 'es2020' },
    packageType: 'module',
    specifier: './errors-module',
    modernLib: false,
  },
  {
    // TypeScript 6 deprecates node10 resolution (TS5107) unless told to ignore it.
    // verbatimModuleSyntax is left out: it forbids ESM syntax in a CommonJS .ts file by design.
    name: 'CommonJS (node10), lib ES2022',
    typescript: 'current',
    compilerOptions: { ...strictest, erasableSyntaxOnly: true, module: 'CommonJS', moduleResolution: 'node10', lib: ['es2022'], target: 'es2022', ignoreDeprecations: '6.0' },
    packageType: 'commonjs',
    specifier: './errors-module',
    modernLib: true,
  },
  {
    name: 'CommonJS (node10), lib ES2018 with DOM, catch variables typed any',
    typescript: 'current',
    compilerOptions: { ...strictest, erasableSyntaxOnly: true, module: 'CommonJS', moduleResolution: 'node10', lib: ['es2018', 'dom'], target: 'es2018', useUnknownInCatchVariables: false, ignoreDeprecations: '6.0' },
    packageType: 'commonjs',
    specifier: './errors-module',
    modernLib: false,
  },
  {
    name: 'TypeScript 4.6, CommonJS, lib ES2018, importsNotUsedAsValues "error"',
    typescript: '4.6',
    compilerOptions: { ...strictest, module: 'CommonJS', moduleResolution: 'node', lib: ['es2018'], target: 'es2018', importsNotUsedAsValues: 'error', useUnknownInCatchVariables: false },
    packageType: 'commonjs',
    specifier: './errors-module',
    modernLib: false,
  },
  {
    name: 'TypeScript 4.6, ES modules, lib ES2019 with DOM, preserveValueImports',
    typescript: '4.6',
    compilerOptions: { ...strictest, module: 'es2020', moduleResolution: 'node', lib: ['es2019', 'dom'], target: 'es2019', importsNotUsedAsValues: 'error', preserveValueImports: true },
    packageType: 'module',
    specifier: './errors-module.js',
    modernLib: false,
  },
  {
    // This repository's @types/node needs a newer TypeScript; a TypeScript 4.6 project pins an older one.
    name: 'TypeScript 4.6, ES modules, lib ES2022',
    typescript: '4.6',
    compilerOptions: { ...strictest, module: 'es2022', moduleResolution: 'node', lib: ['es2022'], target: 'es2022' },
    packageType: 'module',
    specifier: './errors-module.js',
    modernLib: true,
  },
];

/**
 * Uses every export as migrated code does; `@ts-expect-error` lines prove the types are tight.
 * With an old lib it leaves out what the lib itself lacks (`AggregateError`, `Error.cause`).
 */
function consumerSource(specifier: string, modernLib: boolean): string {
  const modern = (line: string): string => (modernLib ? line : '');
  return `import {
  CodedError, ValidationError, NotFoundError, ConflictError, UnauthorizedError, TimeoutError,
  InternalError, ExternalError, RateLimitError,
  ErrNotFound, ErrAlreadyExists, ErrInvalidInput, ErrUnauthorized, ErrForbidden, ErrTimeout,
  ErrUnavailable, ErrRateLimited, ErrCanceled, ErrInternal, ErrNotImplemented,
  sentinel, is, as, wrap, withContext, contextOf, must, safeGo, detach, safeCallback,
  setReporter, getMetrics, resetMetrics, setMetricsHook,
  type ErrorCategory, type Severity, type RecoveredFailure, type Reporter, type MetricsHook,
  type ErrorMetrics, type CodedErrorInit, type CodedErrorJSON, type TypedErrorOptions,
} from '${specifier}';
import type { ContextFrame } from '${specifier}';

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
const fields: [string, number, boolean, string, string, unknown] =
  [base.module, base.code, base.retryable, base.message, base.name, base.context?.['id']];
${modern('const cause: unknown = base.cause;')}
const json: CodedErrorJSON = base.toJSON();
const jsonCause: string | undefined = json.cause;
const jsonFrames: string[] | undefined = json.frames;
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
    ${modern('const aggregate = as(err, AggregateError);')}
    const inner: unknown[] = ${modernLib ? 'aggregate?.errors ?? [plain]' : '[plain]'};
    if (inner.length > 1) throw wrap(err, 'loading user');
    const frames: ContextFrame[] = contextOf(err);
    if (frames.length > 0) throw withContext(err, frames[0]?.module ?? 'pkg/a', 'handle');
    throw withContext(err, 'pkg/a', 'handle');
  }
}

// withContext returns the value it was given, with its type.
export class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}
export function rethrow(error: HttpError): HttpError {
  const same: HttpError = withContext(error, 'pkg/http', 'Router.handle');
  return same;
}
export function rethrowUnknown(error: unknown): never {
  throw withContext(error, 'pkg/http', 'Router.handle');
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
export function first<T>(items: readonly T[]): NonNullable<T> {
  const asserted = items[0]!;
  const checked = must(items[0], 'items[0]');
  const same: typeof asserted = checked;
  const back: typeof checked = asserted;
  return same ?? back;
}
export function byKey<K extends string, V>(map: Partial<Record<K, V>>, key: K): unknown[] {
  const asserted = map[key]!;
  const checked = must(map[key], 'map[key]');
  const same: typeof asserted = checked;
  const back: typeof checked = asserted;
  return [same, back];
}

safeGo('Engine.start', async () => {
  await Promise.resolve();
});
safeGo('Engine.sync', () => 1);
detach('Engine.save', Promise.resolve(1));
detach('Engine.saveAll', [Promise.resolve(1), Promise.resolve('x')]);
detach('Engine.value', 42);

// Timers and event handlers, declared here because the consumer may have no Node or DOM types.
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

export const used = [allSentinels, typed, category, severity, fields, jsonCause, jsonFrames, text, literal, called, count,
  stillOptional, previousHook, counts${modernLib ? ', cause' : ''}];
`;
}

/** Lib and type files parsed once per compiler version, shared by every program it builds. */
const parsedOnce = new Map<string, TypeScript.SourceFile | undefined>();

function typeCheck(setting: Setting, index: number): string {
  const ts = typescripts[setting.typescript];
  const dir = join(root, `typecheck-${index}`);
  mkdirSync(dir);
  copyFileSync(moduleFile, join(dir, 'errors-module.ts'));
  writeFileSync(join(dir, 'consumer.ts'), consumerSource(setting.specifier, setting.modernLib));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: setting.packageType }));
  const config = ts.parseJsonConfigFileContent({ compilerOptions: setting.compilerOptions, files: ['errors-module.ts', 'consumer.ts'] }, ts.sys, dir);
  const host = ts.createCompilerHost(config.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    if (fileName.startsWith(dir)) return getSourceFile(fileName, languageVersion, ...rest);
    const key = `${setting.typescript}|${JSON.stringify(languageVersion)}|${fileName}`;
    if (!parsedOnce.has(key)) parsedOnce.set(key, getSourceFile(fileName, languageVersion, ...rest));
    return parsedOnce.get(key);
  };
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host });
  const diagnostics = [...config.errors, ...ts.getPreEmitDiagnostics(program)];
  return ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (name) => name, getCurrentDirectory: () => dir, getNewLine: () => '\n' });
}

describe('the standard error module type-checks in a user repository', () => {
  settings.forEach((setting, index) => {
    it(`${setting.name}: strictest options, with a consumer of every export`, () => {
      expect(typeCheck(setting, index)).toBe('');
    }, 60_000);
  });

  it('uses no syntax that TypeScript 4.6 or type stripping cannot take', () => {
    // `declare` fields are rejected by Babel; the others are newer than TypeScript 4.6.
    expect(moduleSource).not.toMatch(/^\s*declare\s+(readonly\s+)?\w+\s*[?:]/m);
    expect(moduleSource).not.toMatch(/\bsatisfies\b|\baccessor\s+\w|<const\s+\w|\boverride\s+\w+\(/);
  });
});

// ---------------------------------------------------------------------------------------------
// Transpiling and loading
// ---------------------------------------------------------------------------------------------

/**
 * Loads the module at each path given and prints, as JSON, what a caller observes of it. Run in a
 * child process so that each copy loads as its transpiler wrote it, not through the test runner.
 */
const observer = `
import { pathToFileURL } from 'node:url';
const observations = [];
for (const file of process.argv.slice(2)) {
  const m = await import(pathToFileURL(file).href);
  const cause = new Error('socket closed');
  const error = new m.InternalError('pkg/dex', 1003, 'order not found', { cause });
  const withContextObject = new m.NotFoundError('pkg/a', 1, '', { context: { id: 1 } });
  const plain = new TypeError('boom');
  const returned = [m.withContext(plain, 'pkg/a', 'f'), m.withContext(plain, 'pkg/a', 'f'), m.withContext(plain, 'pkg/b', 'g')].every((value) => value === plain);
  const promise = Promise.resolve();
  let thrown;
  try {
    m.must(null, 'user');
  } catch (caught) {
    thrown = caught;
  }
  observations.push({
    message: error.message,
    name: error.name,
    string: String(error),
    stackHead: error.stack.split('\\n')[0],
    classes: [error instanceof m.InternalError, error instanceof m.CodedError, error instanceof Error],
    keys: Object.keys(error),
    ownContext: Object.prototype.hasOwnProperty.call(error, 'context'),
    cause: error.cause === cause && !Object.prototype.propertyIsEnumerable.call(error, 'cause'),
    emptyMessage: [String(withContextObject), withContextObject.stack.split('\\n')[0], Object.keys(withContextObject)],
    sentinel: [m.ErrNotFound.message, String(m.ErrNotFound), Object.isFrozen(m.ErrNotFound)],
    withContext: { returned, frames: m.contextOf(plain), keys: Object.keys(plain), promise: m.withContext(promise, 'a', 'b') === promise && Object.getOwnPropertySymbols(promise).length === 0 },
    json: JSON.parse(JSON.stringify(m.withContext(error, 'pkg/api', 'Api.get'))),
    wrap: [m.wrap(error, 'checkout').message, m.is(m.wrap(error, 'checkout'), error)],
    aggregate: m.is(new AggregateError([m.ErrTimeout], 'all'), m.ErrTimeout),
    must: String(thrown),
  });
}
process.stdout.write(JSON.stringify(observations));
`;

const expectedObservation = {
  message: 'order not found',
  name: 'InternalError',
  string: 'InternalError [pkg/dex:1003]: order not found',
  stackHead: 'InternalError [pkg/dex:1003]: order not found',
  classes: [true, true, true],
  keys: ['module', 'code', 'category', 'severity', 'retryable'],
  ownContext: false,
  cause: true,
  emptyMessage: ['NotFoundError [pkg/a:1]', 'NotFoundError [pkg/a:1]', ['module', 'code', 'category', 'severity', 'retryable', 'context']],
  sentinel: ['not found', 'CodedError [std:1]: not found', true],
  withContext: {
    returned: true,
    frames: [
      { module: 'pkg/a', operation: 'f' },
      { module: 'pkg/b', operation: 'g' },
    ],
    keys: [],
    promise: true,
  },
  json: {
    name: 'InternalError',
    module: 'pkg/dex',
    code: 1003,
    category: 'internal',
    severity: 'critical',
    retryable: false,
    message: 'order not found',
    frames: ['pkg/api::Api.get'],
    cause: 'socket closed',
  },
  wrap: ['checkout: order not found', true],
  aggregate: true,
  must: 'InternalError [std:10]: expected user to be defined',
};

interface Transpiler {
  name: string;
  transpile(source: string): string;
}

/** The one call of Babel's API used here (Babel ships no types of its own). */
interface BabelCore {
  transformSync(code: string, options: Record<string, unknown>): { code?: string | null } | null;
}

const babel = require('@babel/core') as BabelCore;
const esbuild = require('esbuild') as typeof Esbuild;
const swc = require('@swc/core') as typeof Swc;

/** TypeScript's own single-file emit, as ts-jest's isolatedModules and ts-node's transpile-only use it. */
function transpileModule(ts: Ts, options: TypeScript.CompilerOptions): (source: string) => string {
  return (source) => ts.transpileModule(source, { fileName: 'errors-module.ts', compilerOptions: { module: ts.ModuleKind.ESNext, isolatedModules: true, ...options } }).outputText;
}

/** The two ways a class field can be emitted: defined (ES2022 semantics) or assigned in the constructor. */
const fields = (define: boolean): string => (define ? 'class fields defined' : 'class fields assigned');

function withEsbuild(target: 'es2022' | 'es2018', define: boolean): Transpiler {
  return {
    name: `esbuild (${target.toUpperCase()}, ${fields(define)})`,
    transpile: (source) => esbuild.transformSync(source, { loader: 'ts', format: 'esm', target, tsconfigRaw: { compilerOptions: { useDefineForClassFields: define } } }).code,
  };
}

function withSwc(target: 'es2022' | 'es2018', define: boolean): Transpiler {
  return {
    name: `swc (${target.toUpperCase()}, ${fields(define)})`,
    transpile: (source) =>
      swc.transformSync(source, {
        filename: 'errors-module.ts',
        swcrc: false,
        configFile: false,
        module: { type: 'es6' },
        jsc: { parser: { syntax: 'typescript' }, target, transform: { useDefineForClassFields: define } },
      }).code,
  };
}

const transpilers: Transpiler[] = [
  {
    name: 'Babel 7 (@babel/preset-typescript, default options)',
    transpile: (source) => babel.transformSync(source, { filename: 'errors-module.ts', presets: ['@babel/preset-typescript'], babelrc: false, configFile: false })?.code ?? '',
  },
  withEsbuild('es2022', true),
  withEsbuild('es2018', false),
  withSwc('es2022', true),
  withSwc('es2018', false),
  {
    name: 'TypeScript transpileModule (ES2018, class fields defined)',
    transpile: transpileModule(typescripts.current, { target: typescripts.current.ScriptTarget.ES2018, useDefineForClassFields: true }),
  },
  {
    name: 'TypeScript 4.6 transpileModule (ES2018)',
    transpile: transpileModule(typescripts['4.6'], { target: typescripts['4.6'].ScriptTarget.ES2018 }),
  },
];

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the observer from the repository's root, so that `--import` finds its loaders. */
function observe(files: string[], nodeOptions: string[] = []): unknown[] {
  const script = join(root, 'observe.mjs');
  writeFileSync(script, observer);
  const output = execFileSync(process.execPath, [...nodeOptions, script, ...files], { cwd: repoRoot, encoding: 'utf8', stdio: 'pipe' });
  return JSON.parse(output) as unknown[];
}

describe('the standard error module loads and behaves the same through every transpiler', () => {
  it('transpiled by Babel, esbuild, swc or TypeScript alone, it loads and behaves as its source does', () => {
    const outputs = transpilers.map((transpiler, index) => {
      const file = join(root, `transpiled-${index}.mjs`);
      writeFileSync(file, transpiler.transpile(moduleSource));
      return file;
    });
    const observations = observe(outputs);
    expect(Object.fromEntries(observations.map((observation, index) => [transpilers[index]!.name, observation]))).toEqual(
      Object.fromEntries(transpilers.map((transpiler) => [transpiler.name, expectedObservation])),
    );
  }, 60_000);

  it('loads as TypeScript through tsx', () => {
    const file = join(root, 'tsx', 'errors-module.ts');
    mkdirSync(join(root, 'tsx'));
    copyFileSync(moduleFile, file);
    expect(observe([file], ['--import', 'tsx'])).toEqual([expectedObservation]);
  }, 60_000);
});
