/*
 * The standard error module. Written by `migrate-errors init`; from then on your team owns it:
 * review, edit and test it like any other file.
 *
 * No imports and no dependencies: it type-checks as ESM or CommonJS, without Node or DOM types
 * (the host's `process` and `console` are reached through `globalThis`), and needs lib ES2022
 * (for the standard `cause`).
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
    /** Keyed like the message prefix, `module:code`: codes alone may repeat across modules. */
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
 * Called from the CodedError constructor, so every construction counts, `wrap`/`withContext`
 * included: each marks a place the failure went through. (A subclass's own fields are not set yet
 * when the hook sees the error.)
 */
function recordCreated(error: CodedError): void {
  increment(errorsByModule, error.module);
  increment(errorsByCode, `${error.module}:${error.code}`);
  increment(errorsByCategory, error.category);
  const hook = metricsHook;
  guarded(() => hook?.errorCreated?.(error));
}

/** A copy of the counters since the last `resetMetrics()`. */
export function getMetrics(): ErrorMetrics {
  return {
    errors: {
      byModule: Object.fromEntries(errorsByModule),
      byCode: Object.fromEntries(errorsByCode),
      byCategory: Object.fromEntries(errorsByCategory),
    },
    recovered: Object.fromEntries(recoveredByName),
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
// Errors
// ---------------------------------------------------------------------------------------------

export interface CodedErrorInit {
  module: string;
  code: number;
  category: ErrorCategory;
  /** The text; the error's `message` becomes `module:code: text`. */
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
  /** The cause's message. */
  cause?: string;
}

export class CodedError extends Error {
  readonly module: string;
  readonly code: number;
  readonly category: ErrorCategory;
  readonly severity: Severity;
  readonly retryable: boolean;
  /** The message without its `module:code: ` prefix. */
  readonly text: string;
  // `declare`: no own property at all when there is no context (not even `undefined`).
  declare readonly context?: Readonly<Record<string, unknown>>;

  constructor(init: CodedErrorInit) {
    super(`${init.module}:${init.code}: ${init.message}`, 'cause' in init ? { cause: init.cause } : undefined);
    // Like the built-in errors, `name` is the class name and is not enumerable.
    Object.defineProperty(this, 'name', { value: new.target.name, writable: true, configurable: true });
    const defaults = CATEGORY_DEFAULTS[init.category];
    this.module = init.module;
    this.code = init.code;
    this.category = init.category;
    this.severity = init.severity ?? defaults.severity;
    this.retryable = init.retryable ?? defaults.retryable;
    this.text = init.message;
    if (init.context !== undefined) this.context = Object.freeze({ ...init.context });
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
    if ('cause' in this) json.cause = messageOf(this.cause);
    return json;
  }
}

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
// Sentinels: compare with `is(err, ErrNotFound)`, never by message
// ---------------------------------------------------------------------------------------------

/**
 * Defines a module's own sentinel error. Sentinels are frozen (one shared instance for the whole
 * process) and are not counted in the metrics: throw `wrap(ErrX, 'detail')` to count and locate
 * an occurrence.
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

type ObjectLike = object & { cause?: unknown; is?: unknown };

function isObjectLike(value: unknown): value is ObjectLike {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/** What an error unwraps to: its `cause`, then, for an AggregateError, each of its `errors`. */
function unwrap(error: ObjectLike): unknown[] {
  const next: unknown[] = error.cause === undefined || error.cause === null ? [] : [error.cause];
  if (error instanceof AggregateError && Array.isArray(error.errors)) next.push(...(error.errors as unknown[]));
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
// Wrapping: add text or context, keep the original as the `cause`
// ---------------------------------------------------------------------------------------------

/** Text for any thrown value; never throws (a value's own toString may). */
function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** The message of any thrown value, without the `module:code: ` prefix of a CodedError. */
function textOf(value: unknown): string {
  if (value instanceof CodedError) return value.text;
  if (value instanceof Error) return value.message;
  return safeString(value);
}

function messageOf(value: unknown): string {
  return value instanceof Error ? value.message : safeString(value);
}

/**
 * A new error with `text` whose cause is `err`: a CodedError cause lends it its module, code,
 * category, severity and retryability (so the message prefix stays the cause's); anything else
 * makes it an InternalError of `std` with ErrInternal's code.
 */
function wrapWith(err: unknown, text: string, context?: Record<string, unknown>): CodedError {
  if (!(err instanceof CodedError)) return new InternalError(STD, ErrInternal.code, text, { cause: err, context });
  const { module, code, category, severity, retryable } = err;
  return new CodedError({ module, code, category, severity, retryable, message: text, context, cause: err });
}

/** `wrap(err, 'loading user 42')`: message `module:code: loading user 42: <cause text>`. */
export function wrap(err: unknown, text: string): CodedError {
  return wrapWith(err, `${text}: ${textOf(err)}`);
}

/** Like `wrap`, with text `[module::operation] <cause text>` and `context` `{ module, operation }`. */
export function withContext(err: unknown, module: string, operation: string): CodedError {
  return wrapWith(err, `[${module}::${operation}] ${textOf(err)}`, { module, operation });
}

/** The value, or an InternalError `expected <what> to be defined` when it is null or undefined. */
export function must<T>(value: T, what: string): NonNullable<T> {
  if (value === null || value === undefined) {
    throw new InternalError(STD, ErrInternal.code, `expected ${what} to be defined`);
  }
  return value;
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

/** The default reporter: one JSON line on stderr (or console.error where there is no stderr). */
function writeStructuredLine(failure: RecoveredFailure): void {
  const { name, kind, at, error } = failure;
  const line = JSON.stringify({
    level: 'error',
    event: 'recovered',
    name,
    kind,
    at,
    message: messageOf(error),
    ...(error instanceof CodedError ? { module: error.module, code: error.code, category: error.category } : {}),
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

function isThenable(value: unknown): value is { then(onFulfilled: undefined, onRejected: (reason: unknown) => void): unknown } {
  return isObjectLike(value) && typeof (value as { then?: unknown }).then === 'function';
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
