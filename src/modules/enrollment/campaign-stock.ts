import type { Kysely } from 'kysely';
import type { DB } from '../../schema';

/**
 * A campaign's stock of a SKU (the approved nomination's `campaign_stock`) is sold through one
 * conditional UPDATE: `campaign_sold + qty <= campaign_stock`, decided by RETURNING. A CHECK
 * constraint (migration 0008) backs it up. Call inside the caller's transaction.
 */
export async function reserveCampaignStock(
  trx: Kysely<DB>,
  campaignId: string,
  skuId: string,
  qty: number,
): Promise<{ nominationId: string; sold: number; stock: number } | null> {
  const row = await trx
    .updateTable('nominations')
    .set((eb) => ({ campaign_sold: eb('campaign_sold', '+', qty) }))
    .where('campaign_id', '=', campaignId)
    .where('sku_id', '=', skuId)
    .where('status', '=', 'approved')
    .where((eb) => eb(eb('campaign_sold', '+', qty), '<=', eb.ref('campaign_stock')))
    .returning(['id', 'campaign_sold', 'campaign_stock'])
    .executeTakeFirst();
  return row ? { nominationId: row.id, sold: row.campaign_sold, stock: row.campaign_stock } : null;
}

/**
 * Gives `qty` sold units back to the campaign stock (never below zero sold). Pass the
 * nomination the units were sold from (reserveCampaignStock returns it) when known: a SKU may
 * have older, rejected or withdrawn nominations in the same campaign.
 */
export async function releaseCampaignStock(
  trx: Kysely<DB>,
  campaignId: string,
  skuId: string,
  qty: number,
  nominationId?: string | null,
): Promise<void> {
  let q = trx
    .updateTable('nominations')
    .set((eb) => ({ campaign_sold: eb('campaign_sold', '-', qty) }))
    .where('campaign_id', '=', campaignId)
    .where('sku_id', '=', skuId)
    .where('campaign_sold', '>=', qty);
  q = nominationId ? q.where('id', '=', nominationId) : q.where('status', '=', 'approved');
  await q.execute();
}

/** Approved SKUs of a campaign among `skuIds`, with the campaign units left to sell. */
export async function campaignStockLeft(
  db: Kysely<DB>,
  campaignId: string,
  skuIds: readonly string[],
): Promise<Map<string, number>> {
  if (skuIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('nominations')
    .select(['sku_id', 'campaign_stock', 'campaign_sold'])
    .where('campaign_id', '=', campaignId)
    .where('status', '=', 'approved')
    .where('sku_id', 'in', [...skuIds])
    .execute();
  return new Map(rows.map((r) => [r.sku_id, r.campaign_stock - r.campaign_sold]));
}
