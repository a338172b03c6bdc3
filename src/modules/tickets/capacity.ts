import { type Kysely, sql } from 'kysely';
import { conflict } from '../../platform/errors';
import type { DB } from '../../schema';

/**
 * Quota counters. Every move is one conditional UPDATE per quota, in quota-id order (so two
 * buyers whose carts share quotas lock them in the same order and never deadlock); a move that
 * does not fit matches no row, and the caller's transaction rolls the earlier ones back.
 */
export type Moves = Record<string, number>;

export async function quotaIdsOf(db: Kysely<DB>, typeIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(typeIds.map((t) => [t, []]));
  if (typeIds.length === 0) return out;
  const rows = await db
    .selectFrom('ticket_quota_types')
    .select(['quota_id', 'type_id'])
    .where('type_id', 'in', typeIds)
    .execute();
  for (const r of rows) out.get(r.type_id)?.push(r.quota_id);
  return out;
}

export function addMoves(moves: Moves, quotaIds: string[], n: number): void {
  for (const q of quotaIds) moves[q] = (moves[q] ?? 0) + n;
}

const ordered = (moves: Moves) =>
  Object.entries(moves)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** Holds seats: `held += n` where `size - held - sold >= n`. 409 SOLD_OUT naming the quota. */
export async function take(trx: Kysely<DB>, moves: Moves, typeOf?: (quotaId: string) => string) {
  for (const [id, n] of ordered(moves)) {
    const row = await trx
      .updateTable('ticket_quotas')
      .set({ held: sql`held + ${n}` })
      .where('id', '=', id)
      .where(sql<boolean>`size - held - sold >= ${n}`)
      .returning('id')
      .executeTakeFirst();
    if (!row) throw conflict('SOLD_OUT', 'Not enough tickets left', { quotaId: id, typeId: typeOf?.(id) });
  }
}

/** Like take, but answers false instead of throwing (the waiting list's "is a seat free?"). */
export async function tryTake(trx: Kysely<DB>, moves: Moves): Promise<boolean> {
  try {
    await take(trx, moves);
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === 'SOLD_OUT') return false;
    throw e;
  }
}

export async function giveBack(trx: Kysely<DB>, moves: Moves): Promise<void> {
  for (const [id, n] of ordered(moves))
    await trx
      .updateTable('ticket_quotas')
      .set({ held: sql`held - ${n}` })
      .where('id', '=', id)
      .execute();
}

/** Held seats become sold (payment, or a free order confirmed). */
export async function commitSold(trx: Kysely<DB>, moves: Moves): Promise<void> {
  for (const [id, n] of ordered(moves))
    await trx
      .updateTable('ticket_quotas')
      .set({ held: sql`held - ${n}`, sold: sql`sold + ${n}` })
      .where('id', '=', id)
      .execute();
}

/** A cancelled or refunded ticket frees its seat. */
export async function unsell(trx: Kysely<DB>, moves: Moves): Promise<void> {
  for (const [id, n] of ordered(moves))
    await trx
      .updateTable('ticket_quotas')
      .set({ sold: sql`sold - ${n}` })
      .where('id', '=', id)
      .execute();
}

/** Seats a type can still sell: the minimum over its quotas of size - held - sold (0 without one). */
export async function availability(db: Kysely<DB>, typeIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>(typeIds.map((t) => [t, 0]));
  if (typeIds.length === 0) return out;
  const rows = await db
    .selectFrom('ticket_quota_types as qt')
    .innerJoin('ticket_quotas as q', 'q.id', 'qt.quota_id')
    .select(['qt.type_id', sql<number>`min(q.size - q.held - q.sold)`.as('free')])
    .where('qt.type_id', 'in', typeIds)
    .groupBy('qt.type_id')
    .execute();
  for (const r of rows) out.set(r.type_id, Math.max(0, Number(r.free)));
  return out;
}
