import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, requireInteractiveSession } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import type { Sessions } from './sessions';

/** How long a typed password (sign-in or POST /api/auth/reauthenticate) covers sensitive actions. */
export const REAUTH_WINDOW_MS = 5 * 60 * 1000;

export type RecentAuthGuard = (
  what: string,
) => (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * A preHandler for security-sensitive changes (API keys, roles, store membership): a browser
 * session only (API keys get 403 SESSION_REQUIRED), whose holder typed the password within
 * the last five minutes, or who sends it again as `currentPassword` in the body. A walked-away
 * laptop or a stolen session cookie alone is then not enough.
 */
export function createRecentAuthGuard(
  sessions: Pick<Sessions, 'confirmPassword'>,
  clock: Clock,
): RecentAuthGuard {
  return (what) => {
    const interactive = requireInteractiveSession(what);
    return async (request, reply) => {
      await interactive(request, reply);
      const actor = actorOf(request);
      const body = request.body as { currentPassword?: unknown } | null | undefined;
      const currentPassword = typeof body === 'object' && body ? body.currentPassword : undefined;
      if (typeof currentPassword === 'string' && currentPassword.length > 0) {
        await sessions.confirmPassword(actor, currentPassword, request.ip, 'currentPassword');
        return;
      }
      const at = actor.recentAuthAt?.getTime();
      if (at !== undefined && clock.now().getTime() - at <= REAUTH_WINDOW_MS) return;
      throw new AppError(
        'REAUTH_REQUIRED',
        'Confirm your password first: POST /api/auth/reauthenticate, or send currentPassword with this request',
        403,
        { field: 'currentPassword', windowSeconds: REAUTH_WINDOW_MS / 1000 },
      );
    };
  };
}
