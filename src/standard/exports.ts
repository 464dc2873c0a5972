/** The names the standard error module exports (SPEC section 1); edits may use any of them. */
export const STANDARD_EXPORTS = [
  'CodedError',
  'ValidationError',
  'NotFoundError',
  'ConflictError',
  'UnauthorizedError',
  'TimeoutError',
  'InternalError',
  'ExternalError',
  'RateLimitError',
  'ErrNotFound',
  'ErrAlreadyExists',
  'ErrInvalidInput',
  'ErrUnauthorized',
  'ErrForbidden',
  'ErrTimeout',
  'ErrUnavailable',
  'ErrRateLimited',
  'ErrCanceled',
  'ErrInternal',
  'ErrNotImplemented',
  'sentinel',
  'is',
  'as',
  'wrap',
  'withContext',
  'must',
  'safeGo',
  'detach',
  'safeCallback',
  'setReporter',
  'getMetrics',
  'resetMetrics',
  'setMetricsHook',
] as const;

export type StandardExport = (typeof STANDARD_EXPORTS)[number];

export function isStandardExport(name: string): name is StandardExport {
  return (STANDARD_EXPORTS as readonly string[]).includes(name);
}
