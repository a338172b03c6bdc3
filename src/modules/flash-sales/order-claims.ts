import type { Kysely } from 'kysely';
import { recordEvent } from '../../platform/bus';
import { AppError, conflict, notFound } from '../../platform/errors';
import type { DB } from '../../schema';
import { releaseStock } from '../catalog';
import { releaseCampaignStock } from '../enrollment';
import { reservationNotLive } from './errors';

/**
 * The orders side of a reservation (issue 15): the checkout claims it for an order, and an
 * unpaid order that closes gives its units back to the slot. Both run inside the orders
 * module's transaction, so the order and the reservation change together or not at all, and
 * both are conditional status transitions (`reserved -> ordered`, `ordered -> released`), so
 * of two racers (a checkout and the expiry sweeper, two closers of one order) exactly one
 * moves the row and the other changes nothing.
 *
 * Lock order: the reservation row, then the slot row, then (closed slot only) the SKU and the
 * nomination: the order of the expiry sweeper and of the slot's close.
 */

/** 409: the reservation's checkout window passed (the sweeper may not have expired it yet). */
export const reservationExpired = (id: string, deadline: Date) =>
  conflict('RESERVATION_EXPIRED', 'This reservation expired before it was checked out', {
    id,
    deadline: deadline.toISOString(),
  });

/** What a checkout needs of a claimed reservation and its slot. Amounts in fen. */
export interface ClaimedReservation {
  reservation: { id: string; slotId: string; customerId: string; quantity: number; deadline: Date };
  slot: {
    id: string;
    campaignId: string;
    skuId: string;
    storeId: string;
    nominationId: string;
    title: string;
    listPrice: number;
    flashPrice: number;
    currency: string;
    checkoutMinutes: number;
    endsAt: Date;
  };
}

/**
 * Claims a live reservation of `customerId` for `orderId`: `reserved -> ordered` while its
 * deadline is still ahead. The unit stays counted in the slot's `taken` and the customer's
 * units (it is now an ordered unit); nothing else moves. Refusals: another customer's or a
 * missing reservation is 404 (not a hint it exists), a passed deadline 409
 * RESERVATION_EXPIRED, any other state (ordered, cancelled, released) 409
 * RESERVATION_NOT_LIVE with the status (and the order, when ordered).
 */
export async function claimReservationForOrder(
  trx: Kysely<DB>,
  input: { reservationId: string; customerId: string; orderId: string; now: Date },
): Promise<ClaimedReservation> {
  const { reservationId, customerId, orderId, now } = input;
  const claimed = await trx
    .updateTable('flash_sale_reservations')
    .set({ status: 'ordered', order_id: orderId })
    .where('id', '=', reservationId)
    .where('customer_id', '=', customerId)
    .where('status', '=', 'reserved')
    .where('deadline', '>', now)
    .returning(['id', 'slot_id', 'customer_id', 'quantity', 'deadline'])
    .executeTakeFirst();
  if (!claimed) {
    const current = await trx
      .selectFrom('flash_sale_reservations')
      .select(['customer_id', 'status', 'deadline', 'order_id'])
      .where('id', '=', reservationId)
      .executeTakeFirst();
    if (!current || current.customer_id !== customerId) throw notFound('Reservation', reservationId);
    if (current.status === 'reserved' || current.status === 'expired')
      throw reservationExpired(reservationId, new Date(current.deadline));
    const refusal = reservationNotLive(current.status);
    if (!current.order_id) throw refusal;
    // An ordered one names its order, so a client that lost the first answer finds it.
    throw new AppError(refusal.code, refusal.message, refusal.status, {
      ...refusal.details,
      orderId: current.order_id,
    });
  }
  const slot = await trx
    .selectFrom('flash_sale_slots')
    .select([
      'id',
      'campaign_id',
      'sku_id',
      'store_id',
      'nomination_id',
      'title',
      'list_price',
      'flash_price',
      'currency',
      'checkout_minutes',
      'ends_at',
    ])
    .where('id', '=', claimed.slot_id)
    .executeTakeFirstOrThrow();
  // The KV still marks the customer's live reservation; flash-sales clears it from this event
  // (a customer under a limit above 1 may reserve again once this one is ordered).
  await recordEvent(
    trx,
    'flash_sale.reservation_ordered',
    {
      reservationId,
      slotId: claimed.slot_id,
      customerId,
      quantity: claimed.quantity,
      orderId,
    },
    { now: () => now },
  );
  return {
    reservation: {
      id: claimed.id,
      slotId: claimed.slot_id,
      customerId: claimed.customer_id,
      quantity: claimed.quantity,
      deadline: new Date(claimed.deadline),
    },
    slot: {
      id: slot.id,
      campaignId: slot.campaign_id,
      skuId: slot.sku_id,
      storeId: slot.store_id,
      nominationId: slot.nomination_id,
      title: slot.title,
      // bigint columns arrive as strings over node-postgres.
      listPrice: Number(slot.list_price),
      flashPrice: Number(slot.flash_price),
      currency: slot.currency,
      checkoutMinutes: slot.checkout_minutes,
      endsAt: new Date(slot.ends_at),
    },
  };
}

