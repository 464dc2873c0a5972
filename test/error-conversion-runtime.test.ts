import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { TSC } from './helpers/paths.js';
import { smallRepo } from './helpers/small-repo.js';

const ERRORS = `export const ErrOrderNotFound = new Error('order not found');
export const ErrGone = new Error('not found');

export function classify(err: unknown): string {
  if (err === ErrOrderNotFound) return 'order not found';
  if (err === ErrGone) return 'gone';
  return 'other';
}
`;

const BOOK = `import { ErrOrderNotFound } from './errors.js';

export class OrderBook {
  private readonly orders = new Map<string, number>([['1', 100]]);

  price(id: string): number {
    const price = this.orders.get(id);
    if (price === undefined) throw new Error(\`order \${id} not found\`);
    return price;
  }

  cancel(id: string): void {
    if (!this.orders.delete(id)) throw ErrOrderNotFound;
  }

  settle(send: () => void): void {
    try {
      send();
    } catch (err) {
      throw new Error('failed to settle');
    }
  }

  reload(load: () => void): void {
    try {
      load();
    } catch (err) {
      throw err;
    }
  }

  throttle(): Promise<never> {
    return Promise.reject('too many requests from this tenant');
  }
}
`;

/** Runs the compiled, migrated modules and reports what their errors look like at run time. */
const DRIVER = String.raw`
const load = (module) => import(new URL('./build/src/' + module, import.meta.url).href);
const std = await load('errors/index.js');
const { OrderBook } = await load('orders/book.js');
const { ErrOrderNotFound, ErrGone, classify } = await load('orders/errors.js');
const caught = (run) => {
  try {
    run();
  } catch (err) {
    return err;
  }
  throw new Error('nothing thrown');
};
const describe = (err) => ({ name: err.name, message: err.message, module: err.module, code: err.code, category: err.category, retryable: err.retryable });
const book = new OrderBook();
const original = new Error('bank offline');
const settled = caught(() => book.settle(() => { throw original; }));
const reloadedPlain = caught(() => book.reload(() => { throw new Error('disk full'); }));
const reloadedSentinel = caught(() => book.reload(() => book.cancel('nope')));
const throttled = await book.throttle().catch((err) => err);
console.log(JSON.stringify({
  price: describe(caught(() => book.price('7'))),
  settled: { ...describe(settled), causeIsOriginal: settled.cause === original },
  reloadedPlain: { ...describe(reloadedPlain), ownCause: Object.hasOwn(reloadedPlain, 'cause'), frames: std.contextOf(reloadedPlain) },
  reloadedSentinel: {
    ...describe(reloadedSentinel),
    isSentinel: std.is(reloadedSentinel, ErrOrderNotFound),
    identical: reloadedSentinel === ErrOrderNotFound,
    classified: classify(reloadedSentinel),
  },
  throttled: describe(throttled),
  sentinel: { ...describe(ErrOrderNotFound), frozen: Object.isFrozen(ErrOrderNotFound) },
  standardSentinel: { same: ErrGone === std.ErrNotFound, message: ErrGone.message, classified: classify(std.withContext(std.ErrNotFound, 'src/orders', 'lookup')) },
}, null, 2));
`;

describe('migrated code at run time', () => {
  let repo: string;
  let result: Record<string, unknown>;

  beforeAll(() => {
    repo = smallRepo({ 'src/orders/book.ts': BOOK, 'src/orders/errors.ts': ERRORS });
    const run = runCli(['run'], repo);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const build = spawnSync(process.execPath, [TSC, '-p', 'tsconfig.json', '--noEmit', 'false', '--outDir', 'build', '--rootDir', '.'], { cwd: repo, encoding: 'utf8' });
    expect(build.stdout + build.stderr).toBe('');
    writeFileSync(path.join(repo, 'driver.mjs'), DRIVER);
    const driven = spawnSync(process.execPath, ['driver.mjs'], { cwd: repo, encoding: 'utf8' });
    expect(driven.stderr).toBe('');
    result = JSON.parse(driven.stdout) as Record<string, unknown>;
  });

  it('is the code the migration wrote', () => {
    expect(readFileSync(path.join(repo, 'src/orders/book.ts'), 'utf8')).toBe(`import { ErrOrderNotFound } from './errors.js';
import { InternalError, NotFoundError, RateLimitError, withContext } from '../errors/index.js';

export class OrderBook {
  private readonly orders = new Map<string, number>([['1', 100]]);

  price(id: string): number {
    const price = this.orders.get(id);
    if (price === undefined) throw new NotFoundError('src/orders', 1000, \`order \${id} not found\`);
    return price;
  }

  cancel(id: string): void {
    if (!this.orders.delete(id)) throw ErrOrderNotFound;
  }

  settle(send: () => void): void {
    try {
      send();
    } catch (err) {
      throw new InternalError('src/orders', 1001, 'failed to settle', { cause: err });
    }
  }

  reload(load: () => void): void {
    try {
      load();
    } catch (err) {
      throw withContext(err, 'src/orders', 'OrderBook.reload');
    }
  }

  throttle(): Promise<never> {
    return Promise.reject(new RateLimitError('src/orders', 1002, 'too many requests from this tenant'));
  }
}
`);
    expect(readFileSync(path.join(repo, 'src/orders/errors.ts'), 'utf8')).toBe(`import { ErrNotFound, is, sentinel } from '../errors/index.js';

export const ErrOrderNotFound = sentinel('src/orders', 1003, 'order not found', 'not_found');
export const ErrGone = ErrNotFound;

export function classify(err: unknown): string {
  if (is(err, ErrOrderNotFound)) return 'order not found';
  if (is(err, ErrGone)) return 'gone';
  return 'other';
}
`);
  });

  it('throws typed errors whose message is the text alone, the code in their own properties', () => {
    expect(result.price).toEqual({ name: 'NotFoundError', message: 'order 7 not found', module: 'src/orders', code: 1000, category: 'not_found', retryable: false });
    expect(result.throttled).toEqual({
      name: 'RateLimitError',
      message: 'too many requests from this tenant',
      module: 'src/orders',
      code: 1002,
      category: 'rate_limit',
      retryable: true,
    });
  });

  it('keeps the caught error as the cause of the error that replaces it', () => {
    expect(result.settled).toEqual({
      name: 'InternalError',
      message: 'failed to settle',
      module: 'src/orders',
      code: 1001,
      category: 'internal',
      retryable: false,
      causeIsOriginal: true,
    });
  });

  it('rethrows the very error it caught, with the module and operation recorded on it', () => {
    expect(result.reloadedPlain).toEqual({
      name: 'Error',
      message: 'disk full',
      ownCause: false,
      frames: [{ module: 'src/orders', operation: 'OrderBook.reload' }],
    });
  });

  it('rethrows a converted sentinel itself, so that is() and === both match it', () => {
    expect(result.reloadedSentinel).toEqual({
      name: 'CodedError',
      message: 'order not found',
      module: 'src/orders',
      code: 1003,
      category: 'not_found',
      retryable: false,
      isSentinel: true,
      identical: true,
      classified: 'order not found',
    });
    expect(result.sentinel).toEqual({
      name: 'CodedError',
      message: 'order not found',
      module: 'src/orders',
      code: 1003,
      category: 'not_found',
      retryable: false,
      frozen: true,
    });
    expect(result.standardSentinel).toEqual({ same: true, message: 'not found', classified: 'gone' });
  });
});
