import { type Kysely, sql, type Transaction } from 'kysely';
import { recordEvent } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { DB } from '../../schema';
import { releaseStock } from '../catalog';
import { releaseCampaignStock } from '../enrollment';
import type { SlotStateStore } from './slot-state';
import { STATE_TTL_MS } from './slot-state';

/**
 * Units coming back: a reservation that expired or was cancelled gives its unit back to the
 * slot (PG first, in the transaction that moves it out of `reserved`; then the KV, at most once
 * by the per-reservation released marker), and a slot that ended gives its unsold units back
 * to the SKU and the nomination, once, by the conditional `-> closed` transition.
 */
export interface EndedReservation {
  id: string;
  slot_id: string;
  customer_id: string;
  quantity: number;
}

export interface LifecycleDeps {
  db: Kysely<DB>;
  clock: Clock;
  state: SlotStateStore;
  logger?: Logger;
  onEventsRecorded?: () => void;
}

const BATCH = 200;

/** Gives the ended reservations' units back in PG (call in the transaction that ended them). */
export async function giveBackInPg(trx: Transaction<DB>, rows: readonly EndedReservation[]): Promise<void> {
  const perSlot = new Map<string, number>();
  const perCustomer = new Map<string, { slot: string; customer: string; n: number }>();
  for (const r of rows) {
    perSlot.set(r.slot_id, (perSlot.get(r.slot_id) ?? 0) + r.quantity);
    const k = `${r.slot_id}\u0000${r.customer_id}`;
    const c = perCustomer.get(k) ?? { slot: r.slot_id, customer: r.customer_id, n: 0 };
    c.n += r.quantity;
    perCustomer.set(k, c);
  }
  for (const slotId of [...perSlot.keys()].sort()) {
    const n = perSlot.get(slotId)!;
    await trx
      .updateTable('flash_sale_slots')
      .set({ taken: sql`taken - ${n}` })
      .where('id', '=', slotId)
      .where('taken', '>=', n)
      .execute();
  }
  for (const c of perCustomer.values())
    await trx
      .updateTable('flash_sale_customer_units')
      .set({ units: sql`units - ${c.n}` })
      .where('slot_id', '=', c.slot)
      .where('customer_id', '=', c.customer)
      .where('units', '>=', c.n)
      .execute();
}

/** After the commit: the units go back to the KV (idempotent; the reconciler retries a failure). */
export async function giveBackInKv(
  state: SlotStateStore,
  rows: readonly EndedReservation[],
  logger?: Logger,
) {
  await Promise.all(
    rows.map((r) =>
      state
        .release(r.slot_id, {
          reservationId: r.id,
          customerId: r.customer_id,
          quantity: r.quantity,
          markerTtlMs: STATE_TTL_MS,
        })
        .catch((err) =>
          logger?.warn({ err, reservationId: r.id }, 'flash-sale unit not returned to the KV yet'),
        ),
    ),
  );
}

/** One pass of the expiry sweeper: live reservations past their deadline become expired. */
export async function expireDue(deps: LifecycleDeps, now: Date = deps.clock.now()): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await deps.db.transaction().execute(async (trx) => {
      // SKIP LOCKED: sweepers of N processes take different rows; a cancel holding one wins it.
      const due = await trx
        .selectFrom('flash_sale_reservations')
        .select('id')
        .where('status', '=', 'reserved')
        .where('deadline', '<=', now)
        .orderBy('deadline')
        .limit(BATCH)
        .forUpdate()
        .skipLocked()
        .execute();
      if (due.length === 0) return [];
      const ended = await trx
        .updateTable('flash_sale_reservations')
        .set({ status: 'expired', ended_at: now })
        .where(
          'id',
          'in',
          due.map((d) => d.id),
        )
        .where('status', '=', 'reserved')
        .returning(['id', 'slot_id', 'customer_id', 'quantity'])
        .execute();
      await giveBackInPg(trx, ended);
      for (const r of ended)
        await recordEvent(
          trx,
          'flash_sale.reservation_expired',
          { reservationId: r.id, slotId: r.slot_id, customerId: r.customer_id, quantity: r.quantity },
          { now: () => now },
        );
      return ended;
    });
    if (rows.length === 0) break;
    total += rows.length;
    deps.onEventsRecorded?.();
    await giveBackInKv(deps.state, rows, deps.logger);
    if (rows.length < BATCH) break;
  }
  return total;
}

/**
 * Closes slots that ended and hold no live reservation (one past the end may still be checked
 * out until its deadline): their unsold units go back to the SKU and the nomination, exactly
 * once, guarded by the conditional status transition.
 */
export async function closeEnded(deps: LifecycleDeps, now: Date = deps.clock.now()): Promise<number> {
  const candidates = await deps.db
    .selectFrom('flash_sale_slots')
    .select('id')
    .where('status', '<>', 'closed')
    .where('ends_at', '<=', now)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('flash_sale_reservations')
            .select('id')
            .whereRef('flash_sale_reservations.slot_id', '=', 'flash_sale_slots.id')
            .where('flash_sale_reservations.status', '=', 'reserved'),
        ),
      ),
    )
    .limit(BATCH)
    .execute();
  let closed = 0;
  for (const { id } of candidates) {
    const done = await deps.db.transaction().execute(async (trx) => {
      const slot = await trx
        .updateTable('flash_sale_slots')
        .set({ status: 'closed', updated_at: now })
        .where('id', '=', id)
        .where('status', '<>', 'closed')
        .returning(['id', 'campaign_id', 'sku_id', 'nomination_id', 'stock', 'taken'])
        .executeTakeFirst();
      if (!slot) return false;
      const unsold = slot.stock - slot.taken;
      if (unsold > 0) {
        await releaseStock(trx, slot.sku_id, unsold);
        await releaseCampaignStock(trx, slot.campaign_id, slot.sku_id, unsold, slot.nomination_id);
      }
      await recordEvent(
        trx,
        'flash_sale.closed',
        { slotId: slot.id, stock: slot.stock, sold: slot.taken, returned: unsold },
        { now: () => now },
      );
      return true;
    });
    if (done) closed++;
  }
  if (closed) deps.onEventsRecorded?.();
  return closed;
}
