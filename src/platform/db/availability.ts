/**
 * Which database errors mean "the database cannot serve this now" rather than "this request is
 * wrong". Those are answered with 503 DATABASE_UNAVAILABLE and a Retry-After instead of a 500:
 * a restart, a failover or a stall is the operator's problem, not the caller's, and a client
 * that retries a little later will succeed.
 *
 * A transaction whose connection died is never half-written: PostgreSQL rolls back whatever
 * was not committed when the backend goes away, so retrying the request is safe (requests that
 * move money also carry an Idempotency-Key, so a retry of one that did commit is a replay).
 */

// SQLSTATE classes and codes (PostgreSQL appendix A).
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, a fast shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, shutting down, recovery
  '57P05', // idle_session_timeout
  '57014', // query_canceled: our statement_timeout fired
  '25P03', // idle_in_transaction_session_timeout
  '53300', // too_many_connections
]);

const UNAVAILABLE_NODE_CODES = new Set([
  'CARNIVAL_DB_QUEUE_TIMEOUT', // the embedded database's queue (pglite-driver.ts)
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// node-postgres and pg-pool report these as plain Errors with no code.
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'is not queryable',
  'Connection ended unexpectedly',
  'terminating connection',
];

export function isDatabaseUnavailableError(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 3) return false;
  const { code, message, errors, cause } = err as {
    code?: unknown;
    message?: unknown;
    errors?: unknown;
    cause?: unknown;
  };
  if (typeof code === 'string') {
    if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_NODE_CODES.has(code)) return true;
    // Class 08: connection exception.
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => message.includes(m))) return true;
  // Node reports a refused dual-stack connect as an AggregateError of one error per address.
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailableError(e, depth + 1))) return true;
  return cause !== undefined && isDatabaseUnavailableError(cause, depth + 1);
}
