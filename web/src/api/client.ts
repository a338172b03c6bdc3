/**
 * The pages' error type: every refused call (typed.ts, the generated client underneath) throws an
 * ApiError carrying the server's `{ error: { code, message, details } }`, so pages show their own
 * catalogue text by code. There is no untyped fetch helper left: every call goes through
 * `carnival` in typed.ts. Nothing here shows a toast: the page that made the call owns its one
 * message, so one event never shows two (issue 9 item 7).
 */

export interface FieldIssue {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** A dotted path such as `phases.1.startsAt`, when the server names the offending input. */
    readonly field: string | undefined,
    readonly issues: FieldIssue[],
    readonly details: Record<string, unknown> | undefined,
    /** The `Retry-After` header in seconds, when a refusal (429, 503) says when to come back. */
    readonly retryAfterSec?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

/** The ApiError of a request that never got an answer (offline, DNS, connection reset). */
export function networkError(e: unknown): ApiError {
  return new ApiError(
    0,
    'NETWORK',
    e instanceof Error ? e.message : 'Network error',
    undefined,
    [],
    undefined,
  );
}

/** The ApiError of a refused answer whose body has been read (the typed client reads it). */
export function apiErrorOf(res: Response, body: unknown): ApiError {
  const error = (body as { error?: { code?: string; message?: string; details?: Record<string, unknown> } })
    ?.error;
  const details = error?.details;
  const rawIssues = Array.isArray(details?.issues) ? (details.issues as FieldIssue[]) : [];
  const issues = rawIssues.filter((i) => i && typeof i.field === 'string' && typeof i.message === 'string');
  const field =
    typeof details?.field === 'string' && details.field ? details.field : issues[0]?.field || undefined;
  return new ApiError(
    res.status,
    error?.code ?? `HTTP_${res.status}`,
    error?.message ?? res.statusText ?? 'Request failed',
    field,
    issues,
    details,
    retryAfterOf(res),
  );
}

function retryAfterOf(res: Response): number | undefined {
  const value = Number(res.headers?.get('Retry-After') ?? '');
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
