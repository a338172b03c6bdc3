import type { Kysely } from 'kysely';
import type { DB } from '../../schema';

/** Who may see an order's events: its campaign and the stores it bought from (webhooks' fan-out). */
export interface OrderScope {
  campaignId: string;
  storeIds: string[];
}

export async function orderScope(db: Kysely<DB>, orderId: string): Promise<OrderScope | null> {
  const order = await db
    .selectFrom('orders')
    .select('campaign_id')
    .where('id', '=', orderId)
    .executeTakeFirst();
  if (!order) return null;
  const subs = await db.selectFrom('sub_orders').select('store_id').where('order_id', '=', orderId).execute();
  return { campaignId: order.campaign_id, storeIds: [...new Set(subs.map((s) => s.store_id))] };
}

/** A sub-order's one store, with its order's campaign. */
export async function subOrderScope(db: Kysely<DB>, subOrderId: string): Promise<OrderScope | null> {
  const row = await db
    .selectFrom('sub_orders')
    .innerJoin('orders', 'orders.id', 'sub_orders.order_id')
    .select(['sub_orders.store_id', 'orders.campaign_id'])
    .where('sub_orders.id', '=', subOrderId)
    .executeTakeFirst();
  return row ? { campaignId: row.campaign_id, storeIds: [row.store_id] } : null;
}
