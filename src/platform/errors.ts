/**
 * Errors with stable codes. Expected business outcomes (sold out, threshold not met) are
 * returned as typed results by the engines; everything else is thrown as an AppError and
 * mapped once, in http/error-handler.ts, to `{ error: { code, message, details } }`.
 */
export type ErrorDetails = Record<string, unknown> | undefined;

export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** 400: the request itself is malformed; `field` names the offending input (a dotted path). */
export const badRequest = (message: string, field?: string, details?: ErrorDetails) =>
  new AppError('BAD_REQUEST', message, 400, { ...(field ? { field } : {}), ...details });

/** 422: well-formed but breaks a rule (phase overlaps, threshold invalid, ...). */
export const unprocessable = (code: string, message: string, details?: ErrorDetails) =>
  new AppError(code, message, 422, details);

export const unauthorized = (message = 'Sign in first') => new AppError('UNAUTHORIZED', message, 401);

export const forbidden = (message = 'Your role does not allow this', details?: ErrorDetails) =>
  new AppError('FORBIDDEN', message, 403, details);

export const notFound = (what: string, id?: string) =>
  new AppError('NOT_FOUND', `${what} not found`, 404, id ? { id } : undefined);

export const conflict = (code: string, message: string, details?: ErrorDetails) =>
  new AppError(code, message, 409, details);

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/**
 * 429: a limit was reached. `retryAfterSeconds` goes into `details` and into the
 * `Retry-After` header (the error handler copies it), so clients and proxies both see it.
 */
export const tooManyRequests = (
  code: string,
  message: string,
  retryAfterSeconds: number,
  details?: ErrorDetails,
) =>
  new AppError(code, message, 429, {
    ...details,
    retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)),
  });

/**
 * 503: a dependency (database, KV, bus) cannot serve the request now; answered at once rather
 * than after a long wait. `retryAfterSeconds` becomes the `Retry-After` header.
 */
export const serviceUnavailable = (
  code: string,
  message: string,
  retryAfterSeconds = 2,
  details?: ErrorDetails,
) =>
  new AppError(code, message, 503, {
    ...details,
    retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)),
  });
