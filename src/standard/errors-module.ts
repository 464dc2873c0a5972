/*
 * The standard error module. Written by `migrate-errors init`; from then on your team owns it:
 * review, edit and test it like any other file.
 *
 * Adopting it changes nothing a caller can observe except the class of a converted throw: a
 * message stays exactly the text it was, `withContext` returns the very value it was given, and
 * the code shows where people read errors (`String(err)`, the first line of `stack`).
 *
 * No imports and no dependencies. It compiles as ESM or CommonJS with TypeScript 4.6 or later,
 * against lib ES2018 or later, without Node or DOM types (the host's `process`, `console` and
 * `AggregateError` are reached through `globalThis` at run time), and it loads through Babel,
 * esbuild, swc or type stripping: plain class fields, no `declare` fields, enums, parameter
 * properties or namespaces.
 */

// ---------------------------------------------------------------------------------------------
// Categories and their defaults
// ---------------------------------------------------------------------------------------------

export type ErrorCategory =
  | 'validation'
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  | 'timeout'
  | 'internal'
  | 'external'
  | 'rate_limit';

export type Severity = 'low' | 'medium' | 'high' | 'critical';

/*
 * What an error of each category means for operations, unless the error says otherwise:
 *
 * | category     | severity | retryable | why                                                  |
 * |--------------|----------|-----------|------------------------------------------------------|
 * | validation   | low      | no        | the caller sent bad input; nothing here is broken    |
 * | not_found    | low      | no        | an expected outcome of a lookup                      |
 * | conflict     | medium   | no        | concurrent writers or a stale caller; worth watching |
 * | unauthorized | medium   | no        | expected one by one, a security signal in numbers    |
 * | timeout      | medium   | yes       | a slow path; the same call may well succeed          |
 * | internal     | critical | no        | a bug or a broken invariant in this code             |
 * | external     | high     | yes       | a dependency failed; we degrade until it is back     |
 * | rate_limit   | medium   | yes       | back-pressure; succeeds after waiting                |
 */
const CATEGORY_DEFAULTS: Readonly<Record<ErrorCategory, { severity: Severity; retryable: boolean }>> = {
  validation: { severity: 'low', retryable: false },
  not_found: { severity: 'low', retryable: false },
  conflict: { severity: 'medium', retryable: false },
  unauthorized: { severity: 'medium', retryable: false },
  timeout: { severity: 'medium', retryable: true },
  internal: { severity: 'critical', retryable: false },
  external: { severity: 'high', retryable: true },
  rate_limit: { severity: 'medium', retryable: true },
};

/** The module name of the standard sentinels and of errors this module creates itself. */
const STD = 'std';

// ---------------------------------------------------------------------------------------------
// Metrics state (declared before any error is constructed: the sentinels below use it)
// ---------------------------------------------------------------------------------------------

export interface RecoveredFailure {
  /** The context name given to safeGo / detach / safeCallback, e.g. `BidEngine.start`. */
  name: string;
  /** `panic`: a synchronous throw; `rejection`: a rejected promise. */
  kind: 'panic' | 'rejection';
  error: unknown;
  /** ISO 8601 time of the failure. */
  at: string;
}

export interface MetricsHook {
  errorCreated?(error: CodedError): void;
  recovered?(failure: RecoveredFailure): void;
}

export interface ErrorMetrics {
  errors: {
    byModule: Record<string, number>;
    /** Keyed `module:code`, as the code reads in `String(err)`: codes alone may repeat across modules. */
    byCode: Record<string, number>;
    byCategory: Record<string, number>;
  };
  /** Recovered panics and rejections by context name. */
  recovered: Record<string, number>;
}

// Maps, not objects: names come from user code, and a name like `__proto__` must stay a key.
const errorsByModule = new Map<string, number>();
const errorsByCode = new Map<string, number>();
const errorsByCategory = new Map<string, number>();
const recoveredByName = new Map<string, number>();
let metricsHook: MetricsHook | undefined;

/** Set while `sentinel()` constructs: a sentinel is a definition, not an error that happened. */
let definingSentinel = false;

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Runs a user-supplied hook; metrics must never be the reason an error path fails. */
function guarded(run: () => void): void {
  try {
    run();
  } catch {
    // Deliberately ignored: see above.
  }
}

