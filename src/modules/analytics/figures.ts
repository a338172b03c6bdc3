import { type Kysely, sql } from 'kysely';
import type { DB } from '../../schema';
import type { StoreFigures } from './schemas';

/**
 * Figures computed by SQL over the committed orders and refunds (the system of record), not
 * from the screen's sums: the merchant analytics and the report must equal the books, and
 * test/analytics.*.test.ts checks the screen against them.
 */

const TOP = 10;

/** Paid order lines of a campaign, optionally of one store. */
function paidLines(db: Kysely<DB>, campaignId: string, storeId?: string) {
  let q = db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .where('o.campaign_id', '=', campaignId)
    .where('o.paid_at', 'is not', null);
  if (storeId) q = q.where('l.store_id', '=', storeId);
  return q;
}

function approvedRefunds(db: Kysely<DB>, campaignId: string, storeId?: string) {
  let q = db
    .selectFrom('refunds as r')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .where('o.campaign_id', '=', campaignId)
    .where('o.paid_at', 'is not', null)
    .where('r.status', '=', 'approved');
  if (storeId) q = q.where('r.store_id', '=', storeId);
  return q;
}

/** Hour buckets of paid_at (UTC instants; the page shows them in the campaign's zone). */
export async function hourlyCurve(db: Kysely<DB>, campaignId: string, storeId?: string) {
  const rows = await paidLines(db, campaignId, storeId)
    .select([
      sql<Date>`date_trunc('hour', o.paid_at)`.as('hour'),
      sql<string>`SUM(l.total)`.as('gmv'),
      sql<string>`COUNT(DISTINCT o.id)`.as('orders'),
    ])
    .groupBy(sql`date_trunc('hour', o.paid_at)`)
    .orderBy(sql`date_trunc('hour', o.paid_at)`)
    .execute();
  return rows.map((r) => ({
    hour: new Date(r.hour).toISOString(),
    gmv: Number(r.gmv),
    orders: Number(r.orders),
  }));
}

export async function topSkus(db: Kysely<DB>, campaignId: string, storeId?: string) {
  const rows = await paidLines(db, campaignId, storeId)
    .select([
      'l.sku_id',
      sql<string>`MIN(l.title)`.as('title'),
      sql<string>`SUM(l.total)`.as('gmv'),
      sql<string>`SUM(l.quantity)`.as('units'),
      sql<string>`COUNT(DISTINCT o.id)`.as('orders'),
    ])
    .groupBy('l.sku_id')
    .orderBy(sql`SUM(l.total)`, 'desc')
    .orderBy('l.sku_id')
    .limit(TOP)
    .execute();
  return rows.map((r) => ({
    skuId: r.sku_id,
    title: r.title,
    gmv: Number(r.gmv),
    units: Number(r.units),
    orders: Number(r.orders),
  }));
}

