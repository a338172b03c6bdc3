import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import type { DB } from '../../schema';
import type { CampaignsService } from '../campaigns';
import { campaignStockLeft, type VenueScenario, venueScenario } from '../enrollment';
import type { MerchantsService } from '../merchants';
import { type PricedCart, type Promotion, priceCart } from '../pricing';
import { allowanceBalance, exhaustedPromotions, heldCoupons, type RedeemInput } from '../promotions';
import { campaignNotLive, cartFull, skuNotInVenue } from './errors';
import { DEFAULT_FUNDER } from './funding';
import type { CartView, NearPromotion } from './model';
import { cartRows } from './store';

/** Most distinct SKUs one cart holds. */
export const MAX_CART_LINES = 100;

const CAMPAIGN_PRICE_PREFIX = 'campaign_price.';

/** The advisory-lock class of carts (the second key is a hash of customer and campaign). */
const CART_LOCK_CLASS = 0x63617274; // 'cart'

/**
 * Locks one (customer, campaign) cart until the transaction ends. A cart has no row of its
 * own to lock, so a transaction-scoped advisory lock stands in; a hash collision only makes
 * two carts queue together.
 */
const lockCart = (trx: Kysely<DB>, customerId: string, campaignId: string) =>
  sql`SELECT pg_advisory_xact_lock(${sql.lit(CART_LOCK_CLASS)}, hashtext(${`${customerId}:${campaignId}`}))`.execute(
    trx,
  );

/** A cart priced exactly as the venue quotes it, with what the customer holds. */
export interface CartQuote {
  venue: VenueScenario;
  priced: PricedCart;
  couponIds: Set<string>;
  allowanceBalance: number;
  promotions: Map<string, Promotion>;
}

/**
 * Prices (sku, quantity) lines for a customer: the venue's scenario (campaign prices, the
 * campaign's promotions narrowed to committed stores) plus the coupons the customer holds and
 * their allowance, minus promotions whose budget or limits are used up. Reads only through
 * `db`, so it can run inside a transaction. These reads are hints for the price; `redeem` at
 * checkout is what decides. (The checkout reads the same things in fewer statements and
 * prices them with `quoteFrom`.)
 */
export async function quoteCart(
  db: Kysely<DB>,
  customerId: string,
  campaignId: string,
  items: readonly { sku: string; quantity: number }[],
  now: Date,
): Promise<CartQuote> {
  const held = await heldCoupons(db, customerId, { campaignId, now });
  const allowance = await allowanceBalance(db, customerId, campaignId);
  const venue = await venueScenario(db, {
    campaignId,
    lines: items,
    customer: { id: customerId, coupons: held.couponIds, allowanceBalance: allowance },
    now,
    extraPromotions: held.promotions,
  });
  const exhausted = new Set(
    await exhaustedPromotions(db, budgetCandidates(venue.scenario.promotions), customerId),
  );
  return quoteFrom(venue, held.couponIds, allowance, exhausted);
}

/** The scenario's promotions that may have a budget row (every one but the campaign prices). */
export const budgetCandidates = (promotions: readonly Pick<Promotion, 'id'>[]): string[] =>
  promotions.map((p) => p.id).filter((id) => !id.startsWith(CAMPAIGN_PRICE_PREFIX));

/** Prices the venue's scenario without the exhausted promotions: the quote of quoteCart. */
export function quoteFrom(
  venue: VenueScenario,
  couponIds: readonly string[],
  allowance: number,
  exhausted: ReadonlySet<string>,
): CartQuote {
  const scenario = {
    ...venue.scenario,
    promotions: venue.scenario.promotions.filter((p) => !exhausted.has(p.id)),
  };
  const priced = priceCart(scenario);
  return {
    venue: { ...venue, scenario },
    priced,
    couponIds: new Set(couponIds),
    allowanceBalance: allowance,
    promotions: new Map(scenario.promotions.map((p) => [p.id, p])),
  };
}

/** What a priced cart takes from coupons, allowance and budgets, for promotions.redeem. */
export function redemptionOf(q: CartQuote): Pick<RedeemInput, 'coupons' | 'allowance' | 'promotions'> {
  const coupons: RedeemInput['coupons'] = [];
  const promotions: RedeemInput['promotions'] = [];
  let allowance = 0;
  for (const a of q.priced.applied) {
    if (a.amount <= 0 || a.promotion.startsWith(CAMPAIGN_PRICE_PREFIX)) continue;
    if (q.couponIds.has(a.promotion)) {
      coupons.push({ couponId: a.promotion, amount: a.amount });
      continue;
    }
    if (q.promotions.get(a.promotion)?.type === 'allowance') allowance += a.amount;
    promotions.push({ promotionId: a.promotion, amount: a.amount });
  }
  return { coupons, allowance, promotions };
}

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

function nearOf(q: CartQuote): NearPromotion[] {
  return q.priced.hints.map((h) => {
    const p = q.promotions.get(h.promotion);
    return {
      ...h,
      layer: p?.layer ?? null,
      type: p?.type ?? null,
      message: {
        'zh-CN': `再买 ¥${yuan(h.shortBy)} 可再减 ¥${yuan(h.extraOff)}`,
        'en-US': `Add ¥${yuan(h.shortBy)} more to save ¥${yuan(h.extraOff)}`,
      },
    };
  });
}

