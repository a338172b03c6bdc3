import type { FastifyInstance } from 'fastify';
import { currentRequestContext } from '../../platform/request-context';
import { SESSION_COOKIE } from './model';
import type { AccountsService } from './service';

/**
 * Resolves `request.actor` once per request: a bearer API key (partners, scripts) wins over
 * the session cookie (the web). Unknown credentials leave the actor null; routes decide.
 * The credential also goes into the request context, so the audit log can say which session
 * or key did something without every service passing it along.
 */
/** Probes answer without credentials, and must not need the database a session lookup would. */
const PROBES = new Set(['/healthz', '/readyz']);

export function installActorResolution(app: FastifyInstance, accounts: AccountsService): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    if (PROBES.has(request.url.split('?')[0]!)) return;
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer '))
      request.actor = await accounts.authenticateApiKey(header.slice(7).trim());
    else {
      const token = request.cookies?.[SESSION_COOKIE];
      if (token) request.actor = await accounts.authenticateSession(token);
    }
    const context = currentRequestContext();
    if (context && request.actor?.credentialId) {
      context.credentialId = request.actor.credentialId;
      context.credentialKind = request.actor.via;
      if (request.actor.apiKey) context.apiKey = request.actor.apiKey;
    }
  });
}