/** Distinct visitors of the campaign (or of one store in it), from POST /api/analytics/visits. */
export async function visitors(db: Kysely<DB>, campaignId: string, storeId?: string): Promise<number> {
  let q = db
    .selectFrom('analytics_visits')
    .select(sql<string>`COUNT(DISTINCT visitor)`.as('n'))
    .where('campaign_id', '=', campaignId);
  if (storeId) q = q.where('store_id', '=', storeId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export const basisPoints = (part: number, whole: number) =>
  whole > 0 ? Math.round((part * 10_000) / whole) : 0;

/** One store in one campaign (生意参谋). */
export async function storeFigures(
  db: Kysely<DB>,
  campaignId: string,
  storeId: string,
): Promise<StoreFigures> {
  const sold = await paidLines(db, campaignId, storeId)
    .select([
      sql<string>`COALESCE(SUM(l.total), 0)`.as('gross'),
      sql<string>`COUNT(DISTINCT o.id)`.as('orders'),
      sql<string>`COUNT(DISTINCT o.customer_id)`.as('buyers'),
    ])
    .executeTakeFirstOrThrow();
  const refunded = await approvedRefunds(db, campaignId, storeId)
    .select([sql<string>`COALESCE(SUM(r.amount), 0)`.as('amount'), sql<string>`COUNT(*)`.as('n')])
    .executeTakeFirstOrThrow();
  const grossGmv = Number(sold.gross);
  const refundAmount = Number(refunded.amount);
  const orders = Number(sold.orders);
  const buyers = Number(sold.buyers);
  const seen = await visitors(db, campaignId, storeId);
  return {
    campaignId,
    visitors: seen,
    buyers,
    conversionBp: basisPoints(buyers, seen),
    orders,
    gmv: grossGmv - refundAmount,
    grossGmv,
    refundAmount,
    refunds: Number(refunded.n),
    averageOrderValue: orders > 0 ? Math.round(grossGmv / orders) : 0,
    topSkus: await topSkus(db, campaignId, storeId),
    hourly: await hourlyCurve(db, campaignId, storeId),
  };
}

/** Stores by GMV net of their approved refunds. */
export async function topStores(db: Kysely<DB>, campaignId: string) {
  const gross = await paidLines(db, campaignId)
    .innerJoin('stores as s', 's.id', 'l.store_id')
    .select([
      'l.store_id',
      sql<string>`MIN(s.name)`.as('name'),
      sql<string>`SUM(l.total)`.as('gmv'),
      sql<string>`COUNT(DISTINCT o.id)`.as('orders'),
    ])
    .groupBy('l.store_id')
    .execute();
  const refunds = new Map(
    (
      await approvedRefunds(db, campaignId)
        .select(['r.store_id', sql<string>`SUM(r.amount)`.as('amount')])
        .groupBy('r.store_id')
        .execute()
    ).map((r) => [r.store_id, Number(r.amount)]),
  );
  return gross
    .map((g) => ({
      storeId: g.store_id,
      name: g.name,
      gmv: Number(g.gmv) - (refunds.get(g.store_id) ?? 0),
      orders: Number(g.orders),
    }))
    .sort((a, b) => b.gmv - a.gmv || (a.storeId < b.storeId ? -1 : 1))
    .slice(0, TOP);
}

export async function topCategories(db: Kysely<DB>, campaignId: string) {
  const rows = await paidLines(db, campaignId)
    .innerJoin('skus as s', 's.id', 'l.sku_id')
    .innerJoin('products as p', 'p.id', 's.product_id')
    .select([
      'p.category',
      sql<string>`SUM(l.total)`.as('gmv'),
      sql<string>`SUM(l.quantity)`.as('units'),
      sql<string>`COUNT(DISTINCT o.id)`.as('orders'),
    ])
    .groupBy('p.category')
    .orderBy(sql`SUM(l.total)`, 'desc')
    .orderBy('p.category')
    .limit(TOP)
    .execute();
  return rows.map((r) => ({
    category: r.category,
    gmv: Number(r.gmv),
    units: Number(r.units),
    orders: Number(r.orders),
  }));
}

/** Who paid for the discounts of the campaign's paid orders. */
export async function discountsByFunder(db: Kysely<DB>, campaignId: string) {
  const r = await db
    .selectFrom('orders')
    .select([
      sql<string>`COALESCE(SUM(merchant_funded), 0)`.as('merchant'),
      sql<string>`COALESCE(SUM(platform_funded), 0)`.as('platform'),
      sql<string>`COALESCE(SUM(allowance_used), 0)`.as('allowance'),
      sql<string>`COALESCE(SUM(discount), 0)`.as('total'),
    ])
    .where('campaign_id', '=', campaignId)
    .where('paid_at', 'is not', null)
    .executeTakeFirstOrThrow();
  return {
    merchant: Number(r.merchant),
    platform: Number(r.platform),
    allowance: Number(r.allowance),
    total: Number(r.total),
  };
}

/** Buyers whose first paid order anywhere on the platform is in this campaign. */
export async function newBuyers(db: Kysely<DB>, campaignId: string): Promise<number> {
  const r = await sql<{ n: string }>`
    SELECT COUNT(*) AS n FROM (
      SELECT customer_id, MIN(paid_at) AS first_paid FROM orders
      WHERE campaign_id = ${campaignId} AND paid_at IS NOT NULL GROUP BY customer_id
    ) b
    WHERE NOT EXISTS (
      SELECT 1 FROM orders o2
      WHERE o2.customer_id = b.customer_id AND o2.campaign_id <> ${campaignId}
        AND o2.paid_at IS NOT NULL AND o2.paid_at < b.first_paid
    )`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

export async function flashSaleResults(db: Kysely<DB>, campaignId: string) {
  const slots = await db
    .selectFrom('flash_sale_slots')
    .select(['id', 'title', 'stock', 'taken', 'starts_at', 'sold_out_at'])
    .where('campaign_id', '=', campaignId)
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
  return slots.map((s) => {
    const soldOutAt = s.sold_out_at ? new Date(s.sold_out_at) : null;
    return {
      slotId: s.id,
      title: s.title,
      stock: Number(s.stock),
      sold: Number(s.taken),
      soldOutAt: soldOutAt?.toISOString() ?? null,
      sellOutSeconds: soldOutAt
        ? Math.max(0, Math.round((soldOutAt.getTime() - new Date(s.starts_at).getTime()) / 1000))
        : null,
    };
  });
}
