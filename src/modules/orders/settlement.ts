import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../platform/auth';
import { forbidden, notFound } from '../../platform/errors';
import type { DB } from '../../schema';
import { campaignsWithApprovedNominations } from '../enrollment';
import type { MerchantsService } from '../merchants';

/**
 * Merchant settlement (结算) per store per campaign, computed from the orders side and checked
 * against the books. Orders count once they are fully paid (a succeeded `full` or `balance`
 * payment), whatever happened after (refunds, cancellations, price protection).
 *
 *   sales        = gross − merchant-funded discounts        (what order.payment credited the store)
 *   netPayable   = sales − refunds' merchant parts − price protection − donations
 *                  + forfeited deposits
 *
 * Donations are the charity items' (公益宝贝, docs/charity.md): booked when a line completes,
 * out of the store's payable into the project's escrow (ledger kind `charity.donation`,
 * referencing the order), so they are part of the store's payable entries too.
 *
 * `ledger.merchantPayable` is the natural-sign sum of every entry on the store's payable account
 * in transactions referencing this campaign's orders (order.payment, order.refund,
 * order.price_protection, ...). `tiesOut` is true when the two agree to the fen.
 */
export interface Settlement {
  campaignId: string;
  storeId: string;
  currency: string;
  orders: number;
  gross: number;
  merchantFunded: number;
  platformFunded: number;
  /** What customers paid for the store's lines: gross − merchant-funded − platform-funded. */
  paid: number;
  sales: number;
  refunds: { count: number; amount: number; merchantPart: number; platformPart: number };
  priceProtection: { count: number; amount: number };
  /** Pre-sale deposits kept (balance unpaid, campaign rule `forfeit`): credited to the store. */
  forfeitedDeposits: number;
  /** Charity items' donations accrued on completed lines, out of the store's payable. */
  donations: { count: number; amount: number };
  netPayable: number;
  ledger: { merchantPayable: number };
  tiesOut: boolean;
}

const FULLY_PAID = ['full', 'balance'] as const;

export interface SettlementDeps {
  db: Kysely<DB>;
  merchants: Pick<MerchantsService, 'access' | 'storeIdsOf'>;
}

/** A campaign a merchant's stores sold in or were approved for (the settlement page's picker). */
export interface MerchantCampaign {
  id: string;
  slug: string;
  title: Record<string, string>;
  status: string;
  startsAt: string;
  endsAt: string;
  /** Orders with a line of the merchant's stores. */
  orders: number;
  /** Whether any of the stores has an approved nomination in it. */
  nominated: boolean;
}

/** Every figure of a list of settlements added up. */
export function settlementTotals(items: Settlement[]) {
  const sum = (f: (s: Settlement) => number) => items.reduce((t, s) => t + f(s), 0);
  return {
    gross: sum((s) => s.gross),
    merchantFunded: sum((s) => s.merchantFunded),
    platformFunded: sum((s) => s.platformFunded),
    paid: sum((s) => s.paid),
    sales: sum((s) => s.sales),
    refunds: sum((s) => s.refunds.amount),
    refundsMerchantPart: sum((s) => s.refunds.merchantPart),
    refundsPlatformPart: sum((s) => s.refunds.platformPart),
    priceProtection: sum((s) => s.priceProtection.amount),
    forfeitedDeposits: sum((s) => s.forfeitedDeposits),
    donations: sum((s) => s.donations.amount),
    netPayable: sum((s) => s.netPayable),
    ledgerMerchantPayable: sum((s) => s.ledger.merchantPayable),
  };
}

const n = (v: unknown) => Number(v ?? 0);

