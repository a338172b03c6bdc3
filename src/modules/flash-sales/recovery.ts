import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock';
import type { Kv } from '../../platform/kv';
import type { Logger } from '../../platform/logger';
import type { DB } from '../../schema';
import { type SlotStateStore, STATE_TTL_MS } from './slot-state';
import { loadSnapshot, openSlotIds, reservationAnswerText } from './store';

/**
 * Keeping the KV copy honest:
 * - rebuild: a slot without its `ready` key (never warmed, or Redis restarted empty) is rebuilt
 *   from PostgreSQL under a KV lock, by one process; requests meanwhile get 503 SLOT_WARMING.
 *   When PG already has reservations (a restart, not a first warm-up) it waits `graceMs` first,
 *   so batches whose KV take happened before the restart land in PG before the snapshot.
 * - reconcile: pending entries older than `staleMs` whose row PG does not have are a crashed
 *   process's (or a lost flush's) and are given back; those PG has are finalised. Units of
 *   reservations that ended recently are released again (idempotent by the released marker),
 *   in case the process that ended them could not reach the KV. At a quiet moment a remaining
 *   that differs from PG's stock - taken is repaired.
 */
export interface Recovery {
  ensureReady(slotId: string): Promise<boolean>;
  reconcile(now?: Date): Promise<{ returned: number; finalised: number; released: number; repaired: number }>;
}

export interface RecoveryOptions {
  db: Kysely<DB>;
  kv: Kv;
  state: SlotStateStore;
  clock: Clock;
  logger?: Logger;
  graceMs?: number;
  staleMs?: number;
  stateTtlMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createRecovery(o: RecoveryOptions): Recovery {
  const { db, kv, state, clock } = o;
  const graceMs = o.graceMs ?? 250;
  const staleMs = o.staleMs ?? 10_000;
  const stateTtlMs = o.stateTtlMs ?? STATE_TTL_MS;
  const building = new Map<string, Promise<boolean>>();

  async function rebuild(slotId: string): Promise<boolean> {
    const lock = await kv.acquireLock(`fs-rebuild:${slotId}`, 15_000);
    if (!lock) {
      // Another process is rebuilding: wait for it briefly.
      for (let i = 0; i < 20; i++) {
        await sleep(25);
        if (await state.isReady(slotId)) return true;
      }
      return false;
    }
    try {
      if (await state.isReady(slotId)) return true;
      const first = await db
        .selectFrom('flash_sale_reservations')
        .select('id')
        .where('slot_id', '=', slotId)
        .limit(1)
        .executeTakeFirst();
      if (first) await sleep(graceMs);
      const snapshot = await loadSnapshot(db, slotId, clock.now(), stateTtlMs);
      if (!snapshot) return false;
      await state.rebuild(slotId, snapshot);
      o.logger?.info({ slotId, remaining: snapshot.remaining }, 'flash-sale slot state rebuilt');
      return true;
    } finally {
      await lock.release().catch(() => undefined);
    }
  }

  /**
   * At a quiet moment (nothing pending) the copy must read stock - taken. It may not after a
   * Redis restart: a batch taken before the restart can land in PG after the rebuild's snapshot.
   * PG refuses what that copy over-grants, so it is never an oversell, but it would show stock
   * that is not there; this puts it right, conditionally (see repairRemaining).
   */
  async function repairDrift(slotId: string): Promise<boolean> {
    const observed = await state.quietRemaining(slotId);
    if (observed === null) return false;
    const slot = await db
      .selectFrom('flash_sale_slots')
      .select(['stock', 'taken'])
      .where('id', '=', slotId)
      .executeTakeFirst();
    if (!slot || slot.stock - slot.taken === observed) return false;
    const repaired = await state.repairRemaining(slotId, observed, slot.stock - slot.taken);
    if (repaired)
      o.logger?.warn({ slotId, observed, correct: slot.stock - slot.taken }, 'flash-sale remaining repaired');
    return repaired;
  }

  return {
    ensureReady(slotId) {
      const running = building.get(slotId);
      if (running) return running;
      const p = rebuild(slotId).finally(() => building.delete(slotId));
      building.set(slotId, p);
      return p;
    },

    async reconcile(now = clock.now()) {
      const result = { returned: 0, finalised: 0, released: 0, repaired: 0 };
      for (const { id: slotId } of await openSlotIds(db)) {
        if (!(await state.isReady(slotId))) continue;
        const stale = await state.stalePending(slotId, now.getTime() - staleMs);
        if (stale.length > 0) {
          const rows = await db
            .selectFrom('flash_sale_reservations')
            .innerJoin('flash_sale_slots', 'flash_sale_slots.id', 'flash_sale_reservations.slot_id')
            .select([
              'flash_sale_reservations.id',
              'flash_sale_reservations.slot_id',
              'flash_sale_reservations.quantity',
              'flash_sale_reservations.deadline',
              'flash_sale_slots.flash_price',
            ])
            .where(
              'flash_sale_reservations.id',
              'in',
              stale.map((e) => e.reservationId),
            )
            .execute();
          const inPg = new Map(rows.map((r) => [r.id, r]));
          const done = [];
          for (const entry of stale) {
            const row = inPg.get(entry.reservationId);
            if (row) done.push({ entry, answerText: reservationAnswerText(row, Number(row.flash_price)) });
            else if (await state.compensate(slotId, entry, null)) result.returned++;
          }
          if (done.length) {
            await state.commit(slotId, done);
            result.finalised += done.length;
          }
        }
        if (await repairDrift(slotId)) result.repaired++;
        const ended = await db
          .selectFrom('flash_sale_reservations')
          .select(['id', 'customer_id', 'quantity'])
          .where('slot_id', '=', slotId)
          .where('status', 'in', ['expired', 'cancelled', 'released'])
          .where('ended_at', '>', new Date(now.getTime() - 60_000))
          .where('ended_at', '<=', new Date(now.getTime() - 2_000))
          .limit(1000)
          .execute();
        for (const r of ended)
          if (
            await state.release(slotId, {
              reservationId: r.id,
              customerId: r.customer_id,
              quantity: r.quantity,
              markerTtlMs: stateTtlMs,
            })
          )
            result.released++;
      }
      if (result.returned + result.released + result.repaired > 0)
        o.logger?.warn(result, 'flash-sale reconciler returned units');
      return result;
    },
  };
}