/**
 * Called from the CodedError constructor, so every construction counts, `wrap` included: each
 * marks a place the failure went through. (A subclass's own fields are not set yet when the hook
 * sees the error.)
 */
function recordCreated(error: CodedError): void {
  increment(errorsByModule, error.module);
  increment(errorsByCode, `${error.module}:${error.code}`);
  increment(errorsByCategory, error.category);
  const hook = metricsHook;
  guarded(() => hook?.errorCreated?.(error));
}

/** A plain object of the counts (what ES2019's `Object.fromEntries` does, for older libs). */
function toRecord(counts: Map<string, number>): Record<string, number> {
  const record: Record<string, number> = {};
  counts.forEach((count, key) => {
    // Defined, not assigned: a key named `__proto__` must stay a key.
    Object.defineProperty(record, key, { value: count, writable: true, enumerable: true, configurable: true });
  });
  return record;
}

/** A copy of the counters since the last `resetMetrics()`. */
export function getMetrics(): ErrorMetrics {
  return {
    errors: {
      byModule: toRecord(errorsByModule),
      byCode: toRecord(errorsByCode),
      byCategory: toRecord(errorsByCategory),
    },
    recovered: toRecord(recoveredByName),
  };
}

export function resetMetrics(): void {
  errorsByModule.clear();
  errorsByCode.clear();
  errorsByCategory.clear();
  recoveredByName.clear();
}

/** Forwards every counted event to `hook` (Prometheus, StatsD, ...); returns the previous hook. */
export function setMetricsHook(hook: MetricsHook | undefined): MetricsHook | undefined {
  const previous = metricsHook;
  metricsHook = hook;
  return previous;
}

// ---------------------------------------------------------------------------------------------
// Reading any thrown value safely (a value's own getters and toString may throw)
// ---------------------------------------------------------------------------------------------

type ObjectLike = object & { cause?: unknown; is?: unknown; then?: unknown };

function isObjectLike(value: unknown): value is ObjectLike {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

function isThenable(value: unknown): value is { then(onFulfilled: undefined, onRejected: (reason: unknown) => void): unknown } {
  return isObjectLike(value) && typeof value.then === 'function';
}

function hasOwn(value: object, key: PropertyKey): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}

/** Text for any thrown value; never throws. */
function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** The message of an Error, the text of anything else. */
function messageOf(value: unknown): string {
  return value instanceof Error ? value.message : safeString(value);
}

// ---------------------------------------------------------------------------------------------
// Context frames: where an error went on its way up, recorded on the error itself
// ---------------------------------------------------------------------------------------------

/** One `withContext(err, module, operation)` an error passed through. */
export interface ContextFrame {
  readonly module: string;
  readonly operation: string;
}

/**
 * The key of the frames on an error: a symbol, so that no enumerable property, `JSON.stringify`
 * or deep equality sees them; registered, so that two copies of this module (ESM and CommonJS, or
 * two packages) read each other's frames.
 */
const FRAMES = Symbol.for('errors.contextFrames');

/**
 * Frames kept per error. One error object can be rethrown again and again (a cached failure
 * rethrown by every request), so the list is bounded; the first frames are kept.
 */
const MAX_FRAMES = 50;

function isFrame(value: unknown): value is ContextFrame {
  return isObjectLike(value) && typeof (value as Partial<ContextFrame>).module === 'string' && typeof (value as Partial<ContextFrame>).operation === 'string';
}

/** The frames list an object holds itself (never one inherited from its prototype). */
function ownFrames(value: object): unknown[] | undefined {
  const descriptor = Object.getOwnPropertyDescriptor(value, FRAMES);
  const frames: unknown = descriptor === undefined ? undefined : descriptor.value;
  return Array.isArray(frames) ? frames : undefined;
}

/** `module::operation`, as frames read in the reporter's line and in `toJSON()`. */
function frameText(frame: ContextFrame): string {
  return `${frame.module}::${frame.operation}`;
}

/**
 * The frames `withContext` recorded on `err`, innermost first and outermost last; an empty list
 * for anything else. A fresh array each time; never throws.
 */
export function contextOf(err: unknown): ContextFrame[] {
  try {
    const frames = isObjectLike(err) ? ownFrames(err) : undefined;
    return frames === undefined ? [] : frames.filter(isFrame);
  } catch {
    // A proxy whose trap throws has no frames we can read.
    return [];
  }
}

