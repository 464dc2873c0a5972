import { EventEmitter } from 'node:events';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  as,
  CodedError,
  ConflictError,
  contextOf,
  detach,
  ErrAlreadyExists,
  ErrCanceled,
  ErrForbidden,
  ErrInternal,
  ErrInvalidInput,
  ErrNotFound,
  ErrNotImplemented,
  ErrRateLimited,
  ErrTimeout,
  ErrUnauthorized,
  ErrUnavailable,
  ExternalError,
  getMetrics,
  InternalError,
  is,
  must,
  NotFoundError,
  RateLimitError,
  resetMetrics,
  safeCallback,
  safeGo,
  sentinel,
  setMetricsHook,
  setReporter,
  TimeoutError,
  UnauthorizedError,
  ValidationError,
  withContext,
  wrap,
  type ErrorCategory,
  type RecoveredFailure,
  type Reporter,
  type Severity,
} from '../../src/standard/errors-module.ts';

const NOW = '2030-01-02T03:04:05.678Z';

/** One macrotask: every microtask (promise reaction) queued before it has run. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

const emptyMetrics = { errors: { byModule: {}, byCode: {}, byCategory: {} }, recovered: {} };

// Any rejection this module lets through fails the test that caused it.
const unhandled: unknown[] = [];
const onUnhandledRejection = (reason: unknown): void => {
  unhandled.push(reason);
};
beforeAll(() => {
  process.on('unhandledRejection', onUnhandledRejection);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandledRejection);
});

let reported: RecoveredFailure[] = [];
let defaultReporter: Reporter;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(NOW) });
  reported = [];
  defaultReporter = setReporter((failure) => reported.push(failure));
  setMetricsHook(undefined);
  resetMetrics();
});

afterEach(async () => {
  await settle();
  setReporter(defaultReporter);
  setMetricsHook(undefined);
  vi.useRealTimers();
  vi.restoreAllMocks();
  // Cleared before asserting, so that one leak fails only the test that caused it.
  const leaked = unhandled.splice(0);
  expect(leaked).toEqual([]);
});

function failure(name: string, kind: RecoveredFailure['kind'], error: unknown): RecoveredFailure {
  return { name, kind, error, at: NOW };
}

/** What a function throws (fails when it returns). */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('CodedError', () => {
  it('keeps the message exactly and takes its defaults from the category', () => {
    const error = new CodedError({ module: 'pkg/users', code: 101, category: 'not_found', message: 'user 42 not found' });
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('user 42 not found');
    expect(error.name).toBe('CodedError');
    expect([error.module, error.code, error.category, error.severity, error.retryable]).toEqual([
      'pkg/users',
      101,
      'not_found',
      'low',
      false,
    ]);
  });

  it('shows the code in String(err) and the first line of the stack, like Node\'s coded errors', () => {
    const error = new InternalError('pkg/dex', 1003, 'order not found');
    expect(String(error)).toBe('InternalError [pkg/dex:1003]: order not found');
    expect(`${error}`).toBe('InternalError [pkg/dex:1003]: order not found');
    const lines = error.stack?.split('\n') ?? [];
    expect(lines[0]).toBe('InternalError [pkg/dex:1003]: order not found');
    expect(lines[1]).toMatch(/^ {4}at /);
    expect([error.name, error.message]).toEqual(['InternalError', 'order not found']);
    expect(Object.getOwnPropertyDescriptor(CodedError.prototype, 'toString')?.enumerable).toBe(false);
  });

  it('codes a multi-line or empty message the same way, and a stack without frames', () => {
    const multiLine = new ValidationError('pkg/form', 5, 'bad input\nfield: email');
    expect(multiLine.stack?.split('\n').slice(0, 3)).toEqual(['ValidationError [pkg/form:5]: bad input', 'field: email', expect.stringMatching(/^ {4}at /)]);
    const empty = new ValidationError('pkg/form', 6, '');
    expect([String(empty), empty.stack?.split('\n')[0]]).toEqual(['ValidationError [pkg/form:6]', 'ValidationError [pkg/form:6]']);
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      expect(new NotFoundError('pkg/a', 1, 'gone').stack).toBe('NotFoundError [pkg/a:1]: gone');
    } finally {
      Error.stackTraceLimit = limit;
    }
  });

  it('leaves a stack formatted by a custom Error.prepareStackTrace as it is, and survives one that throws', () => {
    const original = Error.prepareStackTrace;
    try {
      Error.prepareStackTrace = (error: Error) => `custom: ${error.message}`;
      expect(new NotFoundError('pkg/a', 1, 'gone').stack).toBe('custom: gone');
      Error.prepareStackTrace = () => {
        throw new Error('broken formatter');
      };
      const error = new NotFoundError('pkg/a', 2, 'still built');
      expect([error.message, String(error)]).toEqual(['still built', 'NotFoundError [pkg/a:2]: still built']);
    } finally {
      Error.prepareStackTrace = original;
    }
  });

  it('has no own cause or context unless given, like ES2022 errors', () => {
    const error = new CodedError({ module: 'm', code: 1, category: 'internal', message: 't' });
    expect(Object.hasOwn(error, 'cause')).toBe(false);
    expect('context' in error).toBe(false);
    expect(Object.keys(error)).toEqual(['module', 'code', 'category', 'severity', 'retryable']);
    const withUndefinedCause = new CodedError({ module: 'm', code: 1, category: 'internal', message: 't', cause: undefined });
    expect(Object.hasOwn(withUndefinedCause, 'cause')).toBe(true);
    expect(withUndefinedCause.cause).toBe(undefined);
    const withContextObject = new CodedError({ module: 'm', code: 1, category: 'internal', message: 't', context: { id: 1 } });
    expect(Object.keys(withContextObject)).toEqual(['module', 'code', 'category', 'severity', 'retryable', 'context']);
  });

  it('keeps the cause and a frozen copy of the context; severity and retryable can be overridden', () => {
    const cause = new Error('socket closed');
    const context = { id: 42 };
    const error = new CodedError({
      module: 'pkg/db',
      code: 7,
      category: 'internal',
      message: 'query failed',
      severity: 'high',
      retryable: true,
      context,
      cause,
    });
    context.id = 43;
    expect(error.cause).toBe(cause);
    expect(Object.getOwnPropertyDescriptor(error, 'cause')).toEqual({ value: cause, writable: true, enumerable: false, configurable: true });
    expect(error.context).toEqual({ id: 42 });
    expect(Object.isFrozen(error.context)).toBe(true);
    expect([error.severity, error.retryable]).toEqual(['high', true]);
  });

  it('serialises to a plain object with the cause message', () => {
    const error = new NotFoundError('pkg/users', 101, 'no user', { cause: new Error('row missing'), context: { id: 1 } });
    expect(error.toJSON()).toEqual({
      name: 'NotFoundError',
      module: 'pkg/users',
      code: 101,
      category: 'not_found',
      severity: 'low',
      retryable: false,
      message: 'no user',
      context: { id: 1 },
      cause: 'row missing',
    });
    expect(JSON.parse(JSON.stringify(new ValidationError('m', 2, 'bad', { cause: 'not an error' })))).toEqual({
      name: 'ValidationError',
      module: 'm',
      code: 2,
      category: 'validation',
      severity: 'low',
      retryable: false,
      message: 'bad',
      cause: 'not an error',
    });
  });

  it('serialises the frames withContext recorded, outermost last', () => {
    const error = new NotFoundError('pkg/users', 101, 'no user');
    withContext(error, 'pkg/users', 'Users.find');
    withContext(error, 'pkg/api', 'Api.get');
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'NotFoundError',
      module: 'pkg/users',
      code: 101,
      category: 'not_found',
      severity: 'low',
      retryable: false,
      message: 'no user',
      frames: ['pkg/users::Users.find', 'pkg/api::Api.get'],
    });
  });

  it('keeps `name` off the enumerable properties, as built-in errors do', () => {
    const error = new TimeoutError('m', 1, 't');
    expect(Object.getOwnPropertyDescriptor(error, 'name')).toEqual({ value: 'TimeoutError', writable: true, enumerable: false, configurable: true });
  });
});

