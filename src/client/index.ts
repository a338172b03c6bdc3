/**
 * `carnival/client`: a typed client for the Carnival API, generated from the server's own OpenAPI
 * document (client/schema.d.ts, by `npm run build:client`) over openapi-fetch. Paths, parameters,
 * bodies, answers and errors are all typed from the document, so a server change that a caller
 * depends on fails the caller's type-check.
 *
 *   const carnival = createCarnivalClient({ baseUrl: 'https://carnival.example', apiKey: 'ck_live_...' });
 *   const { data, error } = await carnival.GET('/api/campaigns/{id}', { params: { path: { id } } });
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from '../../client/schema';

export type { components, paths };
/** The named models of the API (`Schemas['Campaign']`...). */
export type Schemas = components['schemas'];
/** The error envelope of every 4xx and 5xx answer. */
export type ApiErrorBody = components['schemas']['ApiError'];
export type CarnivalClient = Client<paths>;

export interface CarnivalClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** The server, e.g. `https://carnival.example` (no trailing `/api`); '' for the same origin. */
  baseUrl: string;
  /** A partner API key (`ck_live_...`), sent as a bearer token. Browsers use the session cookie instead. */
  apiKey?: string;
}

export function createCarnivalClient({
  baseUrl,
  apiKey,
  headers,
  ...rest
}: CarnivalClientOptions): CarnivalClient {
  return createClient<paths>({
    baseUrl: baseUrl.replace(/\/+$/, ''),
    headers: {
      accept: 'application/json',
      ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
      ...headers,
    },
    ...rest,
  });
}

/** A fresh Idempotency-Key for a POST that creates or moves something; reuse it when retrying that POST. */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}
