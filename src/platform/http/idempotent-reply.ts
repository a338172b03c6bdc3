import type { FastifyReply } from 'fastify';
import type { IdempotentResult } from './idempotency';

export const REPLAYED_HEADER = 'idempotent-replayed';

/**
 * Sends an idempotent answer as its stored text, the first time and on every replay, so a
 * retry gets the very same bytes. A replay is flagged with `idempotent-replayed: true`, and a
 * replayed refusal that carried `retryAfterSeconds` gets its Retry-After header again.
 */
export function sendIdempotent<T>(reply: FastifyReply, result: IdempotentResult<T>) {
  if (result.replayed) {
    reply.header(REPLAYED_HEADER, 'true');
    const retryAfter = (result.body as { error?: { details?: { retryAfterSeconds?: unknown } } } | null)
      ?.error?.details?.retryAfterSeconds;
    if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  }
  return reply.status(result.status).type('application/json; charset=utf-8').send(result.text);
}
