import type { Kysely } from 'kysely';
import { newId } from '../../src/platform/ids';
import type { DB } from '../../src/schema';

/**
 * Flash-sale rows for the orders side's tests, written the way the design's stock accounting
 * says (docs/flash-sales.md): a slot carves its stock out of the SKU and the nomination in one
 * transaction; a reservation counts its units in the slot's `taken` and the customer's units.
 * The orders side only reads and moves these rows through flash-sales/order-claims.ts, so
 * these tests do not depend on the reservation hot path (KV, group commit).
 */

export interface TestSlot {
  id: string;
  campaignId: string;
  skuId: string;
  nominationId: string;
  flashPrice: number;
  listPrice: number;
  stock: number;
}

export async function carveSlot(
  db: Kysely<DB>,
  o: {
    campaignId: string;
    skuId: string;
    flashPrice: number;
    stock: number;
    startsAt: Date;
    endsAt: Date;
    createdBy: string;
    perCustomerLimit?: number;
    checkoutMinutes?: number;
  },
): Promise<TestSlot> {
  return db.transaction().execute(async (trx) => {
    const sku = await trx
      .updateTable('skus')
      .set((eb) => ({ stock: eb('stock', '-', o.stock) }))
      .where('id', '=', o.skuId)
      .where('stock', '>=', o.stock)
      .returning(['id', 'price', 'store_id'])
      .executeTakeFirstOrThrow();
    const nomination = await trx
      .updateTable('nominations')
      .set((eb) => ({ campaign_sold: eb('campaign_sold', '+', o.stock) }))
      .where('campaign_id', '=', o.campaignId)
      .where('sku_id', '=', o.skuId)
      .where('status', '=', 'approved')
      .where((eb) => eb(eb('campaign_sold', '+', o.stock), '<=', eb.ref('campaign_stock')))
      .returning(['id', 'title'])
      .executeTakeFirstOrThrow();
    const id = newId('fsl');
    const now = new Date();
    await trx
      .insertInto('flash_sale_slots')
      .values({
        id,
        campaign_id: o.campaignId,
        sku_id: o.skuId,
        store_id: sku.store_id,
        nomination_id: nomination.id,
        title: nomination.title,
        list_price: Number(sku.price),
        flash_price: o.flashPrice,
        stock: o.stock,
        per_customer_limit: o.perCustomerLimit ?? 1,
        checkout_minutes: o.checkoutMinutes ?? 5,
        starts_at: o.startsAt,
        ends_at: o.endsAt,
        paused_at: null,
        slot_rate_per_sec: null,
        customer_rate_per_sec: null,
        ip_rate_per_sec: null,
        sold_out_at: null,
        created_by: o.createdBy,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return {
      id,
      campaignId: o.campaignId,
      skuId: o.skuId,
      nominationId: nomination.id,
      flashPrice: o.flashPrice,
      listPrice: Number(sku.price),
      stock: o.stock,
    };
  });
}

/** A live reservation as the group-commit writer stores it: taken and the customer's units count it. */
export async function reserveDirect(
  db: Kysely<DB>,
  slot: Pick<TestSlot, 'id'>,
  customerId: string,
  o: { quantity?: number; now: Date; checkoutMinutes?: number },
): Promise<string> {
  const quantity = o.quantity ?? 1;
  const id = newId('fsr');
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('flash_sale_slots')
      .set((eb) => ({ taken: eb('taken', '+', quantity) }))
      .where('id', '=', slot.id)
      .where((eb) => eb(eb('taken', '+', quantity), '<=', eb.ref('stock')))
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('flash_sale_customer_units')
      .values({ slot_id: slot.id, customer_id: customerId, units: quantity })
      .onConflict((oc) =>
        oc.columns(['slot_id', 'customer_id']).doUpdateSet((eb) => ({
          units: eb('flash_sale_customer_units.units', '+', quantity),
        })),
      )
      .execute();
    await trx
      .insertInto('flash_sale_reservations')
      .values({
        id,
        slot_id: slot.id,
        customer_id: customerId,
        quantity,
        status: 'reserved',
        idempotency_key: `k-${id}`,
        deadline: new Date(o.now.getTime() + (o.checkoutMinutes ?? 5) * 60_000),
        order_id: null,
        created_at: o.now,
        ended_at: null,
      })
      .execute();
  });
  return id;
}

/** The counters the stock invariant is checked on. */
export async function flashCounters(db: Kysely<DB>, slot: TestSlot, customerId?: string) {
  const [row, sku, nomination, units] = await Promise.all([
    db
      .selectFrom('flash_sale_slots')
      .select(['taken', 'stock'])
      .where('id', '=', slot.id)
      .executeTakeFirstOrThrow(),
    db.selectFrom('skus').select('stock').where('id', '=', slot.skuId).executeTakeFirstOrThrow(),
    db
      .selectFrom('nominations')
      .select('campaign_sold')
      .where('id', '=', slot.nominationId)
      .executeTakeFirstOrThrow(),
    customerId
      ? db
          .selectFrom('flash_sale_customer_units')
          .select('units')
          .where('slot_id', '=', slot.id)
          .where('customer_id', '=', customerId)
          .executeTakeFirst()
      : undefined,
  ]);
  return {
    taken: row.taken,
    skuStock: sku.stock,
    campaignSold: nomination.campaign_sold,
    customerUnits: units?.units ?? 0,
  };
}

/** A live reservation ended as the sweeper or a cancel ends it: its units leave taken and the customer's. */
export async function endReservationDirect(
  db: Kysely<DB>,
  reservationId: string,
  status: 'expired' | 'cancelled',
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('flash_sale_reservations')
      .set({ status, ended_at: new Date() })
      .where('id', '=', reservationId)
      .where('status', '=', 'reserved')
      .returning(['slot_id', 'customer_id', 'quantity'])
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('flash_sale_slots')
      .set((eb) => ({ taken: eb('taken', '-', r.quantity) }))
      .where('id', '=', r.slot_id)
      .execute();
    await trx
      .updateTable('flash_sale_customer_units')
      .set((eb) => ({ units: eb('units', '-', r.quantity) }))
      .where('slot_id', '=', r.slot_id)
      .where('customer_id', '=', r.customer_id)
      .execute();
  });
}