describe('typed errors', () => {
  const table: Array<[new (module: string, code: number, message: string) => CodedError, string, ErrorCategory, Severity, boolean]> = [
    [ValidationError, 'ValidationError', 'validation', 'low', false],
    [NotFoundError, 'NotFoundError', 'not_found', 'low', false],
    [ConflictError, 'ConflictError', 'conflict', 'medium', false],
    [UnauthorizedError, 'UnauthorizedError', 'unauthorized', 'medium', false],
    [TimeoutError, 'TimeoutError', 'timeout', 'medium', true],
    [InternalError, 'InternalError', 'internal', 'critical', false],
    [ExternalError, 'ExternalError', 'external', 'high', true],
    [RateLimitError, 'RateLimitError', 'rate_limit', 'medium', true],
  ];

  it.each(table)('%o is a CodedError named %s with category %s, severity %s, retryable %s', (Class, name, category, severity, retryable) => {
    const error = new Class('pkg/a', 301, 'it failed');
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(CodedError);
    expect(error).toBeInstanceOf(Error);
    expect([error.name, error.message, error.module, error.code]).toEqual([name, 'it failed', 'pkg/a', 301]);
    expect(String(error)).toBe(`${name} [pkg/a:301]: it failed`);
    expect([error.category, error.severity, error.retryable]).toEqual([category, severity, retryable]);
    expect(Object.hasOwn(error, 'cause')).toBe(false);
  });

  it('take a cause and a context', () => {
    const cause = new Error('ECONNRESET');
    const error = new ExternalError('pkg/pay', 410, 'bank call failed', { cause, context: { bank: 'acme' } });
    expect(error.cause).toBe(cause);
    expect(error.context).toEqual({ bank: 'acme' });
    expect(error.message).toBe('bank call failed');
  });
});

