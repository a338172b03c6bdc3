/**
 * The web app's API client: `carnival/client` (client/, generated from the server's OpenAPI
 * document by `npm run build:client`), so paths, bodies and answers are the server's own types
 * and a server change the pages depend on fails `npm run typecheck`. Nothing here restates a
 * server model: pages take theirs from `Schemas['Name']`.
 *
 *   const campaign = await call(carnival.GET('/api/campaigns/{id}', { params: { path: { id } } }));
 *
 * `call` turns openapi-fetch's `{ data, error }` into the data, or throws the same ApiError the
 * pages already handle (code for the catalogue, the field, Retry-After).
 */
import { createCarnivalClient, type Schemas as GeneratedSchemas } from '../../../client/index.js';
import { apiErrorOf, networkError } from './client';

export type Schemas = GeneratedSchemas;

export const carnival = createCarnivalClient({ baseUrl: '', credentials: 'same-origin' });

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The answer's data, or the refusal as an ApiError (NETWORK when the request never got an answer). */
export async function call<T>(pending: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await pending;
  } catch (e) {
    throw networkError(e);
  }
  if (!result.response.ok) throw apiErrorOf(result.response, result.error);
  return result.data as T;
}

/** The headers of a POST that moves money or stock: the caller's key, reused on a retry of the same intent. */
export const idempotent = (key: string) => ({ 'Idempotency-Key': key });
