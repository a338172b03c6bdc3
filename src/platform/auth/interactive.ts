import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, unauthorized } from '../errors';
import { actorGuard } from './actor';

/**
 * A preHandler for changes to credentials and membership: only a person at a signed-in browser
 * session may make them. A leaked or over-shared API key must not be able to change the
 * password, mint more keys, grant roles or join stores, so bearer keys get 403 SESSION_REQUIRED.
 */
export function requireInteractiveSession(what = 'do this') {
  return actorGuard(async (request: FastifyRequest, _reply: FastifyReply) => {
    const actor = request.actor;
    if (!actor) throw unauthorized();
    if (actor.via !== 'session')
      throw new AppError(
        'SESSION_REQUIRED',
        `API keys cannot ${what}; sign in with your password in a browser session`,
        403,
        { via: actor.via },
      );
  });
}
