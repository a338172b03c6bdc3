import type { Kysely } from 'kysely';
import type { DB } from '../../schema';
import { provinceOf } from './province';

/**
 * The committed facts an event points at, read in the aggregator's own transaction. Events carry
 * ids and amounts, not the breakdowns (category, province, store), so the aggregator reads the
 * order's lines as they were committed. This is a read model: it reads the orders, catalog and
 * stores tables and never writes them.
 */
export interface PaidOrderFacts {
  orderId: string;
  campaignId: string;
  customerId: string;
  total: number;
  paidAt: Date;
  lines: LineFacts[];
}

export interface LineFacts {
  lineId: string;
  storeId: string;
  skuId: string;
  /** The top-level category code ('apparel' of 'apparel.women'), for the share chart. */
  category: string;
  province: string;
  quantity: number;
  total: number;
}

const topCategory = (code: string | null | undefined) => (code ?? '').split('.')[0] || 'other';

function linesQuery(db: Kysely<DB>) {
  return db
    .selectFrom('order_lines as l')
    .innerJoin('skus as s', 's.id', 'l.sku_id')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .innerJoin('stores as st', 'st.id', 'l.store_id')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .select([
      'l.id as lineId',
      'l.order_id as orderId',
      'l.store_id as storeId',
      'l.sku_id as skuId',
      'l.quantity',
      'l.total',
      'p.category',
      'st.region',
      'o.shipping_province',
    ]);
}

type LineRow = Awaited<ReturnType<ReturnType<typeof linesQuery>['execute']>>[number];

const toLine = (r: LineRow): LineFacts => ({
  lineId: r.lineId,
  storeId: r.storeId,
  skuId: r.skuId,
  category: topCategory(r.category),
  province: provinceOf({ shippingProvince: r.shipping_province, storeRegion: r.region }),
  quantity: Number(r.quantity),
  total: Number(r.total),
});

/**
 * The order as paid, or null while it is not paid (a deposit-only order, or one not found). One
 * read: the lines with their order's columns (the aggregator's transaction holds the campaign's
 * row lock only after this, but every round trip of the apply counts on the screen's freshness).
 */
export async function paidOrderFacts(db: Kysely<DB>, orderId: string): Promise<PaidOrderFacts | null> {
  const lines = await linesQuery(db)
    .select([
      'o.campaign_id as campaignId',
      'o.customer_id as customerId',
      'o.total as orderTotal',
      'o.paid_at as paidAt',
    ])
    .where('l.order_id', '=', orderId)
    .orderBy('l.id')
    .execute();
  const first = lines[0];
  if (!first) return orderWithoutLines(db, orderId);
  if (!first.paidAt) return null;
  return {
    orderId,
    campaignId: first.campaignId,
    customerId: first.customerId,
    total: Number(first.orderTotal),
    paidAt: new Date(first.paidAt),
    lines: lines.map(toLine),
  };
}

/** An order with no lines (none is made today): counted with its total and no breakdowns. */
async function orderWithoutLines(db: Kysely<DB>, orderId: string): Promise<PaidOrderFacts | null> {
  const order = await db
    .selectFrom('orders')
    .select(['id', 'campaign_id', 'customer_id', 'total', 'paid_at'])
    .where('id', '=', orderId)
    .executeTakeFirst();
  if (!order?.paid_at) return null;
  return {
    orderId: order.id,
    campaignId: order.campaign_id,
    customerId: order.customer_id,
    total: Number(order.total),
    paidAt: new Date(order.paid_at),
    lines: [],
  };
}

/** The refunded line and its order's campaign; null when the order never counted as paid. */
export async function refundedLineFacts(
  db: Kysely<DB>,
  lineId: string,
): Promise<{ campaignId: string; line: LineFacts } | null> {
  const row = await linesQuery(db)
    .select(['o.campaign_id as campaignId', 'o.paid_at as paidAt'])
    .where('l.id', '=', lineId)
    .executeTakeFirst();
  if (!row?.paidAt) return null;
  return { campaignId: row.campaignId, line: toLine(row) };
}
