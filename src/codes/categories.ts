import type { StandardExport } from '../standard/exports.js';

/**
 * What an error's text says about it: its category (and so the standard's typed error class),
 * and, when the whole text is one of the standard sentinels' phrasings, that sentinel. One table
 * for `sentinel` and `typed-throw`, so the same text always means the same thing.
 */

/** The categories of the standard error module (SPEC section 1). */
export const ERROR_CATEGORIES = ['validation', 'not_found', 'conflict', 'unauthorized', 'timeout', 'internal', 'external', 'rate_limit'] as const;
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

export const isErrorCategory = (value: unknown): value is ErrorCategory => (ERROR_CATEGORIES as readonly unknown[]).includes(value);

/** The standard's typed error class of each category. */
export const TYPED_ERROR: Readonly<Record<ErrorCategory, StandardExport>> = {
  validation: 'ValidationError',
  not_found: 'NotFoundError',
  conflict: 'ConflictError',
  unauthorized: 'UnauthorizedError',
  timeout: 'TimeoutError',
  internal: 'InternalError',
  external: 'ExternalError',
  rate_limit: 'RateLimitError',
};

/** The category each typed error class stands for: the inverse of TYPED_ERROR. */
export const CATEGORY_OF_CLASS: ReadonlyMap<string, ErrorCategory> = new Map(
  Object.entries(TYPED_ERROR).map(([category, name]) => [name, category as ErrorCategory]),
);

/** Retryable categories, as the standard module's CATEGORY_DEFAULTS has them (for the catalog). */
export const RETRYABLE: ReadonlySet<ErrorCategory> = new Set(['timeout', 'external', 'rate_limit']);

/**
 * Phrasings by category, tried in this order; the first category with a match wins. Order
 * matters where a text has two signals: "invalid bid: duplicate" is a conflict, "timeout must be
 * positive" a validation error, "rate limit exceeded: 3 jobs already running" a rate limit.
 */
const PHRASINGS: ReadonlyArray<readonly [ErrorCategory, readonly RegExp[]]> = [
  ['rate_limit', [/\brate[- ]?limit/, /\btoo many requests\b/, /\bquota exceeded\b/]],
  ['unauthorized', [/\bunauthori[sz]ed\b/, /\bunauthenticated\b/, /\bnot authori[sz]ed\b/, /\bpermission denied\b/, /\baccess denied\b/, /\bforbidden\b/, /\bnot allowed\b/]],
  ['not_found', [/\bnot found\b/, /\bdoes not exist\b/, /\bdoesn't exist\b/, /\bno such\b/, /^unknown (?!error)/]],
  ['conflict', [/\balready exists?\b/, /\bduplicate\b/, /\bconflict/]],
  ['validation', [/\binvalid\b/, /\bmust (not )?be\b/, /\bmalformed\b/, /\bmissing\b/, /\brequired\b/]],
  ['timeout', [/\btimed? ?out\b/, /\btimeout\b/, /\bdeadline\b/]],
  ['external', [/\bunavailable\b/, /\bupstream\b/, /\bprovider\b.*\bfailed\b/]],
];

/**
 * Whole texts that mean a standard sentinel. Only the bare phrase qualifies: "order not found"
 * names a specific thing and becomes a module sentinel of its own, "not found" is ErrNotFound.
 * The first phrase of each is the sentinel's own text, as the standard module defines it.
 */
const STANDARD_SENTINEL_PHRASES: ReadonlyArray<readonly [StandardExport, readonly string[]]> = [
  ['ErrNotFound', ['not found', 'does not exist']],
  ['ErrAlreadyExists', ['already exists', 'duplicate']],
  ['ErrInvalidInput', ['invalid input', 'invalid argument', 'invalid']],
  ['ErrUnauthorized', ['unauthorized', 'unauthorised', 'unauthenticated']],
  // "permission denied" is an authenticated caller without the right: HTTP 403, ErrForbidden.
  ['ErrForbidden', ['forbidden', 'permission denied', 'access denied', 'not allowed']],
  ['ErrTimeout', ['timed out', 'timeout', 'deadline exceeded']],
  ['ErrUnavailable', ['unavailable', 'service unavailable']],
  ['ErrRateLimited', ['rate limited', 'rate limit exceeded', 'too many requests']],
  ['ErrCanceled', ['canceled', 'cancelled']],
  ['ErrInternal', ['internal error']],
  ['ErrNotImplemented', ['not implemented']],
];

/** The standard sentinels' own texts (as the standard module defines them): each one's first phrase. */
export const STANDARD_SENTINEL_TEXT: ReadonlyMap<StandardExport, string> = new Map(STANDARD_SENTINEL_PHRASES.map(([name, [text]]) => [name, text!]));

/** Lower case, white space folded, trailing full stops dropped: "Not found." reads "not found". */
function normalize(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim().replace(/\.+$/, '');
}

/** The category a text implies; `internal` when nothing in it says otherwise. */
export function categoryOf(text: string): ErrorCategory {
  const normalized = normalize(text);
  for (const [category, patterns] of PHRASINGS) {
    if (patterns.some((pattern) => pattern.test(normalized))) return category;
  }
  return 'internal';
}

/** The standard sentinel a whole text means (`'not found'` -> `ErrNotFound`), or undefined. */
export function standardSentinelFor(text: string): StandardExport | undefined {
  const normalized = normalize(text);
  return STANDARD_SENTINEL_PHRASES.find(([, phrases]) => phrases.includes(normalized))?.[0];
}
