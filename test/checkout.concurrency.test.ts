import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../src/modules/orders';
import { couponDraft } from '../src/modules/promotions/test-helpers';
import { openFreshPostgres } from '../src/platform/db/testing';
import { isAppError } from '../src/platform/errors';
import { consumers, createShop, type Shop } from './support/checkout-fixtures';
import { expectSoundBooks, key, shopper } from './support/checkout-helpers';
import { createHarness, type Harness } from './support/harness';

const url = process.env.DATABASE_URL;

/** Settles promises into orders and refusal codes; anything else is a failure. */
async function outcomes(promises: Promise<Order>[]) {
  const settled = await Promise.allSettled(promises);
  const orders: Order[] = [];
  const codes: Record<string, number> = {};
  for (const s of settled) {
    if (s.status === 'fulfilled') orders.push(s.value);
    else if (isAppError(s.reason)) codes[s.reason.code] = (codes[s.reason.code] ?? 0) + 1;
    else throw s.reason;
  }
  return { orders, codes };
}

/**
 * The counters under real contention: PostgreSQL with a 40-connection pool, checkouts called
 * through the services (the code the routes call), all at once.
 */
describe.skipIf(!url)('checkout concurrency on PostgreSQL', () => {
  let h: Harness;
  const newShop = async (options: Partial<Parameters<typeof createShop>[2]> = {}): Promise<Shop> => {
    h.clock.set('2026-11-01T00:00:00Z');
    const shop = await createShop(h.services, h.ctx.db, { now: h.clock.now(), ...options });
    h.clock.set(shop.liveAt);
    return shop;
  };
  const nomination = (shop: Shop, sku: string) =>
    h.ctx.db
      .selectFrom('nominations')
      .select(['campaign_sold', 'campaign_stock'])
      .where('campaign_id', '=', shop.campaignId)
      .where('sku_id', '=', sku)
      .where('status', '=', 'approved')
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    h = await createHarness(await openFreshPostgres(url!, 40), '2026-11-01T00:00:00Z');
  });
  afterAll(() => h?.close());

  it('200 customers, 50 campaign units: exactly 50 orders, and 50 paid at once keep the books sound', async () => {
    const shop = await newShop({ a1Stock: 50, a1OnHand: 1000 });
    const ids = await consumers(h.ctx.db, 200);
    const shoppers = ids.map((id) => shopper(h.services, shop.campaignId, id));
    await h.ctx.db
      .insertInto('cart_items')
      .values(
        ids.map((id) => ({
          customer_id: id,
          campaign_id: shop.campaignId,
          sku_id: shop.sku.a1,
          quantity: 1,
          added_at: new Date(),
        })),
      )
      .execute();
    const started = Date.now();
    const { orders, codes } = await outcomes(shoppers.map((s) => s.checkout()));
    const ms = Date.now() - started;
    expect(orders).toHaveLength(50);
    expect(codes).toEqual({ SOLD_OUT: 150 });
    expect(new Set(orders.map((o) => o.customerId)).size).toBe(50);
    expect(await nomination(shop, shop.sku.a1)).toEqual({ campaign_sold: 50, campaign_stock: 50 });
    const sku = await h.ctx.db
      .selectFrom('skus')
      .select('stock')
      .where('id', '=', shop.sku.a1)
      .executeTakeFirstOrThrow();
    expect(sku.stock).toBe(950);
    const negative = await h.ctx.db.selectFrom('skus').select('id').where('stock', '<', 0).execute();
    expect(negative).toEqual([]);
    console.info(`200 concurrent checkouts for 50 units: ${ms} ms`);

    // The winners pay at once: every payment posts through the one clearing account. The first
    // goes alone, so the ledger accounts exist before the race (the ledger creates an account on
    // its first use, and two first uses at once can refuse one of them: see the report).
    const winners = new Map(shoppers.map((s) => [s.me.userId, s]));
    const [first, ...rest] = orders;
    await winners.get(first!.customerId)!.topUp(10000);
    const paid = [await winners.get(first!.customerId)!.pay(first!.id)];
    await Promise.all(rest.map((o) => winners.get(o.customerId)!.topUp(10000)));
    paid.push(...(await Promise.all(rest.map((o) => winners.get(o.customerId)!.pay(o.id)))));
    expect(paid.every((p) => p.order.status === 'paid')).toBe(true);
    await expectSoundBooks(h.ctx.db);

    // And the 150 who were refused kept their carts: after the timeouts nothing is left reserved.
    h.clock.advance(16 * 60_000);
    expect((await h.services.orders.sweep()).closedUnpaid).toBe(0);
    expect(await nomination(shop, shop.sku.a1)).toEqual({ campaign_sold: 50, campaign_stock: 50 });
  }, 120_000);

  it('a single-use coupon is redeemed once by 50 concurrent checkouts of its holder with different keys', async () => {
    const shop = await newShop();
    const [c] = await consumers(h.ctx.db, 1);
    const s = shopper(h.services, shop.campaignId, c!);
    const coupon = await h.services.promotions.create(
      shop.operator,
      couponDraft({
        campaignId: shop.campaignId,
        promotion: { layer: 'platform', type: 'coupon', threshold: 0, off: 500 },
      }) as Parameters<typeof h.services.promotions.create>[1],
    );
    await h.services.promotions.claim(s.me, coupon.id, key());
    await s.put(shop.sku.b1, 1);
    const { orders, codes } = await outcomes(Array.from({ length: 50 }, () => s.checkout(key())));
    expect(orders).toHaveLength(1);
    expect(Object.keys(codes).every((c) => c === 'CART_EMPTY' || c === 'COUPON_NOT_HELD')).toBe(true);
    const wallet = await h.ctx.db
      .selectFrom('coupon_wallet')
      .select(['claimed', 'used'])
      .where('coupon_id', '=', coupon.id)
      .executeTakeFirstOrThrow();
    expect(wallet).toEqual({ claimed: 1, used: 1 });
    const redeemed = await h.ctx.db
      .selectFrom('promotion_redemptions')
      .select('order_id')
      .where('ref_id', '=', coupon.id)
      .execute();
    expect(redeemed).toEqual([{ order_id: orders[0]!.id }]);
  }, 60_000);

  it('50 customers racing for one single-use code: one claims it, one order carries it', async () => {
    const shop = await newShop();
    const ids = await consumers(h.ctx.db, 50);
    const shoppers = ids.map((id) => shopper(h.services, shop.campaignId, id));
    const coupon = await h.services.promotions.create(
      shop.operator,
      couponDraft({
        campaignId: shop.campaignId,
        totalQuantity: 50,
        promotion: { layer: 'platform', type: 'coupon', threshold: 0, off: 700 },
      }) as Parameters<typeof h.services.promotions.create>[1],
    );
    const generated = await h.services.promotions.generateCodes(shop.operator, coupon.id, 1, key());
    const code = (generated.body as { codes: string[] }).codes[0]!;
    await h.ctx.db
      .insertInto('cart_items')
      .values(
        ids.map((id) => ({
          customer_id: id,
          campaign_id: shop.campaignId,
          sku_id: shop.sku.b1,
          quantity: 1,
          added_at: new Date(),
        })),
      )
      .execute();
    const claims = await Promise.allSettled(
      shoppers.map((s) => h.services.promotions.redeemCode(s.me, code, key())),
    );
    expect(claims.filter((c) => c.status === 'fulfilled')).toHaveLength(1);
    const { orders } = await outcomes(shoppers.map((s) => s.checkout()));
    expect(orders).toHaveLength(50);
    const withCoupon = orders.filter((o) =>
      o.subOrders.some((x) => x.lines.some((l) => l.adjustments.some((a) => a.promotion === coupon.id))),
    );
    expect(withCoupon).toHaveLength(1);
    const row = await h.ctx.db
      .selectFrom('coupons')
      .select('redeemed_count')
      .where('id', '=', coupon.id)
      .executeTakeFirstOrThrow();
    expect(row.redeemed_count).toBe(1);
  }, 60_000);

  it('a promotion budget is never exceeded by concurrent checkouts', async () => {
    const shop = await newShop();
    // 满200减10 may give 10 × 10.00 in all; 40 customers each qualify.
    await h.services.promotions.setBudget(shop.operator, 'p200', {
      campaignId: shop.campaignId,
      budgetAmount: 10_000,
    });
    const ids = await consumers(h.ctx.db, 40);
    await h.ctx.db
      .insertInto('cart_items')
      .values(
        ids.map((id) => ({
          customer_id: id,
          campaign_id: shop.campaignId,
          sku_id: shop.sku.a2,
          quantity: 1,
          added_at: new Date(),
        })),
      )
      .execute();
    const { orders, codes } = await outcomes(
      ids.map((id) => shopper(h.services, shop.campaignId, id).checkout()),
    );
    expect(Object.keys(codes).every((c) => c === 'BUDGET_EXHAUSTED')).toBe(true);
    expect(orders.length + (codes.BUDGET_EXHAUSTED ?? 0)).toBe(40);
    const budget = await h.ctx.db
      .selectFrom('promotion_budgets')
      .select(['spent_amount', 'uses'])
      .where('promotion_id', '=', 'p200')
      .executeTakeFirstOrThrow();
    const discounted = orders.filter((o) =>
      o.subOrders.some((x) => x.lines.some((l) => l.adjustments.some((a) => a.promotion === 'p200'))),
    );
    expect(budget.spent_amount).toBeLessThanOrEqual(10_000);
    expect(budget).toEqual({ spent_amount: discounted.length * 1000, uses: discounted.length });
    expect(discounted.length).toBe(10);
  }, 60_000);

  it('a per-customer limit holds across concurrent and repeated checkouts', async () => {
    // Budgets are keyed by promotion id across campaigns: this shop's limited promotion has its own.
    const shop = await newShop({
      extraPromotions: [
        { id: 'once200', layer: 'platform', type: 'threshold', tiers: [{ threshold: 20000, off: 800 }] },
      ],
    });
    await h.services.promotions.setBudget(shop.operator, 'once200', {
      campaignId: shop.campaignId,
      perCustomerUses: 1,
    });
    const ids = await consumers(h.ctx.db, 20);
    const shoppers = ids.map((id) => shopper(h.services, shop.campaignId, id));
    const fill = () =>
      h.ctx.db
        .insertInto('cart_items')
        .values(
          ids.map((id) => ({
            customer_id: id,
            campaign_id: shop.campaignId,
            sku_id: shop.sku.a2,
            quantity: 1,
            added_at: new Date(),
          })),
        )
        .execute();
    const all: Order[] = [];
    for (let round = 0; round < 2; round++) {
      await fill();
      // Each customer fires three checkouts at once; the cart is taken by one of them.
      const { orders, codes } = await outcomes(
        shoppers.flatMap((s) => [s.checkout(), s.checkout(), s.checkout()]),
      );
      expect(Object.keys(codes).every((c) => c === 'CART_EMPTY' || c === 'PROMOTION_LIMIT_REACHED')).toBe(
        true,
      );
      all.push(...orders);
    }
    const usage = await h.ctx.db
      .selectFrom('promotion_usage')
      .select(['customer_id', 'uses'])
      .where('promotion_id', '=', 'once200')
      .execute();
    expect(usage).toHaveLength(20);
    expect(usage.every((u) => u.uses === 1)).toBe(true);
    for (const id of ids) {
      const mine = all.filter((o) => o.customerId === id);
      expect(mine.length).toBe(2);
      const discounted = mine.filter((o) =>
        o.subOrders.some((x) => x.lines.some((l) => l.adjustments.some((a) => a.promotion === 'once200'))),
      );
      expect(discounted).toHaveLength(1);
    }
  }, 60_000);
});
