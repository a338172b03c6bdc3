import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { AppError } from '../errors';
import { isScope, type RouteScope } from './scopes';

/** Routes under this prefix must declare a scope; the docs, probes and the sandbox are not the API. */
const API_PREFIX = '/api/';

export const insufficientScope = (requiredScope: string, granted: readonly string[]) =>
  new AppError('INSUFFICIENT_SCOPE', `This API key lacks the scope ${requiredScope}`, 403, {
    requiredScope,
    grantedScopes: [...granted],
  });

/** The check one route gets: sessions and anonymous callers pass (the role guard decides). */
export function scopeCheck(scope: RouteScope): onRequestAsyncHookHandler {
  return async (request: FastifyRequest) => {
    const actor = request.actor;
    if (actor?.via !== 'api_key' || scope === 'unscoped') return;
    if (scope === 'session-only')
      throw new AppError(
        'SESSION_REQUIRED',
        'API keys cannot call this; sign in with your password in a browser session',
        403,
        { via: actor.via },
      );
    const granted = actor.apiKey?.scopes ?? [];
    if (!granted.includes(scope)) throw insufficientScope(scope, granted);
  };
}

/**
 * Every /api route declares what a key needs (`config: { scope }`), or the server does not start:
 * a route added later cannot forget, and fall open to every key. The check runs in onRequest,
 * after the actor is resolved and the key's rate is counted, before any role guard or body
 * validation: a key without the scope learns nothing about the route but the scope it needs.
 * Register before the routes (it acts in onRoute).
 */
export function installScopeGuards(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith(API_PREFIX)) return;
    const scope = route.config?.scope;
    const methods = [route.method].flat().join(',');
    if (scope === undefined)
      throw new Error(
        `${methods} ${route.url} declares no scope: add config: { scope } (platform/auth/scopes.ts)`,
      );
    if (scope !== 'session-only' && scope !== 'unscoped' && !isScope(scope))
      throw new Error(`${methods} ${route.url} declares an unknown scope: ${String(scope)}`);
    const existing = route.onRequest ? [route.onRequest].flat() : [];
    route.onRequest = [...existing, scopeCheck(scope)] as typeof route.onRequest;
  });
}

/** The OpenAPI extension naming the scope of an operation, for partners, the SDK and the scope test. */
export const SCOPE_EXTENSION = 'x-carnival-scope';
/** Marks the creating routes that accept Idempotency-Key (platform/http/idempotent-route.ts). */
export const IDEMPOTENT_EXTENSION = 'x-carnival-idempotent';

/** Wraps @fastify/swagger's transform so every operation says what an API key needs (and which take Idempotency-Key). */
export function withScopeInDocs<I extends { route: { config?: unknown } }, O extends { schema?: unknown }>(
  transform: (input: I) => O,
): (input: I) => O {
  return (input) => {
    const out = transform(input);
    const config = input.route.config as { scope?: RouteScope; idempotent?: boolean } | undefined;
    if (!config?.scope) return out;
    const marks = {
      [SCOPE_EXTENSION]: config.scope,
      ...(config.idempotent ? { [IDEMPOTENT_EXTENSION]: true } : {}),
    };
    return { ...out, schema: { ...(out.schema as object), ...marks } };
  };
}
