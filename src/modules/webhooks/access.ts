import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import { notFound } from '../../platform/errors';
import { type IdempotentResult, requestFingerprint, runIdempotent } from '../../platform/http/idempotency';
import type { DB } from '../../schema';
import { findEndpoint } from './store';

/** The actor's own endpoint; an operator may manage any. Someone else's is 404, as if absent. */
export async function ownedEndpoint(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await findEndpoint(db, id);
  if (!row || (row.owner_id !== actor.userId && actor.role !== 'operator'))
    throw notFound('Webhook endpoint', id);
  return row;
}

/**
 * Runs a write in a transaction. With an Idempotency-Key (optional on these routes, as at
 * Stripe), a retry gets the first answer (issue 13 item 5); without one it simply runs.
 */
export async function runOptionallyIdempotent<T>(
  db: Kysely<DB>,
  actor: Actor,
  what: string,
  request: unknown[],
  key: string | undefined,
  work: (trx: Kysely<DB>) => Promise<{ status: number; body: T }>,
): Promise<IdempotentResult<T>> {
  if (key)
    return runIdempotent(
      db,
      { scope: `${what}:${actor.userId}`, key, fingerprint: requestFingerprint([what, ...request]) },
      work,
    );
  const result = await db.transaction().execute(work);
  return { ...result, text: JSON.stringify(result.body), replayed: false };
}