export interface CartDeps {
  db: Kysely<DB>;
  clock: Clock;
  campaigns: Pick<CampaignsService, 'get'>;
  merchants: Pick<MerchantsService, 'namesOf'>;
}

/** The server-side cart, one per (customer, campaign). */
export function createCartService({ db, clock, campaigns, merchants }: CartDeps) {
  async function view(customerId: string, campaignId: string): Promise<CartView> {
    const rows = await cartRows(db, customerId, campaignId);
    const now = clock.now();
    const items = rows.map((r) => ({ sku: r.sku_id, quantity: r.quantity }));
    const q = await quoteCart(db, customerId, campaignId, items, now);
    const [names, left] = await Promise.all([
      merchants.namesOf([...new Set(q.venue.lines.map((l) => l.store))]),
      campaignStockLeft(
        db,
        campaignId,
        q.venue.lines.map((l) => l.sku),
      ),
    ]);
    const pricedById = new Map(q.priced.lines.map((l) => [l.id, l]));
    const deposits = q.priced.lines.filter((l) => l.deposit !== undefined);
    return {
      campaignId,
      currency: q.priced.currency,
      items: q.venue.lines.map((l) => {
        const p = pricedById.get(l.id)!;
        return {
          lineId: l.id,
          skuId: l.sku,
          title: l.title,
          attributes: l.attributes,
          store: { id: l.store, name: names.get(l.store)?.name ?? l.store },
          quantity: l.quantity,
          listPrice: l.unitPrice,
          campaignPrice: l.campaignPrice,
          subtotal: p.subtotal,
          discount: p.discount,
          total: p.total,
          ...(p.deposit !== undefined ? { deposit: p.deposit, balance: p.balance } : {}),
          adjustments: p.adjustments.map((a) => ({ ...a, fundedBy: DEFAULT_FUNDER[a.layer] })),
          campaignStockLeft: left.get(l.sku) ?? null,
        };
      }),
      unavailable: q.venue.missing.map((m) => ({
        skuId: m.sku,
        quantity: items[m.index]!.quantity,
        reason: 'NOT_IN_VENUE' as const,
      })),
      subtotal: q.priced.subtotal,
      discount: q.priced.discount,
      total: q.priced.total,
      applied: q.priced.applied,
      notApplied: q.priced.notApplied,
      hints: q.priced.hints,
      near: nearOf(q),
      coupons: [...q.couponIds],
      allowanceBalance: q.allowanceBalance,
      depositTotal: deposits.length > 0 ? deposits.reduce((s, l) => s + (l.deposit ?? 0), 0) : null,
    };
  }

  async function get(actor: Actor, campaignId: string): Promise<CartView> {
    const campaign = await campaigns.get(campaignId, actor);
    return view(actor.userId, campaign.id);
  }

  /** Sets a line's quantity (0 removes it). Only SKUs approved in the campaign. */
  async function setItem(
    actor: Actor,
    input: { campaignId: string; skuId: string; quantity: number },
  ): Promise<CartView> {
    const campaign = await campaigns.get(input.campaignId, actor);
    const now = clock.now();
    // Only a live campaign sells (issue 9 item 4): before it starts or after it ends nothing is
    // added, so no cart fills up that checkout would refuse. Removing a line always works.
    if (input.quantity > 0 && campaign.status !== 'live') throw campaignNotLive(campaign.id, campaign.status);
    if (input.quantity === 0) {
      await db
        .deleteFrom('cart_items')
        .where('customer_id', '=', actor.userId)
        .where('campaign_id', '=', campaign.id)
        .where('sku_id', '=', input.skuId)
        .execute();
      return view(actor.userId, campaign.id);
    }
    const onSale = await campaignStockLeft(db, campaign.id, [input.skuId]);
    if (!onSale.has(input.skuId)) throw skuNotInVenue(input.skuId);
    await db.transaction().execute(async (trx) => {
      // Adds to one cart queue here, so the count below and the insert are one step: without
      // it, 1,000 concurrent adds each counted 99 and left 103 lines.
      await lockCart(trx, actor.userId, campaign.id);
      const count = await trx
        .selectFrom('cart_items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('customer_id', '=', actor.userId)
        .where('campaign_id', '=', campaign.id)
        .where('sku_id', '!=', input.skuId)
        .executeTakeFirstOrThrow();
      if (Number(count.n) >= MAX_CART_LINES) throw cartFull(MAX_CART_LINES);
      await trx
        .insertInto('cart_items')
        .values({
          customer_id: actor.userId,
          campaign_id: campaign.id,
          sku_id: input.skuId,
          quantity: input.quantity,
          added_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['customer_id', 'campaign_id', 'sku_id']).doUpdateSet({ quantity: input.quantity }),
        )
        .execute();
    });
    return view(actor.userId, campaign.id);
  }

  async function clear(actor: Actor, campaignId: string): Promise<void> {
    const campaign = await campaigns.get(campaignId, actor);
    await db
      .deleteFrom('cart_items')
      .where('customer_id', '=', actor.userId)
      .where('campaign_id', '=', campaign.id)
      .execute();
  }

  return { get, setItem, clear, view };
}

export type CartService = ReturnType<typeof createCartService>;