/** Where a released unit went: back into its slot, or (slot already closed) to the SKU. */
export type ReleasedTo = 'slot' | 'sku';

/**
 * Gives back the units of an unpaid order's reservations: `ordered -> released`, then per
 * reservation `taken -= quantity` on its slot and the customer's units, and an outbox event
 * `flash_sale.reservation_released` from which flash-sales returns the unit to the KV once
 * (by the reservation id). Call it in the transaction that closes the order; the conditional
 * transition makes a second call (a sweep racing a cancel) a no-op.
 *
 * A slot that was already closed has given its unsold units (stock - taken) back to the SKU
 * and the nomination; a unit released after that goes there too (the normal stock path). Either
 * way `taken` drops, so `taken` is always live + ordered units and, once closed, `stock - taken`
 * is what the slot gave back. Which way is decided by the status the UPDATE lowering `taken`
 * returns: against the close's own conditional UPDATE of that row, one of the two goes first
 * and the other sees its result (a release first is returned by the close with the rest).
 *
 * Returns the released reservation ids.
 */
export async function releaseReservationsOfOrder(
  trx: Kysely<DB>,
  input: { orderId: string; now: Date },
): Promise<string[]> {
  const { orderId, now } = input;
  const released = await trx
    .updateTable('flash_sale_reservations')
    .set({ status: 'released', ended_at: now })
    .where('order_id', '=', orderId)
    .where('status', '=', 'ordered')
    .returning(['id', 'slot_id', 'customer_id', 'quantity'])
    .execute();
  // Slot by slot in id order, so two orders' releases lock slots in the same order.
  released.sort((a, b) => (a.slot_id < b.slot_id ? -1 : a.slot_id > b.slot_id ? 1 : 0));
  for (const r of released) {
    const slot = await trx
      .updateTable('flash_sale_slots')
      .set((eb) => ({ taken: eb('taken', '-', r.quantity), updated_at: now }))
      .where('id', '=', r.slot_id)
      .where('taken', '>=', r.quantity)
      .returning(['status', 'campaign_id', 'sku_id', 'nomination_id'])
      .executeTakeFirst();
    // Every ordered unit was counted in `taken` when it was reserved.
    if (!slot) throw new Error(`slot ${r.slot_id} counts fewer units than reservation ${r.id} holds`);
    let to: ReleasedTo = 'slot';
    if (slot.status === 'closed') {
      await releaseStock(trx, slot.sku_id, r.quantity);
      await releaseCampaignStock(trx, slot.campaign_id, slot.sku_id, r.quantity, slot.nomination_id);
      to = 'sku';
    }
    await trx
      .updateTable('flash_sale_customer_units')
      .set((eb) => ({ units: eb('units', '-', r.quantity) }))
      .where('slot_id', '=', r.slot_id)
      .where('customer_id', '=', r.customer_id)
      .where('units', '>=', r.quantity)
      .execute();
    await recordEvent(
      trx,
      'flash_sale.reservation_released',
      {
        reservationId: r.id,
        slotId: r.slot_id,
        customerId: r.customer_id,
        quantity: r.quantity,
        orderId,
        releasedTo: to,
      },
      { now: () => now },
    );
  }
  return released.map((r) => r.id);
}