describe('sentinels', () => {
  const table: Array<[CodedError, number, string, ErrorCategory, Severity, boolean]> = [
    [ErrNotFound, 1, 'not found', 'not_found', 'low', false],
    [ErrAlreadyExists, 2, 'already exists', 'conflict', 'medium', false],
    [ErrInvalidInput, 3, 'invalid input', 'validation', 'low', false],
    [ErrUnauthorized, 4, 'unauthorized', 'unauthorized', 'medium', false],
    [ErrForbidden, 5, 'forbidden', 'unauthorized', 'medium', false],
    [ErrTimeout, 6, 'timed out', 'timeout', 'medium', true],
    [ErrUnavailable, 7, 'unavailable', 'external', 'high', true],
    [ErrRateLimited, 8, 'rate limited', 'rate_limit', 'medium', true],
    [ErrCanceled, 9, 'canceled', 'timeout', 'medium', true],
    [ErrInternal, 10, 'internal error', 'internal', 'critical', false],
    [ErrNotImplemented, 11, 'not implemented', 'internal', 'critical', false],
  ];

  it.each(table)('std:%s is frozen, reads "%s", category %s, severity %s, retryable %s', (error, code, text, category, severity, retryable) => {
    expect(error).toBeInstanceOf(CodedError);
    expect(error.constructor).toBe(CodedError);
    expect([error.module, error.code, error.message, String(error)]).toEqual(['std', code, text, `CodedError [std:${code}]: ${text}`]);
    expect([error.category, error.severity, error.retryable]).toEqual([category, severity, retryable]);
    expect(Object.isFrozen(error)).toBe(true);
    expect(is(error, error)).toBe(true);
  });

  it('match by identity only, never by message or code', () => {
    const lookalike = new CodedError({ module: 'std', code: 1, category: 'not_found', message: 'not found' });
    expect(lookalike.message).toBe(ErrNotFound.message);
    expect(is(lookalike, ErrNotFound)).toBe(false);
    expect(is(ErrNotFound, ErrAlreadyExists)).toBe(false);
  });

  it('are defined per module with sentinel(), category internal by default, and cannot be changed', () => {
    const ErrBidClosed = sentinel('pkg/auction', 101, 'bid closed', 'conflict');
    const ErrBidLost = sentinel('pkg/auction', 102, 'bid lost');
    expect([ErrBidClosed.message, ErrBidClosed.category, ErrBidClosed.severity]).toEqual(['bid closed', 'conflict', 'medium']);
    expect([ErrBidLost.message, ErrBidLost.category, ErrBidLost.severity]).toEqual(['bid lost', 'internal', 'critical']);
    expect(String(ErrBidLost)).toBe('CodedError [pkg/auction:102]: bid lost');
    expect(Object.isFrozen(ErrBidLost)).toBe(true);
    expect(() => {
      (ErrBidLost as { message: string }).message = 'changed';
    }).toThrow(TypeError);
    expect(ErrBidLost.message).toBe('bid lost');
  });
});

describe('is', () => {
  it('matches the error itself and anything in a multi-level cause chain', () => {
    const root = new Error('disk full');
    const middle = new Error('write failed', { cause: root });
    const top = wrap(withContext(middle, 'pkg/store', 'save'), 'saving order');
    expect(is(top, top)).toBe(true);
    expect(is(top, middle)).toBe(true);
    expect(is(top, root)).toBe(true);
    expect(is(root, top)).toBe(false);
    expect(is(top, new Error('disk full'))).toBe(false);
  });

  it('follows the errors of an AggregateError, also inside a cause chain', () => {
    const first = new Error('a');
    const second = new Error('b', { cause: ErrTimeout });
    const aggregate = new AggregateError([first, second], 'both failed');
    const top = new Error('batch failed', { cause: aggregate });
    expect(is(top, first)).toBe(true);
    expect(is(top, ErrTimeout)).toBe(true);
    expect(is(top, ErrNotFound)).toBe(false);
  });

  it('ends on cycles', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    Object.assign(a, { cause: b });
    const self = new AggregateError([], 'self');
    self.errors.push(self);
    Object.assign(self, { cause: self });
    expect(is(a, ErrNotFound)).toBe(false);
    expect(is(a, b)).toBe(true);
    expect(is(self, ErrNotFound)).toBe(false);
    expect(is(self, self)).toBe(true);
  });

  it('asks an error in the chain through its own is(target) method, which must return true', () => {
    class MissingRow extends Error {
      is(target: unknown): boolean {
        return target === ErrNotFound;
      }
    }
    class Truthy extends Error {
      is(): unknown {
        return 'yes';
      }
    }
    const top = new Error('lookup failed', { cause: new MissingRow('no row') });
    expect(is(top, ErrNotFound)).toBe(true);
    expect(is(top, ErrTimeout)).toBe(false);
    expect(is(new Truthy('t'), ErrNotFound)).toBe(false);
  });

  it('stops 100 causes deep', () => {
    const chain = (depth: number, target: unknown): unknown => {
      let error = target;
      for (let i = 0; i < depth; i++) error = new Error(`level ${i}`, { cause: error });
      return error;
    };
    expect(is(chain(100, ErrNotFound), ErrNotFound)).toBe(true);
    expect(is(chain(101, ErrNotFound), ErrNotFound)).toBe(false);
  });

  it('compares any thrown value like Go compares errors, and does not follow an undefined cause', () => {
    expect(is('boom', 'boom')).toBe(true);
    expect(is(undefined, undefined)).toBe(true);
    expect(is(null, ErrNotFound)).toBe(false);
    expect(is(new Error('x', { cause: undefined }), undefined)).toBe(false);
  });
});

