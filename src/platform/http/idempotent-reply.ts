import type { FastifyReply } from 'fastify';
import type { IdempotentResult } from './idempotency';
import { checkStoredAnswer } from './response-serializer';

export const REPLAYED_HEADER = 'idempotent-replayed';

/**
 * Sends an idempotent answer as its stored text, the first time and on every replay, so a
 * retry gets the very same bytes. A replay is flagged with `idempotent-replayed: true`, and a
 * replayed refusal that carried `retryAfterSeconds` gets its Retry-After header again. Text skips
 * the serializer, so under tests it is checked against the route's response schema here.
 */
export function sendIdempotent<T>(reply: FastifyReply, result: IdempotentResult<T>) {
  checkStoredAnswer(reply.request, result.status, result.text);
  if (result.replayed) {
    reply.header(REPLAYED_HEADER, 'true');
    const retryAfter = (result.body as { error?: { details?: { retryAfterSeconds?: unknown } } } | null)
      ?.error?.details?.retryAfterSeconds;
    if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  }
  return reply.status(result.status).type('application/json; charset=utf-8').send(result.text);
}
