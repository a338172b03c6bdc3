import { type Kysely, sql } from 'kysely';
import type { DB } from '../../schema';
import type { Campaign } from '../campaigns';
import type { ScreenSnapshot } from './schemas';

/** How much of the per-second series a snapshot carries, and how many top rows. */
export const SNAPSHOT_WINDOW_SECONDS = 120;
const TOP = 10;

type BreakdownTable =
  | 'analytics_by_category'
  | 'analytics_by_province'
  | 'analytics_by_store'
  | 'analytics_by_sku';

const rows = (db: Kysely<DB>, table: BreakdownTable, campaignId: string, limit?: number) => {
  let q = db
    .selectFrom(table)
    .select(['key', 'gmv', 'orders', 'units'])
    .where('campaign_id', '=', campaignId)
    .orderBy('gmv', 'desc')
    .orderBy('key');
  if (limit) q = q.limit(limit);
  return q
    .execute()
    .then((rs) =>
      rs.map((r) => ({ key: r.key, gmv: Number(r.gmv), orders: Number(r.orders), units: Number(r.units) })),
    );
};

/**
 * What the big screen shows, read from the aggregator's sums (a handful of small indexed reads,
 * shared by every client of the campaign through the hub).
 */
export async function readSnapshot(db: Kysely<DB>, campaign: Campaign, now: Date): Promise<ScreenSnapshot> {
  const since = Math.floor(now.getTime() / 1000) - SNAPSHOT_WINDOW_SECONDS;
  // Independent reads, all at once: on PostgreSQL they go out together on pooled connections
  // (one round trip's wait per change, where it was three, and nine before that); PGlite runs
  // them in turn either way. The top stores and SKUs carry their names by a join.
  const [row, seconds, byCategory, byProvince, stores, skus, slots] = await Promise.all([
    db
      .selectFrom('analytics_campaigns')
      .select(['seq', 'gmv', 'orders', 'buyers', 'refund_amount', 'refunds', 'updated_at'])
      .where('campaign_id', '=', campaign.id)
      .executeTakeFirst(),
    db
      .selectFrom('analytics_seconds')
      .select(['t', 'gmv', 'orders'])
      .where('campaign_id', '=', campaign.id)
      .where('t', '>', since)
      .orderBy('t')
      .execute(),
    rows(db, 'analytics_by_category', campaign.id),
    rows(db, 'analytics_by_province', campaign.id),
    db
      .selectFrom('analytics_by_store as a')
      .leftJoin('stores as st', 'st.id', 'a.key')
      .select(['a.key', 'a.gmv', 'a.orders', 'a.units', 'st.name'])
      .where('a.campaign_id', '=', campaign.id)
      .orderBy('a.gmv', 'desc')
      .orderBy('a.key')
      .limit(TOP)
      .execute(),
    db
      .selectFrom('analytics_by_sku as a')
      .leftJoin('skus as s', 's.id', 'a.key')
      .leftJoin('products as p', 'p.id', 's.product_id')
      .select(['a.key', 'a.gmv', 'a.orders', 'a.units', 'p.title', 's.store_id'])
      .where('a.campaign_id', '=', campaign.id)
      .orderBy('a.gmv', 'desc')
      .orderBy('a.key')
      .limit(TOP)
      .execute(),
    db
      .selectFrom('flash_sale_slots')
      .select(['id', 'title', 'stock', 'taken', 'starts_at', 'ends_at', 'sold_out_at'])
      .where('campaign_id', '=', campaign.id)
      .orderBy('starts_at')
      .orderBy(sql`id`)
      .limit(50)
      .execute(),
  ]);
  const head = {
    seq: Number(row?.seq ?? 0),
    gmv: Number(row?.gmv ?? 0),
    orders: Number(row?.orders ?? 0),
    buyers: Number(row?.buyers ?? 0),
    refundAmount: Number(row?.refund_amount ?? 0),
  };
  const figures = (r: { key: string; gmv: unknown; orders: unknown; units: unknown }) => ({
    key: r.key,
    gmv: Number(r.gmv),
    orders: Number(r.orders),
    units: Number(r.units),
  });
  return {
    campaignId: campaign.id,
    seq: head.seq,
    at: now.toISOString(),
    lastEventAt: row ? new Date(row.updated_at).toISOString() : null,
    currency: 'CNY',
    gmv: head.gmv,
    orders: head.orders,
    buyers: head.buyers,
    refundAmount: head.refundAmount,
    refunds: Number(row?.refunds ?? 0),
    perSecond: seconds.map((s) => ({ t: Number(s.t), gmv: Number(s.gmv), orders: Number(s.orders) })),
    byCategory,
    byProvince,
    topStores: stores.map((s) => ({ ...figures(s), name: s.name ?? s.key })),
    topSkus: skus.map((s) => ({ ...figures(s), title: s.title ?? s.key, storeId: s.store_id ?? '' })),
    flashSales: slots.map((s) => {
      const startsAt = new Date(s.starts_at);
      const soldOutAt = s.sold_out_at ? new Date(s.sold_out_at) : null;
      return {
        slotId: s.id,
        title: s.title,
        stock: Number(s.stock),
        taken: Number(s.taken),
        startsAt: startsAt.toISOString(),
        endsAt: new Date(s.ends_at).toISOString(),
        soldOutAt: soldOutAt?.toISOString() ?? null,
        sellOutSeconds: soldOutAt
          ? Math.max(0, Math.round((soldOutAt.getTime() - startsAt.getTime()) / 1000))
          : null,
      };
    }),
    campaign: {
      title: campaign.title,
      timezone: campaign.timezone,
      startsAt: campaign.startsAt,
      endsAt: campaign.endsAt,
      phases: campaign.phases,
    },
  };
}
