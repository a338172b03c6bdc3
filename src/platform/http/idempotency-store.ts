import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../schema';

/**
 * The SQL of claim-first idempotency (idempotency.ts holds the protocol). Every statement but
 * `completeInWork` runs on its own, outside the work's transaction, so a claim is visible to
 * every other process the moment it is taken and costs no lock while the work runs.
 */

export interface KeyIds {
  scope: string;
  key: string;
  fingerprint: string;
}

export type KeyRow = Awaited<ReturnType<typeof readKey>>;

/** Inserts the key's row holding a fresh claim; null when a row is there already. */
export async function insertClaim(db: Kysely<DB>, ids: KeyIds): Promise<string | null> {
  const token = randomUUID();
  const row = await db
    .insertInto('idempotency_keys')
    .values({
      scope: ids.scope,
      key: ids.key,
      request_hash: ids.fingerprint,
      status_code: null,
      response: null,
      claim_token: token,
      locked_at: sql<Date>`now()`,
    })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return row ? token : null;
}

export const readKey = (db: Kysely<DB>, ids: KeyIds) =>
  db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status_code', 'response', 'response_text', 'claim_token', 'completed_at'])
    .where('scope', '=', ids.scope)
    .where('key', '=', ids.key)
    .executeTakeFirst();

/**
 * A stored answer: completed under this scheme, or a row from before it (no claim, a status).
 * Rows from before migration 0010 are marked completed by it; the second test covers a row a
 * process of the old code wrote during a rolling upgrade.
 */
export const isComplete = (row: NonNullable<KeyRow>) =>
  row.completed_at !== null || (row.claim_token === null && row.status_code !== null);

/** The stored answer's exact text (old rows kept only jsonb, which is re-serialized). */
export const storedText = (row: NonNullable<KeyRow>) =>
  row.response_text ?? JSON.stringify(row.response ?? null);

/**
 * Takes over a claim whose holder went quiet for longer than the lease (a crashed process):
 * conditional on the claim being the one seen, still open, and old by the database's clock, so
 * of several processes taking it over one wins, and a holder that finishes first keeps it.
 */
export async function takeOverStale(
  db: Kysely<DB>,
  ids: KeyIds,
  seenToken: string | null,
  leaseMs: number,
): Promise<string | null> {
  const token = randomUUID();
  const row = await db
    .updateTable('idempotency_keys')
    .set({ claim_token: token, locked_at: sql<Date>`now()` })
    .where('scope', '=', ids.scope)
    .where('key', '=', ids.key)
    .where('completed_at', 'is', null)
    .where('status_code', 'is', null)
    .where((eb) => (seenToken === null ? eb('claim_token', 'is', null) : eb('claim_token', '=', seenToken)))
    .where(
      sql<Date>`coalesce(locked_at, created_at)`,
      '<',
      sql<Date>`now() - make_interval(secs => ${leaseMs / 1000})`,
    )
    .returning('key')
    .executeTakeFirst();
  return row ? token : null;
}

/**
 * Stores the answer, conditional on still holding the claim; false means the claim was taken
 * over. A success is stored with the work's transaction (`trx`), so the work and its answer
 * commit together; a refusal on its own, after the work rolled back.
 */
export async function storeAnswer(
  db: Kysely<DB>,
  ids: KeyIds,
  token: string,
  answer: { status: number; text: string },
): Promise<boolean> {
  const row = await answerUpdate(db, ids, token, answer).executeTakeFirst();
  return row !== undefined;
}

/**
 * storeAnswer's UPDATE, not yet run: a work that wants its answer stored in one of its own
 * statements (a data-modifying CTE) embeds this, and a row back means the claim was still held.
 */
export const answerUpdate = (
  db: Pick<Kysely<DB>, 'updateTable'>,
  ids: KeyIds,
  token: string,
  answer: { status: number; text: string },
) =>
  db
    .updateTable('idempotency_keys')
    .set({
      status_code: answer.status,
      response_text: answer.text,
      claim_token: null,
      completed_at: sql<Date>`now()`,
    })
    .where('scope', '=', ids.scope)
    .where('key', '=', ids.key)
    .where('claim_token', '=', token)
    .returning('key');

/** Gives the key up after a failure that is not an answer (5xx, a crash), so a retry runs again. */
export async function releaseClaim(db: Kysely<DB>, ids: KeyIds, token: string): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('scope', '=', ids.scope)
    .where('key', '=', ids.key)
    .where('claim_token', '=', token)
    .execute();
}
