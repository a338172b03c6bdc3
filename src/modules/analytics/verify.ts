import { type Kysely, sql } from 'kysely';
import type { DB } from '../../schema';

/** The three headline figures, as the screen shows them or as SQL over the orders says. */
export interface Headline {
  gmv: number;
  orders: number;
  buyers: number;
  refundAmount: number;
}

export interface Verification {
  campaignId: string;
  screen: Headline & { seq: number };
  database: Headline;
  /** screen - database, per figure: all zero at any quiescent moment. */
  difference: Headline;
  equal: boolean;
}

/**
 * The truth the screen must equal: paid orders (paid_at is set when the last payment lands, and
 * never unset: order.closed is unpaid-only) and the approved refunds of those orders.
 */
export async function headlineFromOrders(db: Kysely<DB>, campaignId: string): Promise<Headline> {
  const paid = await db
    .selectFrom('orders')
    .select([
      sql<string>`COALESCE(SUM(total), 0)`.as('total'),
      sql<string>`COUNT(*)`.as('orders'),
      sql<string>`COUNT(DISTINCT customer_id)`.as('buyers'),
    ])
    .where('campaign_id', '=', campaignId)
    .where('paid_at', 'is not', null)
    .executeTakeFirstOrThrow();
  const refunded = await db
    .selectFrom('refunds as r')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .select(sql<string>`COALESCE(SUM(r.amount), 0)`.as('amount'))
    .where('o.campaign_id', '=', campaignId)
    .where('o.paid_at', 'is not', null)
    .where('r.status', '=', 'approved')
    .executeTakeFirstOrThrow();
  const refundAmount = Number(refunded.amount);
  return {
    gmv: Number(paid.total) - refundAmount,
    orders: Number(paid.orders),
    buyers: Number(paid.buyers),
    refundAmount,
  };
}

export async function headlineFromScreen(
  db: Kysely<DB>,
  campaignId: string,
): Promise<Headline & { seq: number }> {
  const row = await db
    .selectFrom('analytics_campaigns')
    .select(['seq', 'gmv', 'orders', 'buyers', 'refund_amount'])
    .where('campaign_id', '=', campaignId)
    .executeTakeFirst();
  return {
    seq: Number(row?.seq ?? 0),
    gmv: Number(row?.gmv ?? 0),
    orders: Number(row?.orders ?? 0),
    buyers: Number(row?.buyers ?? 0),
    refundAmount: Number(row?.refund_amount ?? 0),
  };
}

export async function verifyCampaign(db: Kysely<DB>, campaignId: string): Promise<Verification> {
  const [screen, database] = await Promise.all([
    headlineFromScreen(db, campaignId),
    headlineFromOrders(db, campaignId),
  ]);
  const difference = {
    gmv: screen.gmv - database.gmv,
    orders: screen.orders - database.orders,
    buyers: screen.buyers - database.buyers,
    refundAmount: screen.refundAmount - database.refundAmount,
  };
  return {
    campaignId,
    screen,
    database,
    difference,
    equal: Object.values(difference).every((d) => d === 0),
  };
}