/** The settlements of a campaign, one per store with sales or payable entries (or only `storeId`'s). */
export async function computeSettlements(
  db: Kysely<DB>,
  campaignId: string,
  storeId?: string,
): Promise<Settlement[]> {
  const paidOrders = db
    .selectFrom('orders as o')
    .select('o.id')
    .where('o.campaign_id', '=', campaignId)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('payments as p')
          .select('p.id')
          .whereRef('p.order_id', '=', 'o.id')
          .where('p.status', '=', 'succeeded')
          .where('p.kind', 'in', [...FULLY_PAID]),
      ),
    );
  const campaignOrders = db.selectFrom('orders').select('id').where('campaign_id', '=', campaignId);

  let sales = db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .select([
      'l.store_id',
      'o.currency',
      sql<string>`count(distinct l.order_id)`.as('orders'),
      sql<string>`coalesce(sum(l.subtotal), 0)`.as('gross'),
      sql<string>`coalesce(sum(l.merchant_funded), 0)`.as('merchant_funded'),
      sql<string>`coalesce(sum(l.platform_funded), 0)`.as('platform_funded'),
      sql<string>`coalesce(sum(l.total), 0)`.as('paid'),
    ])
    .where('l.order_id', 'in', paidOrders)
    .groupBy(['l.store_id', 'o.currency']);
  let refunds = db
    .selectFrom('refunds as r')
    .select([
      'r.store_id',
      sql<string>`count(*)`.as('count'),
      sql<string>`coalesce(sum(r.amount), 0)`.as('amount'),
      sql<string>`coalesce(sum(r.merchant_part), 0)`.as('merchant_part'),
      sql<string>`coalesce(sum(r.platform_part), 0)`.as('platform_part'),
    ])
    .where('r.status', '=', 'approved')
    .where('r.order_id', 'in', paidOrders)
    .groupBy('r.store_id');
  let claims = db
    .selectFrom('price_protection_claims as c')
    .select([
      'c.store_id',
      sql<string>`count(*)`.as('count'),
      sql<string>`coalesce(sum(c.amount), 0)`.as('amount'),
    ])
    .where('c.order_id', 'in', paidOrders)
    .groupBy('c.store_id');
  let forfeits = db
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .select(['l.store_id', sql<string>`coalesce(sum(l.deposit), 0)`.as('deposit')])
    .where('o.campaign_id', '=', campaignId)
    .where('o.status', '=', 'closed')
    .where('o.deposit_rule', '=', 'forfeit')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('payments as p')
          .select('p.id')
          .whereRef('p.order_id', '=', 'o.id')
          .where('p.status', '=', 'succeeded')
          .where('p.kind', '=', 'deposit'),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('payments as p')
            .select('p.id')
            .whereRef('p.order_id', '=', 'o.id')
            .where('p.status', '=', 'succeeded')
            .where('p.kind', 'in', [...FULLY_PAID]),
        ),
      ),
    )
    .groupBy('l.store_id');
  let donations = db
    .selectFrom('charity_donations as d')
    .select([
      'd.store_id',
      sql<string>`count(*)`.as('count'),
      sql<string>`coalesce(sum(d.amount), 0)`.as('amount'),
    ])
    .where('d.order_id', 'in', paidOrders)
    .groupBy('d.store_id');
  // Liability accounts: natural sign = −(sum of signed entries).
  let ledger = db
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_transactions as t', 't.id', 'e.txn_id')
    .innerJoin('ledger_accounts as a', 'a.id', 'e.account_id')
    .select(['a.owner_id as store_id', 'a.currency', sql<string>`coalesce(-sum(e.amount), 0)`.as('payable')])
    .where('a.owner_type', '=', 'store')
    .where('a.code', 'like', 'store:%:payable:%')
    .where('t.reference', 'in', campaignOrders)
    .groupBy(['a.owner_id', 'a.currency']);
  if (storeId) {
    sales = sales.where('l.store_id', '=', storeId);
    refunds = refunds.where('r.store_id', '=', storeId);
    claims = claims.where('c.store_id', '=', storeId);
    forfeits = forfeits.where('l.store_id', '=', storeId);
    donations = donations.where('d.store_id', '=', storeId);
    ledger = ledger.where('a.owner_id', '=', storeId);
  }
  const [salesRows, refundRows, claimRows, forfeitRows, donationRows, ledgerRows] = await Promise.all([
    sales.execute(),
    refunds.execute(),
    claims.execute(),
    forfeits.execute(),
    donations.execute(),
    ledger.execute(),
  ]);
  const stores = new Set<string>([
    ...salesRows.map((r) => r.store_id),
    ...forfeitRows.map((r) => r.store_id),
    ...ledgerRows.map((r) => r.store_id ?? ''),
    ...(storeId ? [storeId] : []),
  ]);
  stores.delete('');
  return [...stores].sort().map((id) => {
    const s = salesRows.find((r) => r.store_id === id);
    const r = refundRows.find((x) => x.store_id === id);
    const c = claimRows.find((x) => x.store_id === id);
    const l = ledgerRows.filter((x) => x.store_id === id);
    const gross = n(s?.gross);
    const merchantFunded = n(s?.merchant_funded);
    const salesNet = gross - merchantFunded;
    const refundsFig = {
      count: n(r?.count),
      amount: n(r?.amount),
      merchantPart: n(r?.merchant_part),
      platformPart: n(r?.platform_part),
    };
    const pp = { count: n(c?.count), amount: n(c?.amount) };
    const forfeitedDeposits = n(forfeitRows.find((x) => x.store_id === id)?.deposit);
    const d = donationRows.find((x) => x.store_id === id);
    const donated = { count: n(d?.count), amount: n(d?.amount) };
    const netPayable = salesNet - refundsFig.merchantPart - pp.amount - donated.amount + forfeitedDeposits;
    const ledgerPayable = l.reduce((sum, x) => sum + n(x.payable), 0);
    return {
      campaignId,
      storeId: id,
      currency: s?.currency ?? l[0]?.currency ?? 'CNY',
      orders: n(s?.orders),
      gross,
      merchantFunded,
      platformFunded: n(s?.platform_funded),
      paid: n(s?.paid),
      sales: salesNet,
      refunds: refundsFig,
      priceProtection: pp,
      forfeitedDeposits,
      donations: donated,
      netPayable,
      ledger: { merchantPayable: ledgerPayable },
      tiesOut: netPayable === ledgerPayable,
    };
  });
}

