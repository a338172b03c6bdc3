import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../schema';
import type { Reservation, SlotDefinition } from './model';
import type { SlotSnapshot } from './slot-state';
import type { FlashSaleReservationsTable, FlashSaleSlotsTable } from './tables';

/** SQL of the flash-sales module. The hot path runs none of it per request (see writer.ts). */

type SlotRow = Selectable<FlashSaleSlotsTable>;
type ReservationRow = Selectable<FlashSaleReservationsTable>;

export function toDefinition(r: SlotRow): SlotDefinition {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    skuId: r.sku_id,
    storeId: r.store_id,
    nominationId: r.nomination_id,
    title: r.title,
    listPrice: Number(r.list_price),
    flashPrice: Number(r.flash_price),
    currency: r.currency,
    stock: r.stock,
    perCustomerLimit: r.per_customer_limit,
    checkoutMinutes: r.checkout_minutes,
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
    storedStatus: r.status,
    waitingRoom: r.waiting_room,
    minAccountAgeHours: r.min_account_age_hours,
    limits: {
      slotRatePerSec: r.slot_rate_per_sec,
      customerRatePerSec: r.customer_rate_per_sec,
      ipRatePerSec: r.ip_rate_per_sec,
    },
    soldOutAt: r.sold_out_at ? new Date(r.sold_out_at) : null,
  };
}

export async function findSlotRow(db: Kysely<DB>, id: string): Promise<SlotRow | undefined> {
  return db.selectFrom('flash_sale_slots').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listSlotRows(
  db: Kysely<DB>,
  filter: { campaignId?: string; storeIds?: readonly string[] },
): Promise<SlotRow[]> {
  let q = db.selectFrom('flash_sale_slots').selectAll();
  if (filter.campaignId) q = q.where('campaign_id', '=', filter.campaignId);
  if (filter.storeIds) {
    if (filter.storeIds.length === 0) return [];
    q = q.where('store_id', 'in', [...filter.storeIds]);
  }
  return q.orderBy('starts_at').orderBy('id').limit(500).execute();
}

/** Slots that may still take or give back units: the reconciler and close job look at these. */
export async function openSlotIds(db: Kysely<DB>): Promise<Array<{ id: string; ends_at: Date }>> {
  const rows = await db
    .selectFrom('flash_sale_slots')
    .select(['id', 'ends_at'])
    .where('status', '<>', 'closed')
    .orderBy('ends_at')
    .limit(1000)
    .execute();
  return rows.map((r) => ({ id: r.id, ends_at: new Date(r.ends_at) }));
}

/** The first answer a reservation got, rebuilt byte for byte (status reserved, no order yet). */
export function reservationAnswerText(
  r: Pick<ReservationRow, 'id' | 'slot_id' | 'quantity' | 'deadline'>,
  flashPrice: number,
): string {
  return JSON.stringify({
    reservation: {
      id: r.id,
      slotId: r.slot_id,
      quantity: r.quantity,
      status: 'reserved',
      deadline: new Date(r.deadline).toISOString(),
      flashPrice,
      orderId: null,
    },
  });
}

export function toReservation(r: ReservationRow, flashPrice: number): Reservation {
  return {
    id: r.id,
    slotId: r.slot_id,
    quantity: r.quantity,
    status: r.status,
    deadline: new Date(r.deadline).toISOString(),
    flashPrice,
    orderId: r.order_id,
  };
}

/** Everything the KV copy of a slot is rebuilt from, read at one moment. */
export async function loadSnapshot(
  db: Kysely<DB>,
  slotId: string,
  now: Date,
  stateTtlMs: number,
): Promise<SlotSnapshot | null> {
  return db.transaction().execute(async (trx) => {
    const slot = await trx
      .selectFrom('flash_sale_slots')
      .select(['stock', 'taken', 'flash_price'])
      .where('id', '=', slotId)
      .executeTakeFirst();
    if (!slot) return null;
    const units = await trx
      .selectFrom('flash_sale_customer_units')
      .select(['customer_id', 'units'])
      .where('slot_id', '=', slotId)
      .where('units', '>', 0)
      .execute();
    const reservations = await trx
      .selectFrom('flash_sale_reservations')
      .select(['id', 'slot_id', 'customer_id', 'quantity', 'status', 'idempotency_key', 'deadline'])
      .where('slot_id', '=', slotId)
      .execute();
    const flashPrice = Number(slot.flash_price);
    return {
      remaining: slot.stock - slot.taken,
      units: units.map((u) => [u.customer_id, u.units] as [string, number]),
      live: reservations
        .filter((r) => r.status === 'reserved')
        .map((r) => ({
          customerId: r.customer_id,
          reservationId: r.id,
          quantity: r.quantity,
          ttlMs: Math.max(1, new Date(r.deadline).getTime() - now.getTime()),
        })),
      answers: reservations.map((r) => ({
        customerId: r.customer_id,
        idempotencyKey: r.idempotency_key,
        text: reservationAnswerText(r, flashPrice),
      })),
      ended: reservations.filter((r) => r.status !== 'reserved' && r.status !== 'ordered').map((r) => r.id),
      stateTtlMs,
    };
  });
}
