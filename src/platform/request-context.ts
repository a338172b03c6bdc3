import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';
import type { ApiKeyGrant } from './auth/scopes';

/**
 * Who is asking and from where, for the code deep below the routes that must record it (the
 * audit log, limits) without every service signature growing a `request` parameter. Set once
 * per HTTP request; outside a request (jobs, the CLI, the seed) it is empty.
 */
export interface RequestContext {
  ip: string;
  userAgent: string | null;
  /** `ses_...` or `key_...` once the actor is resolved; null for anonymous requests. */
  credentialId: string | null;
  credentialKind: 'session' | 'api_key' | null;
  /** API keys only: what the key is limited to, for the checks deep below (merchants.storeIdsOf). */
  apiKey?: ApiKeyGrant;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Runs `fn` with a context (tests, or code that acts on behalf of a recorded request). */
export function withRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/**
 * Opens the context at the start of every request. Register before the actor resolution hook,
 * which fills in the credential (the object is shared, so later hooks may complete it).
 */
export function installRequestContext(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    const ua = request.headers['user-agent'];
    storage.run(
      {
        ip: request.ip,
        userAgent: typeof ua === 'string' ? ua.slice(0, 500) : null,
        credentialId: null,
        credentialKind: null,
      },
      done,
    );
  });
}