describe('as', () => {
  it('returns the first error in the chain that is an instance of the class', () => {
    const notFound = new NotFoundError('pkg/users', 101, 'no user');
    const top = withContext(wrap(notFound, 'loading'), 'pkg/api', 'get');
    expect(top).not.toBeInstanceOf(NotFoundError);
    expect(as(top, NotFoundError)).toBe(notFound);
    expect(as(top, CodedError)).toBe(top);
    expect(as(top, TimeoutError)).toBe(undefined);
    expect(as('not an error', Error)).toBe(undefined);
  });

  it('searches depth first and in order: the cause before the errors of an AggregateError', () => {
    const viaCause = new TimeoutError('m', 1, 'cause');
    const nested = new TimeoutError('m', 2, 'nested');
    const sibling = new TimeoutError('m', 3, 'sibling');
    const withCause = new AggregateError([new Error('x', { cause: nested }), sibling], 'all', { cause: viaCause });
    const withoutCause = new AggregateError([new Error('x', { cause: nested }), sibling], 'all');
    expect(as(withCause, TimeoutError)).toBe(viaCause);
    expect(as(withoutCause, TimeoutError)).toBe(nested);
    expect(as(withoutCause, AggregateError)).toBe(withoutCause);
  });

  it('accepts abstract classes and ends on cycles', () => {
    abstract class DomainError extends Error {}
    class OrderError extends DomainError {}
    const order = new OrderError('bad order');
    const loop = new Error('loop', { cause: order });
    Object.assign(order, { cause: loop });
    expect(as(loop, DomainError)).toBe(order);
    expect(as(loop, RangeError)).toBe(undefined);
  });
});

describe('wrap', () => {
  it('makes a new error `text: <cause message>` that keeps the module, code, category, severity and retryability of a CodedError cause', () => {
    const cause = new RateLimitError('pkg/pay', 420, 'bank says slow down');
    const wrapped = wrap(cause, 'charging card');
    expect(wrapped).toBeInstanceOf(CodedError);
    expect(wrapped.constructor).toBe(CodedError);
    expect(wrapped.message).toBe('charging card: bank says slow down');
    expect(String(wrapped)).toBe('CodedError [pkg/pay:420]: charging card: bank says slow down');
    expect([wrapped.module, wrapped.code, wrapped.category, wrapped.severity, wrapped.retryable]).toEqual(['pkg/pay', 420, 'rate_limit', 'medium', true]);
    expect(wrapped.cause).toBe(cause);
    expect('context' in wrapped).toBe(false);
    expect(is(wrap(wrapped, 'checkout'), cause)).toBe(true);
    expect(wrap(wrapped, 'checkout').message).toBe('checkout: charging card: bank says slow down');
  });

  it('makes an InternalError of std with the code of ErrInternal for any other cause', () => {
    const cause = new TypeError('x is undefined');
    const wrapped = wrap(cause, 'rendering');
    expect(wrapped).toBeInstanceOf(InternalError);
    expect([wrapped.message, wrapped.module, wrapped.code, wrapped.category, wrapped.severity]).toEqual(['rendering: x is undefined', 'std', 10, 'internal', 'critical']);
    expect(wrapped.cause).toBe(cause);
    expect(wrap('plain text', 'parsing').message).toBe('parsing: plain text');
    expect(wrap(Object.create(null), 'odd').message).toBe('odd: [object Object]');
    expect(wrap(ErrTimeout, 'calling bank').message).toBe('calling bank: timed out');
    expect(String(wrap(ErrTimeout, 'calling bank'))).toBe('CodedError [std:6]: calling bank: timed out');
    expect(is(wrap(ErrTimeout, 'calling bank'), ErrTimeout)).toBe(true);
  });
});