/**
 * Returns `err` itself, after recording `module::operation` on it: identity, class, prototype,
 * message and own enumerable properties stay as they were, so every caller (an `instanceof`
 * check, an `err.message === '...'`, a deep equality) sees what it saw before. The frame goes
 * into a non-enumerable, symbol-keyed list (read it with `contextOf`); the same frame twice in a
 * row is kept once, so a recursive function does not pile them up, and at most 50 are kept.
 *
 * Primitives, frozen objects (the shared sentinels) and thenables (a promise a Suspense-style
 * renderer throws) are returned untouched, as is anything that refuses the frame (a sealed
 * object, a proxy that throws). Never throws. To add text instead, use `wrap`.
 */
export function withContext<T>(err: T, module: string, operation: string): T {
  const value: unknown = err;
  try {
    if (isObjectLike(value) && !isThenable(value) && !Object.isFrozen(value)) {
      recordFrame(value, Object.freeze({ module, operation }));
    }
  } catch {
    // The error matters more than its context: leave it as it is.
  }
  return err;
}

function recordFrame(target: object, frame: ContextFrame): void {
  const frames = ownFrames(target);
  if (frames === undefined) {
    if (Object.isExtensible(target)) Object.defineProperty(target, FRAMES, { value: [frame], writable: true, enumerable: false, configurable: true });
    return;
  }
  const last: unknown = frames[frames.length - 1];
  if (isFrame(last) && last.module === frame.module && last.operation === frame.operation) return;
  if (frames.length < MAX_FRAMES) frames.push(frame);
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

export interface CodedErrorInit {
  module: string;
  code: number;
  category: ErrorCategory;
  /** The error's `message`, exactly as given. */
  message: string;
  /** Defaults to the category's severity (see the table above). */
  severity?: Severity | undefined;
  /** Defaults to whether the category is retryable (see the table above). */
  retryable?: boolean | undefined;
  context?: Record<string, unknown> | undefined;
  /** Like ES2022 `new Error(message, { cause })`: `cause` is set only when the key is present. */
  cause?: unknown;
}

/** The options of every typed error. */
export interface TypedErrorOptions {
  cause?: unknown;
  context?: Record<string, unknown> | undefined;
}

export interface CodedErrorJSON {
  name: string;
  module: string;
  code: number;
  category: ErrorCategory;
  severity: Severity;
  retryable: boolean;
  message: string;
  context?: Readonly<Record<string, unknown>>;
  /** The frames `withContext` recorded, `module::operation`, outermost last. */
  frames?: string[];
  /** The cause's message. */
  cause?: string;
}

/** `Name [module:code]: message`, the way Node shows its own coded errors (`TypeError [ERR_X]: ...`). */
function codedHeader(name: string, module: string, code: number, message: string): string {
  const head = `${name} [${module}:${code}]`;
  return message === '' ? head : `${head}: ${message}`;
}

/**
 * The headers an engine may have written at the top of `stack`: `Name: message` (V8 writes just
 * `Name` for an empty message, as `Error.prototype.toString` does; source-map hooks keep `Name: `).
 */
function plainHeaders(name: string, message: string): string[] {
  const byToString = name === '' ? message : message === '' ? name : `${name}: ${message}`;
  return [`${name}: ${message}`, byToString];
}

/**
 * Puts the code into the first line of `stack`, as Node does for its coded errors. Only a header
 * written the usual way is replaced; a stack without one (Firefox, Safari) or from a custom
 * `Error.prepareStackTrace` stays as it is. V8 formats a stack on its first read, so this
 * formats it at construction, as Node does for its own errors.
 */
function codeTheStack(error: CodedError): void {
  guarded(() => {
    const stack: unknown = error.stack;
    if (typeof stack !== 'string') return;
    const { name, message } = error;
    for (const header of plainHeaders(name, message)) {
      const rest = stack.slice(header.length);
      if (stack.startsWith(header) && (rest === '' || rest.charAt(0) === '\n')) {
        error.stack = codedHeader(name, error.module, error.code, message) + rest;
        return;
      }
    }
  });
}

export class CodedError extends Error {
  readonly module: string;
  readonly code: number;
  readonly category: ErrorCategory;
  readonly severity: Severity;
  readonly retryable: boolean;
  /**
   * A frozen copy of the context given. When none is given there is no own property at all (the
   * constructor removes the `undefined` that some compilers define for every field).
   */
  readonly context?: Readonly<Record<string, unknown>>;

  constructor(init: CodedErrorInit) {
    // `cause` is installed below rather than through `super`: older libs type `Error` with one argument.
    super(init.message);
    // Like the built-in errors, `name` is the class name and is not enumerable.
    Object.defineProperty(this, 'name', { value: new.target.name, writable: true, enumerable: false, configurable: true });
    const defaults = CATEGORY_DEFAULTS[init.category];
    this.module = init.module;
    this.code = init.code;
    this.category = init.category;
    this.severity = init.severity ?? defaults.severity;
    this.retryable = init.retryable ?? defaults.retryable;
    if (init.context !== undefined) this.context = Object.freeze({ ...init.context });
    else delete (this as { context?: unknown }).context;
    // As ES2022 installs it: own, non-enumerable, and only when the key is present.
    if ('cause' in init) Object.defineProperty(this, 'cause', { value: init.cause, writable: true, enumerable: false, configurable: true });
    codeTheStack(this);
    if (!definingSentinel) recordCreated(this);
  }

  toJSON(): CodedErrorJSON {
    const json: CodedErrorJSON = {
      name: this.name,
      module: this.module,
      code: this.code,
      category: this.category,
      severity: this.severity,
      retryable: this.retryable,
      message: this.message,
    };
    if (this.context !== undefined) json.context = this.context;
    const frames = contextOf(this);
    if (frames.length > 0) json.frames = frames.map(frameText);
    if (hasOwn(this, 'cause')) json.cause = messageOf((this as ObjectLike).cause);
    return json;
  }
}

/**
 * `String(err)` reads `InternalError [pkg/dex:1003]: order not found`, like Node's coded errors;
 * `message` stays the text alone. Installed as Node installs its own (a non-enumerable `toString`)
 * rather than as a method, which `noImplicitOverride` would require to be marked `override`.
 */
Object.defineProperty(CodedError.prototype, 'toString', {
  value: function toString(this: CodedError): string {
    return codedHeader(this.name, this.module, this.code, this.message);
  },
  writable: true,
  enumerable: false,
  configurable: true,
});

// One typed error per category; severity and retryable come from CATEGORY_DEFAULTS.

export class ValidationError extends CodedError {
  constructor(module: string, code: number, message: string, options?: TypedErrorOptions) {
    super({ ...options, module, code, message, category: 'validation' });
  }
}

export class NotFoundError extends CodedError {
  constructor(module: string, code: number, message: string, options?: TypedErrorOptions) {
    super({ ...options, module, code, message, category: 'not_found' });
  }
}

export class ConflictError extends CodedError {
  constructor(module: string, code: number, message: string, options?: TypedErrorOptions) {
    super({ ...options, module, code, message, category: 'conflict' });
  }
}

export class UnauthorizedError extends CodedError {
  constructor(module: string, code: number, message: string, options?: TypedErrorOptions) {
    super({ ...options, module, code, message, category: 'unauthorized' });
  }
}

export class TimeoutError extends CodedError {
  constructor(module: string, code: number, message: string, options?: TypedErrorOptions) {
    super({ ...options, module, code, message, category: 'timeout' });
  }
}

export class InternalError extends CodedError {
  constructor(module: string, code: number, message: string, options?: TypedErrorOptions) {
    super({ ...options, module, code, message, category: 'internal' });
  }
}

export class ExternalError extends CodedError {
  constructor(module: string, code: number, message: string, options?: TypedErrorOptions) {
    super({ ...options, module, code, message, category: 'external' });
  }
}

export class RateLimitError extends CodedError {
  constructor(module: string, code: number, message: string, options?: TypedErrorOptions) {
    super({ ...options, module, code, message, category: 'rate_limit' });
  }
}

// ---------------------------------------------------------------------------------------------
// Sentinels: compare with `is(err, ErrNotFound)`; the message is the text, as it always was
// ---------------------------------------------------------------------------------------------

/**
 * Defines a module's own sentinel error. Sentinels are frozen (one shared instance for the whole
 * process, so `withContext` leaves them untouched) and are not counted in the metrics: throw
 * `wrap(ErrX, 'detail')` to count and locate an occurrence.
 */
export function sentinel(module: string, code: number, text: string, category: ErrorCategory = 'internal'): CodedError {
  definingSentinel = true;
  try {
    return Object.freeze(new CodedError({ module, code, category, message: text }));
  } finally {
    definingSentinel = false;
  }
}

export const ErrNotFound = sentinel(STD, 1, 'not found', 'not_found');
export const ErrAlreadyExists = sentinel(STD, 2, 'already exists', 'conflict');
export const ErrInvalidInput = sentinel(STD, 3, 'invalid input', 'validation');
export const ErrUnauthorized = sentinel(STD, 4, 'unauthorized', 'unauthorized');
export const ErrForbidden = sentinel(STD, 5, 'forbidden', 'unauthorized');
export const ErrTimeout = sentinel(STD, 6, 'timed out', 'timeout');
/** A dependency is down: `external`, so retryable. */
export const ErrUnavailable = sentinel(STD, 7, 'unavailable', 'external');
export const ErrRateLimited = sentinel(STD, 8, 'rate limited', 'rate_limit');
/** Like Go's context.Canceled it sits with deadlines: nothing is broken, and a new call may succeed. */
export const ErrCanceled = sentinel(STD, 9, 'canceled', 'timeout');
export const ErrInternal = sentinel(STD, 10, 'internal error', 'internal');
export const ErrNotImplemented = sentinel(STD, 11, 'not implemented', 'internal');

// ---------------------------------------------------------------------------------------------
// Matching through the cause chain (Go's errors.Is / errors.As)
// ---------------------------------------------------------------------------------------------

/** Deeper chains than this are cut off: they are cycles through fresh objects, or bugs. */
const MAX_CHAIN_DEPTH = 100;

/** ES2021's AggregateError where the host has one, found at run time so that older libs compile. */
const AggregateErrorClass = (globalThis as unknown as { AggregateError?: new (...args: never[]) => { errors: unknown } }).AggregateError;

/** What an error unwraps to: its `cause`, then, for an AggregateError, each of its `errors`. */
function unwrap(error: ObjectLike): unknown[] {
  const next: unknown[] = error.cause === undefined || error.cause === null ? [] : [error.cause];
  if (AggregateErrorClass !== undefined && error instanceof AggregateErrorClass && Array.isArray(error.errors)) {
    next.push(...(error.errors as unknown[]));
  }
  return next;
}

/**
 * Visits `err` and everything reachable from it, depth first and in order (as Go does), each
 * object once, and returns the first result of `visit` that is not undefined.
 */
function searchChain<R>(err: unknown, visit: (error: unknown) => R | undefined): R | undefined {
  const seen = new Set<object>();
  const pending: Array<{ error: unknown; depth: number }> = [{ error: err, depth: 0 }];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const { error, depth } = item;
    if (isObjectLike(error)) {
      if (seen.has(error)) continue;
      seen.add(error);
    }
    const found = visit(error);
    if (found !== undefined) return found;
    if (!isObjectLike(error) || depth >= MAX_CHAIN_DEPTH) continue;
    // Pushed in reverse so that they are popped in order.
    const next = unwrap(error);
    for (let i = next.length - 1; i >= 0; i--) pending.push({ error: next[i], depth: depth + 1 });
  }
  return undefined;
}