export function createSettlementService({ db, merchants }: SettlementDeps) {
  async function campaignExists(campaignId: string) {
    const row = await db.selectFrom('campaigns').select('id').where('id', '=', campaignId).executeTakeFirst();
    if (!row) throw notFound('Campaign', campaignId);
  }

  /** One store's settlement (its members; operators read). */
  async function forStore(actor: Actor, campaignId: string, storeId: string): Promise<Settlement> {
    await merchants.access(actor, storeId, 'read');
    await campaignExists(campaignId);
    return (await computeSettlements(db, campaignId, storeId))[0]!;
  }

  /**
   * GET /api/merchant/settlements: one store (with `settlement`), or without `storeId` every
   * store the merchant is a member of (operators: every store with activity), with totals.
   */
  async function forMerchant(actor: Actor, campaignId: string, storeId?: string) {
    if (storeId) {
      const one = await forStore(actor, campaignId, storeId);
      return {
        campaignId,
        settlement: one,
        items: [one],
        totals: settlementTotals([one]),
        tiesOut: one.tiesOut,
      };
    }
    await campaignExists(campaignId);
    let items: Settlement[];
    if (actor.role === 'operator') items = await computeSettlements(db, campaignId);
    else if (actor.role === 'merchant') {
      const mine = (await merchants.storeIdsOf(actor.userId)).sort();
      const all = mine.length === 0 ? [] : await computeSettlements(db, campaignId);
      items = [];
      for (const id of mine)
        items.push(all.find((s) => s.storeId === id) ?? (await computeSettlements(db, campaignId, id))[0]!);
    } else throw forbidden('Only merchants and operators read settlements');
    return { campaignId, items, totals: settlementTotals(items), tiesOut: items.every((s) => s.tiesOut) };
  }

  /** Every store of a campaign (operators), with totals. */
  async function forCampaign(actor: Actor, campaignId: string) {
    if (actor.role !== 'operator') throw forbidden('Only operators see every store’s settlement');
    await campaignExists(campaignId);
    const items = await computeSettlements(db, campaignId);
    return { campaignId, items, totals: settlementTotals(items), tiesOut: items.every((s) => s.tiesOut) };
  }

  /** Campaigns in which the merchant's stores have orders or approved nominations, newest first. */
  async function campaignsOf(actor: Actor): Promise<{ items: MerchantCampaign[] }> {
    if (actor.role !== 'merchant') throw forbidden('Only merchants list the campaigns they sold in');
    const storeIds = await merchants.storeIdsOf(actor.userId);
    if (storeIds.length === 0) return { items: [] };
    const [sold, nominated] = await Promise.all([
      db
        .selectFrom('order_lines as l')
        .innerJoin('orders as o', 'o.id', 'l.order_id')
        .select(['o.campaign_id', sql<string>`count(distinct o.id)`.as('orders')])
        .where('l.store_id', 'in', storeIds)
        .groupBy('o.campaign_id')
        .execute(),
      campaignsWithApprovedNominations(db, storeIds),
    ]);
    const ids = [...new Set([...sold.map((r) => r.campaign_id), ...nominated])];
    if (ids.length === 0) return { items: [] };
    const rows = await db
      .selectFrom('campaigns')
      .select(['id', 'slug', 'title', 'workflow_status', 'starts_at', 'ends_at'])
      .where('id', 'in', ids)
      .orderBy('starts_at', 'desc')
      .orderBy('id')
      .execute();
    return {
      items: rows.map((c) => ({
        id: c.id,
        slug: c.slug,
        title: c.title as unknown as Record<string, string>,
        status: c.workflow_status,
        startsAt: new Date(c.starts_at).toISOString(),
        endsAt: new Date(c.ends_at).toISOString(),
        orders: n(sold.find((r) => r.campaign_id === c.id)?.orders),
        nominated: nominated.includes(c.id),
      })),
    };
  }

  return { forStore, forMerchant, forCampaign, campaignsOf };
}

export type SettlementService = ReturnType<typeof createSettlementService>;