describe('withContext', () => {
  const FRAMES = Symbol.for('errors.contextFrames');

  /** Everything about a value a caller can observe without looking for the frames. */
  function observable(value: object): unknown {
    return {
      prototype: Object.getPrototypeOf(value),
      keys: Object.keys(value),
      entries: Object.entries(value),
      names: Object.getOwnPropertyNames(value),
      json: JSON.stringify(value),
      text: String(value),
      message: (value as { message?: unknown }).message,
      stack: (value as { stack?: unknown }).stack,
    };
  }

  it('returns the same error: identity, class, prototype, message and own enumerable properties unchanged', () => {
    class HttpError extends Error {
      readonly status: number;
      constructor(status: number, message: string) {
        super(message);
        this.status = status;
      }
    }
    const error = new HttpError(401, 'Unauthorized');
    const before = observable(error);
    const result = withContext(error, 'pkg/http', 'Router.handle');
    expect(result).toBe(error);
    expect(result).toBeInstanceOf(HttpError);
    expect(result.constructor).toBe(HttpError);
    expect(observable(result)).toEqual(before);
    expect(result).toEqual(new HttpError(401, 'Unauthorized'));
    expect(result).toStrictEqual(new HttpError(401, 'Unauthorized'));
    expect(contextOf(result)).toEqual([{ module: 'pkg/http', operation: 'Router.handle' }]);
  });

  it('keeps a plain Error plain, a CodedError coded, and its message exactly', () => {
    const plain = new Error('Response already sent');
    expect(withContext(plain, 'pkg/web', 'Response.send')).toBe(plain);
    expect(plain.constructor).toBe(Error);
    expect(Object.getPrototypeOf(plain)).toBe(Error.prototype);
    expect(plain.message).toMatch(/^Response already sent$/);
    const coded = new NotFoundError('pkg/dex', 1003, 'order not found');
    expect(withContext(coded, 'pkg/api', 'Api.get')).toBe(coded);
    expect([coded.message, String(coded)]).toEqual(['order not found', 'NotFoundError [pkg/dex:1003]: order not found']);
  });

  it('records the frames in a non-enumerable, symbol-keyed list, outermost last, each repeat in a row kept once', () => {
    const error = new Error('boom');
    withContext(error, 'pkg/jobs', 'Job.step');
    withContext(error, 'pkg/jobs', 'Job.step');
    withContext(error, 'pkg/jobs', 'Job.step');
    withContext(error, 'pkg/jobs', 'Job.run');
    withContext(error, 'pkg/jobs', 'Job.step');
    expect(contextOf(error)).toEqual([
      { module: 'pkg/jobs', operation: 'Job.step' },
      { module: 'pkg/jobs', operation: 'Job.run' },
      { module: 'pkg/jobs', operation: 'Job.step' },
    ]);
    expect(Object.getOwnPropertySymbols(error)).toEqual([FRAMES]);
    expect(Object.getOwnPropertyDescriptor(error, FRAMES)?.enumerable).toBe(false);
    expect(Object.keys(error)).toEqual([]);
  });

  it('records one frame for a recursive function that rethrows at every level', () => {
    const walk = (depth: number): never => {
      try {
        if (depth === 0) throw new RangeError('too deep');
        return walk(depth - 1);
      } catch (error) {
        throw withContext(error, 'pkg/tree', 'Tree.walk');
      }
    };
    const error = thrownBy(() => walk(8));
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe('too deep');
    expect(contextOf(error)).toEqual([{ module: 'pkg/tree', operation: 'Tree.walk' }]);
  });

  it('keeps the first 50 frames of an error rethrown again and again, such as a cached failure', () => {
    const cached = new Error('config unavailable');
    for (let request = 0; request < 40; request++) {
      withContext(cached, 'pkg/config', 'Config.load');
      withContext(cached, 'pkg/api', `Api.handle${request}`);
    }
    const frames = contextOf(cached);
    expect(frames).toHaveLength(50);
    expect(frames.slice(0, 3)).toEqual([
      { module: 'pkg/config', operation: 'Config.load' },
      { module: 'pkg/api', operation: 'Api.handle0' },
      { module: 'pkg/config', operation: 'Config.load' },
    ]);
  });

  it('returns a thrown promise, and any thenable, untouched', () => {
    const promise = new Promise<void>(() => undefined);
    const thenable = { then: (): void => undefined };
    let result: unknown = promise;
    for (let level = 0; level < 8; level++) result = withContext(result, 'pkg/ui', 'Suspense.render');
    expect(result).toBe(promise);
    expect(result).toBeInstanceOf(Promise);
    expect(Object.getOwnPropertySymbols(promise)).toEqual([]);
    expect(withContext(thenable, 'pkg/ui', 'render')).toBe(thenable);
    expect(Object.getOwnPropertySymbols(thenable)).toEqual([]);
  });

  it('returns primitives, frozen objects and sentinels untouched', () => {
    for (const value of ['plain text', 404, 0n, true, null, undefined, Symbol.for('x')]) {
      expect(withContext(value, 'pkg/a', 'op')).toBe(value);
      expect(contextOf(value)).toEqual([]);
    }
    const frozen = Object.freeze(new Error('frozen'));
    expect(withContext(frozen, 'pkg/a', 'op')).toBe(frozen);
    expect(Object.getOwnPropertySymbols(frozen)).toEqual([]);
    expect(withContext(ErrNotFound, 'pkg/users', 'Users.find')).toBe(ErrNotFound);
    expect(contextOf(ErrNotFound)).toEqual([]);
    expect(is(withContext(ErrNotFound, 'pkg/users', 'Users.find'), ErrNotFound)).toBe(true);
  });

  it('never throws: not for a sealed object, a proxy whose traps throw, a revoked proxy, or a throwing then getter', () => {
    const sealed = Object.seal(new Error('sealed'));
    expect(withContext(sealed, 'pkg/a', 'op')).toBe(sealed);
    expect(contextOf(sealed)).toEqual([]);
    const hostile = new Proxy(new Error('hostile'), {
      defineProperty: () => {
        throw new Error('no defining');
      },
      getOwnPropertyDescriptor: () => {
        throw new Error('no reading');
      },
    });
    expect(withContext(hostile, 'pkg/a', 'op')).toBe(hostile);
    expect(contextOf(hostile)).toEqual([]);
    const refusing = new Proxy(new Error('refusing'), { defineProperty: () => false });
    expect(withContext(refusing, 'pkg/a', 'op')).toBe(refusing);
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(withContext(proxy, 'pkg/a', 'op')).toBe(proxy);
    expect(contextOf(proxy)).toEqual([]);
    const trap = {
      get then(): never {
        throw new Error('getter');
      },
    };
    expect(withContext(trap, 'pkg/a', 'op')).toBe(trap);
    const lateSealed = new Error('sealed after its first frame');
    withContext(lateSealed, 'pkg/a', 'inner');
    Object.seal(lateSealed);
    withContext(lateSealed, 'pkg/a', 'outer');
    expect(contextOf(lateSealed).map((frame) => frame.operation)).toEqual(['inner', 'outer']);
  });

  it('decorates any other object, functions included, and keeps frames on the object itself, not its prototype', () => {
    const thrownObject = { code: 'E_CUSTOM' };
    expect(withContext(thrownObject, 'pkg/a', 'op')).toBe(thrownObject);
    expect(thrownObject).toEqual({ code: 'E_CUSTOM' });
    expect(contextOf(thrownObject)).toEqual([{ module: 'pkg/a', operation: 'op' }]);
    const fn = (): number => 1;
    expect(withContext(fn, 'pkg/a', 'op')).toBe(fn);
    expect(contextOf(fn)).toHaveLength(1);
    const child = Object.create(thrownObject) as object;
    expect(contextOf(child)).toEqual([]);
  });
});