/**
 * Whether `err` is `target`, or wraps it anywhere in its cause chain (including the errors of an
 * AggregateError), or an error in the chain says so through its own `is(target)` method.
 */
export function is(err: unknown, target: unknown): boolean {
  return (
    searchChain(err, (error) => {
      if (error === target) return true;
      return isObjectLike(error) && typeof error.is === 'function' && error.is(target) === true ? true : undefined;
    }) ?? false
  );
}

/** The first error in `err`'s cause chain that is an instance of `cls`, e.g. `as(err, NotFoundError)`. */
export function as<C extends abstract new (...args: never[]) => unknown>(err: unknown, cls: C): InstanceType<C> | undefined {
  return searchChain(err, (error) => (error instanceof cls ? (error as InstanceType<C>) : undefined));
}

// ---------------------------------------------------------------------------------------------
// Wrapping: a new error with more text, the original as its `cause`
// ---------------------------------------------------------------------------------------------

/**
 * `wrap(err, 'loading user 42')`: a new error with the message `loading user 42: <err's message>`
 * whose `cause` is `err` (Go's `fmt.Errorf("loading user 42: %w", err)`). A CodedError cause
 * lends it its module, code, category, severity and retryability; anything else makes it an
 * InternalError of `std` with ErrInternal's code. Callers see a new object of another class: to
 * keep the error and only record where it went, use `withContext`.
 */
