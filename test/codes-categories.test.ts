import { describe, expect, it } from 'vitest';
import { categoryOf, standardSentinelFor, TYPED_ERROR } from '../src/codes/categories.js';

/**
 * The phrasing table that `sentinel` and `typed-throw` share: what a text says about its error.
 * Each row is a text as code bases write it, and what it must mean.
 */
describe('categoryOf', () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    // not_found
    ['not found', 'not_found'],
    ['order {id} not found', 'not_found'],
    ['escrow account does not exist', 'not_found'],
    ["key doesn't exist", 'not_found'],
    ['no such file or directory', 'not_found'],
    ['unknown provider', 'not_found'],
    // conflict
    ['order already exists', 'conflict'],
    ['duplicate order', 'conflict'],
    ['write conflict on lease {key}', 'conflict'],
    // validation
    ['invalid order: price must be positive', 'validation'],
    ['price must be a multiple of the tick size', 'validation'],
    ['price must not be negative', 'validation'],
    ['malformed manifest', 'validation'],
    ['missing field "image"', 'validation'],
    ['chainRpc is required', 'validation'],
    // unauthorized
    ['unauthorized', 'unauthorized'],
    ['unauthorized: only the account owner can withdraw', 'unauthorized'],
    ['permission denied: registry is read-only', 'unauthorized'],
    ['Forbidden', 'unauthorized'],
    ['tenant is not allowed to bid', 'unauthorized'],
    ['access denied', 'unauthorized'],
    ['request is unauthenticated', 'unauthorized'],
    // timeout
    ['price feed {feed.name} timed out', 'timeout'],
    ['timeout waiting for pods', 'timeout'],
    ['deadline exceeded', 'timeout'],
    // rate_limit
    ['rate limit exceeded: tenant {id} has 5 active jobs', 'rate_limit'],
    ['Too many requests', 'rate_limit'],
    ['quota exceeded', 'rate_limit'],
    ['rate-limited by the provider', 'rate_limit'],
    // external
    ['provider unavailable', 'external'],
    ['upstream returned 502', 'external'],
    ['provider {name} failed to answer', 'external'],
    // internal: nothing in the text says otherwise
    ['failed to settle lease', 'internal'],
    ['market halted', 'internal'],
    ['unknown error', 'internal'],
    ['', 'internal'],
    // two signals: the table's order decides
    ['invalid bid: duplicate', 'conflict'],
    ['timeout must be positive', 'validation'],
    ['rate limit exceeded: bid already exists', 'rate_limit'],
    ['permission denied: order not found', 'unauthorized'],
    ['deadline for unknown order', 'timeout'],
  ];

  it.each(cases)('%j is %s', (text, category) => {
    expect(categoryOf(text)).toBe(category);
  });

  it('names one typed error class per category', () => {
    expect(TYPED_ERROR).toEqual({
      validation: 'ValidationError',
      not_found: 'NotFoundError',
      conflict: 'ConflictError',
      unauthorized: 'UnauthorizedError',
      timeout: 'TimeoutError',
      internal: 'InternalError',
      external: 'ExternalError',
      rate_limit: 'RateLimitError',
    });
  });
});

describe('standardSentinelFor', () => {
  const cases: ReadonlyArray<readonly [string, string | undefined]> = [
    ['not found', 'ErrNotFound'],
    ['Not found.', 'ErrNotFound'],
    ['does not exist', 'ErrNotFound'],
    ['already exists', 'ErrAlreadyExists'],
    ['duplicate', 'ErrAlreadyExists'],
    ['invalid input', 'ErrInvalidInput'],
    ['invalid argument', 'ErrInvalidInput'],
    ['unauthorized', 'ErrUnauthorized'],
    ['unauthenticated', 'ErrUnauthorized'],
    ['forbidden', 'ErrForbidden'],
    ['permission denied', 'ErrForbidden'],
    ['timed out', 'ErrTimeout'],
    ['deadline exceeded', 'ErrTimeout'],
    ['unavailable', 'ErrUnavailable'],
    ['service unavailable', 'ErrUnavailable'],
    ['rate limit exceeded', 'ErrRateLimited'],
    ['too many requests', 'ErrRateLimited'],
    ['canceled', 'ErrCanceled'],
    ['cancelled', 'ErrCanceled'],
    ['internal error', 'ErrInternal'],
    ['not implemented', 'ErrNotImplemented'],
    // A text that names a thing is the module's own sentinel, not the standard one.
    ['order not found', undefined],
    ['provider unavailable', undefined],
    ['unauthorized: only the owner', undefined],
    ['market halted', undefined],
  ];

  it.each(cases)('%j is %s', (text, sentinel) => {
    expect(standardSentinelFor(text)).toBe(sentinel);
  });
});