describe('contextOf', () => {
  it('returns a fresh list each time, of frozen frames, so callers cannot change what is recorded', () => {
    const error = new Error('x');
    withContext(error, 'pkg/a', 'op');
    const frames = contextOf(error);
    frames.push({ module: 'pkg/b', operation: 'added' });
    expect(contextOf(error)).toEqual([{ module: 'pkg/a', operation: 'op' }]);
    expect(contextOf(error)).not.toBe(contextOf(error));
    expect(Object.isFrozen(contextOf(error)[0])).toBe(true);
  });

  it('reads frames recorded by another copy of the module, and skips entries that are not frames', () => {
    const error = new Error('x');
    Object.defineProperty(error, Symbol.for('errors.contextFrames'), { value: [{ module: 'pkg/a', operation: 'op' }, 'junk', { module: 1 }] });
    expect(contextOf(error)).toEqual([{ module: 'pkg/a', operation: 'op' }]);
    const notAList = new Error('y');
    Object.defineProperty(notAList, Symbol.for('errors.contextFrames'), { value: 'junk' });
    expect(contextOf(notAList)).toEqual([]);
  });
});

describe('must', () => {
  it('returns every value that is not null or undefined, as it is', () => {
    const object = { a: 1 };
    const fn = (): number => 1;
    expect(must(0, 'zero')).toBe(0);
    expect(must('', 'empty')).toBe('');
    expect(must(false, 'flag')).toBe(false);
    expect(must(Number.NaN, 'nan')).toBe(Number.NaN);
    expect(must(object, 'object')).toBe(object);
    expect(must(fn, 'fn')).toBe(fn);
  });

  it('throws InternalError "expected <what> to be defined" for null and undefined', () => {
    for (const value of [null, undefined]) {
      const error = thrownBy(() => must(value, 'user.profile'));
      expect(error).toBeInstanceOf(InternalError);
      const internal = error as InternalError;
      expect([internal.message, internal.module, internal.code, internal.category, internal.severity]).toEqual([
        'expected user.profile to be defined',
        'std',
        10,
        'internal',
        'critical',
      ]);
    }
  });
});

describe('safeGo', () => {
  it('runs fn at once, synchronously up to its first await', async () => {
    const order: string[] = [];
    safeGo('Engine.start', async () => {
      order.push('before await');
      await Promise.resolve();
      order.push('after await');
    });
    order.push('after safeGo');
    expect(order).toEqual(['before await', 'after safeGo']);
    await settle();
    expect(order).toEqual(['before await', 'after safeGo', 'after await']);
    expect(reported).toEqual([]);
  });

  it('reports a synchronous throw as a panic and returns normally', () => {
    const error = new Error('sync boom');
    expect(safeGo('Engine.sync', () => {
      throw error;
    })).toBe(undefined);
    expect(reported).toEqual([failure('Engine.sync', 'panic', error)]);
  });

  it('reports a rejection after an await as a rejection', async () => {
    const error = new TimeoutError('pkg/engine', 5, 'tick too slow');
    safeGo('Engine.loop', async () => {
      await settle();
      throw error;
    });
    expect(reported).toEqual([]);
    await settle();
    await settle();
    expect(reported).toEqual([failure('Engine.loop', 'rejection', error)]);
  });

  it('reports thrown non-errors and ignores what a successful fn returns', async () => {
    safeGo('Engine.text', () => {
      throw 'plain text';
    });
    safeGo('Engine.value', () => 42);
    safeGo('Engine.ok', async () => 'done');
    await settle();
    expect(reported).toEqual([failure('Engine.text', 'panic', 'plain text')]);
  });
});

describe('detach', () => {
  it('reports the rejection of a promise, and nothing for a fulfilled one', async () => {
    const error = new Error('save failed');
    detach('Store.save', Promise.reject(error));
    detach('Store.load', Promise.resolve(1));
    await settle();
    expect(reported).toEqual([failure('Store.save', 'rejection', error)]);
  });

  it('reports a rejection that happens later', async () => {
    const error = new Error('late');
    detach(
      'Store.late',
      new Promise((_, reject) => {
        setTimeout(() => reject(error), 0);
      }),
    );
    await settle();
    await settle();
    expect(reported).toEqual([failure('Store.late', 'rejection', error)]);
  });

  it('reports the rejection of a thenable, and a then() that throws as a panic', async () => {
    const reason = new Error('thenable rejected');
    const thenable = {
      then(_onFulfilled: unknown, onRejected: (reason: unknown) => void): void {
        queueMicrotask(() => onRejected(reason));
      },
    };
    const broken = new Error('then is broken');
    const brokenThenable = {
      then(): never {
        throw broken;
      },
    };
    detach('Queue.push', thenable);
    detach('Queue.pop', brokenThenable);
    await settle();
    expect(reported).toEqual([failure('Queue.pop', 'panic', broken), failure('Queue.push', 'rejection', reason)]);
  });

  it('watches every thenable in an array and ignores the other elements', async () => {
    const first = new Error('first');
    const second = new Error('second');
    const thenable = {
      then(_onFulfilled: unknown, onRejected: (reason: unknown) => void): void {
        queueMicrotask(() => onRejected(second));
      },
    };
    detach('Batch.run', [Promise.reject(first), 1, null, Promise.resolve(2), thenable, 'x']);
    await settle();
    expect(reported).toEqual([failure('Batch.run', 'rejection', first), failure('Batch.run', 'rejection', second)]);
  });

  it('ignores values that are not thenables, without throwing', async () => {
    const values: unknown[] = [undefined, null, 0, 'text', { then: 5 }, {}, () => 1, Symbol('s'), []];
    for (const value of values) expect(detach('Misc.value', value)).toBe(undefined);
    await settle();
    expect(reported).toEqual([]);
  });
});

