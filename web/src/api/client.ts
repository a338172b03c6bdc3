/**
 * A small typed fetch client. JSON in and out, cookies on the same origin, and every
 * failure thrown as an ApiError carrying the server's `{ error: { code, message, details } }`.
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

type Query = Record<string, string | number | boolean | readonly string[] | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
    } else params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  return apiErrorOf(res, body);
}

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

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<T> {
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json', ...headers },
  };
  if (body !== undefined) {
    init.headers = { ...init.headers, 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (e) {
    throw networkError(e);
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T>(path: string, query?: Query) => request<T>('DELETE', withQuery(path, query)),
  /** A POST that moves money or stock: the caller's Idempotency-Key, reused on a retry of the same intent. */
  postIdempotent: <T>(path: string, key: string, body?: unknown) =>
    request<T>('POST', path, body ?? {}, { 'Idempotency-Key': key }),
};