export function wrap(err: unknown, text: string): CodedError {
  const message = `${text}: ${messageOf(err)}`;
  if (!(err instanceof CodedError)) return new InternalError(STD, ErrInternal.code, message, { cause: err });
  const { module, code, category, severity, retryable } = err;
  return new CodedError({ module, code, category, severity, retryable, message, cause: err });
}

/** The value, or an InternalError `expected <what> to be defined` when it is null or undefined. */
export function must<T>(value: T, what: string): NonNullable<T> {
  if (value === null || value === undefined) {
    throw new InternalError(STD, ErrInternal.code, `expected ${what} to be defined`);
  }
  return value as NonNullable<T>;
}

// ---------------------------------------------------------------------------------------------
// Recovering fire-and-forget work: report, never crash
// ---------------------------------------------------------------------------------------------

export type Reporter = (failure: RecoveredFailure) => void;

/** The little of the host this module uses, reached through `globalThis` (no Node/DOM types). */
interface Host {
  process?: { stderr?: { write?(chunk: string): unknown } };
  console?: { error?(...data: unknown[]): void };
}

/**
 * The default reporter: one JSON line on stderr (or console.error where there is no stderr),
 * with the code of a CodedError and the frames `withContext` recorded on any error.
 */
function writeStructuredLine(failure: RecoveredFailure): void {
  const { name, kind, at, error } = failure;
  const frames = contextOf(error);
  const line = JSON.stringify({
    level: 'error',
    event: 'recovered',
    name,
    kind,
    at,
    message: messageOf(error),
    ...(error instanceof CodedError ? { module: error.module, code: error.code, category: error.category } : {}),
    ...(frames.length > 0 ? { frames: frames.map(frameText) } : {}),
    ...(error instanceof Error && typeof error.stack === 'string' ? { stack: error.stack } : {}),
  });
  const host = globalThis as unknown as Host;
  const stderr = host.process?.stderr;
  if (typeof stderr?.write === 'function') stderr.write(`${line}\n`);
  else host.console?.error?.(line);
}

