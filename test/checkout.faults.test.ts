import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { balanceOf, customerWallet } from '../src/modules/ledger';
import type { CheckoutHooks } from '../src/modules/orders';
import { couponDraft } from '../src/modules/promotions/test-helpers';
import { consumers, createShop, type Shop } from './support/checkout-fixtures';
import { counters, expectSoundBooks, key, shopper } from './support/checkout-helpers';
import { createHarness, type Harness, testDatabaseTargets } from './support/harness';

/**
 * The server "killed" between the steps of a checkout or a payment: a hook inside the
 * transaction throws, as a crash there would end it. Nothing may be left half-written, and a
 * retry with the same Idempotency-Key must then do the work once.
 */
describe.each(testDatabaseTargets())('checkout and payment faults on $kind', (target) => {
  let h: Harness;
  let shop: Shop;
  let couponId: string;

  beforeAll(async () => {
    h = await createHarness(await target.open(), '2026-11-01T00:00:00Z');
    shop = await createShop(h.services, h.ctx.db, {
      now: h.clock.now(),
      extraPromotions: [{ id: 'jt', layer: 'platform', type: 'allowance', step: 10000, off: 1000 }],
    });
    couponId = (
      await h.services.promotions.create(
        shop.operator,
        couponDraft({
          campaignId: shop.campaignId,
          promotion: { layer: 'platform', type: 'coupon', threshold: 10000, off: 1500 },
        }) as Parameters<typeof h.services.promotions.create>[1],
      )
    ).id;
    await h.services.promotions.setBudget(shop.operator, 'p200', {
      campaignId: shop.campaignId,
      budgetAmount: 1_000_000,
      maxUses: 1000,
      perCustomerUses: 10,
    });
    h.clock.set(shop.liveAt);
  });
  afterEach(async () => {
    for (const k of Object.keys(h.services.orders.hooks))
      delete h.services.orders.hooks[k as keyof CheckoutHooks];
    await expectSoundBooks(h.ctx.db);
  });
  afterAll(() => h.close());

  /** A customer with a coupon, allowance, money and a cart of A1 × 2 and B1 × 1. */
  async function customer() {
    const [c] = await consumers(h.ctx.db, 1);
    const s = shopper(h.services, shop.campaignId, c!);
    await h.services.promotions.claim(s.me, couponId, key());
    await h.services.promotions.grantAllowance(
      shop.operator,
      shop.campaignId,
      { customerId: c!, amount: 5000 },
      key(),
    );
    await s.topUp(100000);
    await s.put(shop.sku.a1, 2);
    await s.put(shop.sku.b1, 1);
    return s;
  }

  const crash = () => {
    throw new Error('killed');
  };

  for (const step of ['afterOrderInsert', 'afterRedeem', 'afterStockReserved'] as const) {
    it(`a crash ${step} leaves nothing, and the retry with the same key checks out once`, async () => {
      const s = await customer();
      const before = await counters(h.ctx.db, shop.campaignId);
      const cartBefore = await h.services.orders.cart.get(s.me, shop.campaignId);
      const k = key('checkout');
      h.services.orders.hooks[step] = crash;
      await expect(s.checkout(k)).rejects.toThrow('killed');
      expect(await counters(h.ctx.db, shop.campaignId)).toEqual(before);
      // The cart is as it was, and no answer was stored for the key.
      expect((await h.services.orders.cart.get(s.me, shop.campaignId)).items).toEqual(cartBefore.items);
      expect(
        await h.ctx.db.selectFrom('idempotency_keys').select('key').where('key', '=', k).executeTakeFirst(),
      ).toBeUndefined();

      delete h.services.orders.hooks[step];
      const order = await s.checkout(k);
      const replay = await h.services.orders.checkout(s.me, { campaignId: shop.campaignId }, k);
      expect(replay.replayed).toBe(true);
      expect(replay.body.order.id).toBe(order.id);
      const after = await counters(h.ctx.db, shop.campaignId);
      expect(after.orders).toBe(before.orders + 1);
      const sold = (c: typeof after, sku: string) =>
        c.nominations.find((x) => x.sku_id === sku)!.campaign_sold;
      expect(sold(after, shop.sku.a1) - sold(before, shop.sku.a1)).toBe(2);
      expect(after.wallet.find((w) => w.customer_id === s.me.userId)!.used).toBe(1);
      expect(order.allowanceUsed).toBeGreaterThan(0);
    });
  }

  it('a crash after the wallet charge leaves the order unpaid and the wallet whole; the retry pays once', async () => {
    const s = await customer();
    const order = await s.checkout();
    const before = await counters(h.ctx.db, shop.campaignId);
    const wallet = await balanceOf(h.ctx.db, customerWallet(s.me.userId));
    const k = key('pay');
    h.services.orders.hooks.afterCharge = crash;
    await expect(s.pay(order.id, k)).rejects.toThrow('killed');
    expect(await counters(h.ctx.db, shop.campaignId)).toEqual(before);
    expect(await balanceOf(h.ctx.db, customerWallet(s.me.userId))).toBe(wallet);
    expect((await h.services.orders.get(s.me, order.id)).status).toBe('created');
    expect(
      await h.ctx.db.selectFrom('payments').select('id').where('order_id', '=', order.id).execute(),
    ).toEqual([]);

    delete h.services.orders.hooks.afterCharge;
    const paid = await s.pay(order.id, k);
    expect(paid.order.status).toBe('paid');
    expect((await s.pay(order.id, k)).payment?.id).toBe(paid.payment?.id);
    expect(await balanceOf(h.ctx.db, customerWallet(s.me.userId))).toBe(wallet - order.total);
  });

  it('a refused checkout (sold out) after the redeem leaves the coupon, allowance and budget untouched', async () => {
    const s = await customer();
    await s.put(shop.sku.a1, 0);
    // More A2 than its campaign stock: refused at the stock step, after the redeem.
    await s.put(shop.sku.a2, 51);
    const before = await counters(h.ctx.db, shop.campaignId);
    await expect(s.checkout()).rejects.toMatchObject({ code: 'SOLD_OUT' });
    expect(await counters(h.ctx.db, shop.campaignId)).toEqual(before);
  });

  it('an order closed after a crash-free checkout gives back what it took, and the books stay balanced', async () => {
    const s = await customer();
    const before = await counters(h.ctx.db, shop.campaignId);
    const order = await s.checkout();
    await h.services.orders.cancel(s.me, order.id, 'cancel-1');
    const after = await counters(h.ctx.db, shop.campaignId);
    expect({ ...after, orders: 0, redemptions: 0, outbox: 0 }).toEqual({
      ...before,
      orders: 0,
      redemptions: 0,
      outbox: 0,
    });
  });
});