describe('safeCallback', () => {
  it('calls fn with the same this and arguments, and returns undefined', () => {
    const calls: unknown[][] = [];
    const target = {
      label: 'target',
      handler: safeCallback('Target.handler', function (this: unknown, a: number, b: string) {
        calls.push([this, a, b]);
        return 'ignored';
      }),
    };
    expect(target.handler(1, 'two')).toBe(undefined);
    expect(calls).toEqual([[target, 1, 'two']]);
    expect(calls[0]?.[0]).toBe(target);
    expect(reported).toEqual([]);
  });

  it('reports a throw instead of rethrowing it, even from a real timer', async () => {
    const error = new Error('tick failed');
    const callback = safeCallback('Clock.tick', () => {
      throw error;
    });
    expect(callback()).toBe(undefined);
    setTimeout(callback, 0);
    await settle();
    expect(reported).toEqual([failure('Clock.tick', 'panic', error), failure('Clock.tick', 'panic', error)]);
  });

  it('reports the rejection of an async callback, e.g. an event handler', async () => {
    const error = new ConflictError('pkg/feed', 12, 'duplicate event');
    const emitter = new EventEmitter();
    emitter.on(
      'data',
      safeCallback('Feed.onData', async (chunk: string) => {
        await Promise.resolve();
        if (chunk === 'dup') throw error;
      }),
    );
    emitter.emit('data', 'ok');
    emitter.emit('data', 'dup');
    await settle();
    expect(reported).toEqual([failure('Feed.onData', 'rejection', error)]);
  });
});

describe('reporting', () => {
  /** Runs `run` with process.stderr.write captured; returns what was written. */
  function captureStderr(run: () => void): unknown[][] {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      run();
      return write.mock.calls.map((call) => [...call]);
    } finally {
      write.mockRestore();
    }
  }

  it('setReporter returns the previous reporter', () => {
    const first: Reporter = () => undefined;
    const capture = setReporter(first);
    expect(setReporter(capture)).toBe(first);
    safeGo('Any.thing', () => {
      throw 1;
    });
    expect(reported).toEqual([failure('Any.thing', 'panic', 1)]);
  });

  it('by default writes one JSON line on stderr, with module, code and category for a CodedError', () => {
    setReporter(defaultReporter);
    const error = new ExternalError('pkg/pay', 402, 'bank unreachable');
    const writes = captureStderr(() =>
      safeGo('Payments.retry', () => {
        throw error;
      }),
    );
    expect(writes).toHaveLength(1);
    const line = writes[0]?.[0] as string;
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      level: 'error',
      event: 'recovered',
      name: 'Payments.retry',
      kind: 'panic',
      at: NOW,
      message: 'bank unreachable',
      module: 'pkg/pay',
      code: 402,
      category: 'external',
      stack: error.stack,
    });
    expect(error.stack?.split('\n')[0]).toBe('ExternalError [pkg/pay:402]: bank unreachable');
    expect(line.startsWith('{"level":"error","event":"recovered",')).toBe(true);
  });

  it('describes plain errors and thrown non-errors by their message', () => {
    setReporter(defaultReporter);
    const error = new RangeError('out of range');
    const writes = captureStderr(() => {
      safeGo('Plain.error', () => {
        throw error;
      });
      safeGo('Plain.text', () => {
        throw 'just text';
      });
    });
    expect(writes.map((call) => JSON.parse(call[0] as string))).toEqual([
      { level: 'error', event: 'recovered', name: 'Plain.error', kind: 'panic', at: NOW, message: 'out of range', stack: error.stack },
      { level: 'error', event: 'recovered', name: 'Plain.text', kind: 'panic', at: NOW, message: 'just text' },
    ]);
  });

  it('shows the frames withContext recorded, on any error, outermost last', () => {
    setReporter(defaultReporter);
    const coded = new NotFoundError('pkg/dex', 1003, 'order not found');
    withContext(coded, 'pkg/dex', 'OrderBook.reload');
    withContext(coded, 'pkg/api', 'Api.get');
    const plain = withContext(new Error('disk full'), 'pkg/store', 'Store.save');
    const writes = captureStderr(() => {
      safeGo('Orders.sync', () => {
        throw coded;
      });
      safeGo('Store.flush', () => {
        throw plain;
      });
    });
    expect(writes.map((call) => JSON.parse(call[0] as string))).toEqual([
      {
        level: 'error',
        event: 'recovered',
        name: 'Orders.sync',
        kind: 'panic',
        at: NOW,
        message: 'order not found',
        module: 'pkg/dex',
        code: 1003,
        category: 'not_found',
        frames: ['pkg/dex::OrderBook.reload', 'pkg/api::Api.get'],
        stack: coded.stack,
      },
      { level: 'error', event: 'recovered', name: 'Store.flush', kind: 'panic', at: NOW, message: 'disk full', frames: ['pkg/store::Store.save'], stack: plain.stack },
    ]);
  });

  it('falls back to console.error where there is no process.stderr', () => {
    setReporter(defaultReporter);
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const descriptor = Object.getOwnPropertyDescriptor(process, 'stderr');
    expect(descriptor?.configurable).toBe(true);
    Object.defineProperty(process, 'stderr', { value: undefined, configurable: true });
    try {
      safeGo('Edge.worker', () => {
        throw 'no stderr here';
      });
    } finally {
      Object.defineProperty(process, 'stderr', descriptor as PropertyDescriptor);
    }
    expect(consoleError.mock.calls).toEqual([
      ['{"level":"error","event":"recovered","name":"Edge.worker","kind":"panic","at":"2030-01-02T03:04:05.678Z","message":"no stderr here"}'],
    ]);
  });

  it('survives a reporter that throws, writing the failure the default way instead', async () => {
    setReporter(() => {
      throw new Error('reporter is broken');
    });
    const writes = captureStderr(() => {
      expect(() =>
        safeGo('Broken.reporter', () => {
          throw 'lost?';
        }),
      ).not.toThrow();
    });
    expect(writes.map((call) => JSON.parse(call[0] as string))).toEqual([
      { level: 'error', event: 'recovered', name: 'Broken.reporter', kind: 'panic', at: NOW, message: 'lost?' },
    ]);
    const rejectionWrites: unknown[][] = [];
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((...args: unknown[]) => {
      rejectionWrites.push(args);
      return true;
    });
    const rejection = new Error('async');
    detach('Broken.async', Promise.reject(rejection));
    await settle();
    write.mockRestore();
    expect(rejectionWrites.map((call) => JSON.parse(call[0] as string))).toEqual([
      { level: 'error', event: 'recovered', name: 'Broken.async', kind: 'rejection', at: NOW, message: 'async', stack: rejection.stack },
    ]);
  });
});