let reporter: Reporter = writeStructuredLine;

/** Sends recovered failures to `fn` instead; returns the previous reporter (to restore it). */
export function setReporter(fn: Reporter): Reporter {
  const previous = reporter;
  reporter = fn;
  return previous;
}

function report(name: string, kind: RecoveredFailure['kind'], error: unknown): void {
  const failure: RecoveredFailure = { name, kind, error, at: new Date().toISOString() };
  increment(recoveredByName, name);
  const hook = metricsHook;
  guarded(() => hook?.recovered?.(failure));
  try {
    reporter(failure);
  } catch {
    // A broken reporter must not lose the failure, nor crash the process that survived it.
    guarded(() => writeStructuredLine(failure));
  }
}

/** Reports the rejection of `value` when it is a thenable; ignores anything else. */
function watch(name: string, value: unknown): void {
  try {
    if (isThenable(value)) value.then(undefined, (reason) => report(name, 'rejection', reason));
  } catch (error) {
    // A `then` getter or method that throws: synchronous, so a panic.
    report(name, 'panic', error);
  }
}

/**
 * Runs `fn` now (synchronously up to its first `await`), like `go fn()` with a recover: a throw
 * is reported as a panic, a rejection of the promise it returns as a rejection; neither escapes.
 */
export function safeGo(name: string, fn: () => unknown): void {
  let result: unknown;
  try {
    result = fn();
  } catch (error) {
    report(name, 'panic', error);
    return;
  }
  watch(name, result);
}

/**
 * Marks `value` fire-and-forget: when it is a promise (or thenable), or an array of them, each
 * rejection is reported instead of being unhandled. Anything else is ignored.
 */
export function detach(name: string, value: unknown): void {
  if (Array.isArray(value)) for (const element of value as unknown[]) watch(name, element);
  else watch(name, value);
}

/** Wraps a timer or event callback: same `this` and arguments; throws and rejections are reported. */
export function safeCallback<A extends unknown[]>(name: string, fn: (...args: A) => unknown): (...args: A) => void {
  return function (this: unknown, ...args: A): void {
    safeGo(name, () => fn.apply(this, args));
  };
}