describe('metrics', () => {
  it('counts every constructed CodedError by module, module:code and category', () => {
    new NotFoundError('pkg/users', 101, 'a');
    new NotFoundError('pkg/users', 101, 'b');
    new TimeoutError('pkg/jobs', 201, 'c');
    wrap(new Error('plain'), 'wrapped');
    thrownBy(() => must(undefined, 'x'));
    expect(getMetrics()).toEqual({
      errors: {
        byModule: { 'pkg/users': 2, 'pkg/jobs': 1, std: 2 },
        byCode: { 'pkg/users:101': 2, 'pkg/jobs:201': 1, 'std:10': 2 },
        byCategory: { not_found: 2, timeout: 1, internal: 2 },
      },
      recovered: {},
    });
  });

  it('does not count sentinels, neither the standard ones at load nor sentinel() later', async () => {
    vi.resetModules();
    const fresh = await import('../../src/standard/errors-module.ts');
    expect(fresh.ErrNotFound).not.toBe(ErrNotFound);
    expect(fresh.getMetrics()).toEqual(emptyMetrics);
    sentinel('pkg/x', 1, 'defined');
    expect(getMetrics()).toEqual(emptyMetrics);
  });

  it('counts recovered failures by name, `__proto__` included', async () => {
    safeGo('Engine.start', () => {
      throw 1;
    });
    safeGo('Engine.start', () => {
      throw 2;
    });
    safeGo('__proto__', () => {
      throw 3;
    });
    detach('Store.save', Promise.reject(new Error('x')));
    await settle();
    const { recovered } = getMetrics();
    expect(Object.entries(recovered)).toEqual([
      ['Engine.start', 2],
      ['__proto__', 1],
      ['Store.save', 1],
    ]);
    expect(Object.getPrototypeOf(recovered)).toBe(Object.prototype);
  });

  it('returns snapshot copies, and resetMetrics clears the counters', () => {
    new ValidationError('pkg/a', 1, 'x');
    const snapshot = getMetrics();
    snapshot.errors.byModule['pkg/a'] = 99;
    expect(getMetrics().errors.byModule).toEqual({ 'pkg/a': 1 });
    resetMetrics();
    expect(getMetrics()).toEqual(emptyMetrics);
  });

  it('calls the hook for each created error and recovered failure; setMetricsHook returns the previous one', () => {
    const created: CodedError[] = [];
    const recovered: RecoveredFailure[] = [];
    const hook = {
      errorCreated(error: CodedError): void {
        created.push(error);
      },
      recovered(failure: RecoveredFailure): void {
        recovered.push(failure);
      },
    };
    expect(setMetricsHook(hook)).toBe(undefined);
    const error = new ConflictError('pkg/a', 7, 'taken');
    safeGo('Hooked.run', () => {
      throw error;
    });
    expect(created).toEqual([error]);
    expect(created[0]).toBe(error);
    expect(recovered).toEqual([failure('Hooked.run', 'panic', error)]);
    expect(setMetricsHook(undefined)).toBe(hook);
    new ConflictError('pkg/a', 7, 'unhooked');
    expect(created).toHaveLength(1);
  });

  it('survives a hook that throws', () => {
    setMetricsHook({
      errorCreated(): void {
        throw new Error('metrics down');
      },
      recovered(): void {
        throw new Error('metrics down');
      },
    });
    const error = new InternalError('pkg/a', 9, 'still created');
    expect(error.message).toBe('still created');
    safeGo('Hook.broken', () => {
      throw error;
    });
    expect(reported).toEqual([failure('Hook.broken', 'panic', error)]);
    expect(getMetrics()).toEqual({
      errors: { byModule: { 'pkg/a': 1 }, byCode: { 'pkg/a:9': 1 }, byCategory: { internal: 1 } },
      recovered: { 'Hook.broken': 1 },
    });
  });
});
