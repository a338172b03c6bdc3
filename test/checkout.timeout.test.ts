import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { balanceOf, customerWallet, merchantPayable } from '../src/modules/ledger';
import { couponDraft } from '../src/modules/promotions/test-helpers';
import { consumers, createShop, type Shop } from './support/checkout-fixtures';
import { counters, expectSoundBooks, key, shopper } from './support/checkout-helpers';
import { createHarness, type Harness, testDatabaseTargets } from './support/harness';

const MIN = 60_000;

describe.each(testDatabaseTargets())('order timeouts, pre-sale and auto-confirm on $kind', (target) => {
  let h: Harness;
  let shop: Shop;
  let couponId: string;

  beforeAll(async () => {
    h = await createHarness(await target.open(), '2026-11-01T00:00:00Z');
    shop = await createShop(h.services, h.ctx.db, {
      now: h.clock.now(),
      extraPromotions: [{ id: 'jt', layer: 'platform', type: 'allowance', step: 10000, off: 1000 }],
    });
    const coupon = await h.services.promotions.create(
      shop.operator,
      couponDraft({
        campaignId: shop.campaignId,
        promotion: { layer: 'platform', type: 'coupon', threshold: 10000, off: 1500 },
      }) as Parameters<typeof h.services.promotions.create>[1],
    );
    couponId = coupon.id;
    await h.services.promotions.setBudget(shop.operator, 'p200', {
      campaignId: shop.campaignId,
      budgetAmount: 1_000_000,
      maxUses: 1000,
      perCustomerUses: 5,
    });
    h.clock.set(shop.liveAt);
  });
  afterEach(() => expectSoundBooks(h.ctx.db));
  afterAll(() => h.close());

  it('closes an unpaid order past pay_by once, giving back stock, coupon, allowance and budget exactly once', async () => {
    const [c] = await consumers(h.ctx.db, 1);
    const s = shopper(h.services, shop.campaignId, c!);
    await h.services.promotions.claim(s.me, couponId, key());
    await h.services.promotions.grantAllowance(
      shop.operator,
      shop.campaignId,
      { customerId: c!, amount: 5000 },
      key(),
    );
    const before = await counters(h.ctx.db, shop.campaignId);
    await s.put(shop.sku.a2, 1);
    const order = await s.checkout();
    // 300.00 listed, 250.00 in the campaign, then 满200减10, 津贴 2 × 10.00, the 15.00 coupon.
    expect(order).toMatchObject({ status: 'created', subtotal: 30000, total: 25000 - 1000 - 2000 - 1500 });
    expect(order.allowanceUsed).toBe(2000);
    expect(Date.parse(order.payBy) - Date.parse(order.createdAt)).toBe(15 * MIN);
    const during = await counters(h.ctx.db, shop.campaignId);
    expect(during.wallet.find((w) => w.customer_id === c)!.used).toBe(1);
    expect(during.allowance.find((a) => a.customer_id === c)!.balance).toBe(3000);
    expect(during.budgets.find((b) => b.promotion_id === 'p200')).toMatchObject({
      spent_amount: 1000,
      uses: 1,
    });

    // Not yet due: nothing happens.
    h.clock.set(new Date(Date.parse(order.payBy) - 1000));
    expect((await h.services.orders.sweep()).closedUnpaid).toBe(0);
    // Due: two sweeps at once close it once between them.
    h.clock.set(order.payBy);
    const [a, b] = await Promise.all([h.services.orders.sweep(), h.services.orders.sweep()]);
    expect(a.closedUnpaid + b.closedUnpaid).toBe(1);
    expect((await h.services.orders.sweep()).closedUnpaid).toBe(0);
    const closed = await h.services.orders.get(s.me, order.id);
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'payment_timeout' });
    expect(closed.subOrders.every((x) => x.status === 'closed')).toBe(true);

    const after = await counters(h.ctx.db, shop.campaignId);
    expect({ ...after, redemptions: 0, orders: 0, outbox: 0 }).toEqual({
      ...before,
      redemptions: 0,
      orders: 0,
      outbox: 0,
    });
    // A cancel after the timeout changes nothing either.
    expect((await h.services.orders.cancel(s.me, order.id, 'cancel-late')).body.order.status).toBe('closed');
    const again = await counters(h.ctx.db, shop.campaignId);
    expect(again.skus).toEqual(before.skus);
    expect(again.allowance).toEqual(before.allowance);
    h.clock.set(shop.liveAt);
  });

  it('a cancel and a sweep racing give back once', async () => {
    const [c] = await consumers(h.ctx.db, 1);
    const s = shopper(h.services, shop.campaignId, c!);
    const before = await counters(h.ctx.db, shop.campaignId);
    await s.put(shop.sku.a1, 3);
    const order = await s.checkout();
    h.clock.set(order.payBy);
    await Promise.all([
      h.services.orders.sweep(),
      h.services.orders.cancel(s.me, order.id, 'cancel-race'),
      h.services.orders.sweep(),
    ]);
    const after = await counters(h.ctx.db, shop.campaignId);
    expect(after.nominations).toEqual(before.nominations);
    expect(after.skus).toEqual(before.skus);
    expect(after.budgets).toEqual(before.budgets);
    h.clock.set(shop.liveAt);
  });

  it('pre-sale: the deposit now, the balance inside the main phase, then the full posting', async () => {
    h.clock.set(shop.presaleAt);
    const [c] = await consumers(h.ctx.db, 1);
    const s = shopper(h.services, shop.campaignId, c!);
    await s.topUp(100000);
    await s.put(shop.sku.p1, 1);
    const cart = await h.services.orders.cart.get(s.me, shop.campaignId);
    expect(cart.depositTotal).toBe(10000);
    const order = await s.checkout();
    expect(order.presale).toMatchObject({
      depositTotal: 10000,
      balanceTotal: order.total - 10000,
      balanceDueFrom: shop.mainAt.toISOString(),
      balanceDueUntil: shop.mainEndsAt.toISOString(),
      depositRule: 'forfeit',
    });
    expect(order.amountDue).toBe(10000);
    const payableBefore = await balanceOf(h.ctx.db, merchantPayable(shop.storeB));

    const deposit = await s.pay(order.id);
    expect(deposit.order).toMatchObject({
      status: 'deposit_paid',
      amountPaid: 10000,
      amountDue: order.total - 10000,
    });
    expect(deposit.payment).toMatchObject({ kind: 'deposit', amount: 10000 });
    expect(await balanceOf(h.ctx.db, customerWallet(c!))).toBe(90000);
    // The deposit waits in clearing: no store is owed anything yet.
    expect(await balanceOf(h.ctx.db, merchantPayable(shop.storeB))).toBe(payableBefore);
    await expect(s.pay(order.id)).rejects.toMatchObject({ code: 'BALANCE_NOT_DUE' });
    // Not swept while the window is open.
    expect((await h.services.orders.sweep()).closedBalance).toBe(0);

    h.clock.set(new Date(shop.mainAt.getTime() + 60 * MIN));
    const balance = await s.pay(order.id);
    expect(balance.order).toMatchObject({ status: 'paid', amountPaid: order.total, amountDue: 0 });
    expect(balance.payment).toMatchObject({ kind: 'balance', amount: order.total - 10000 });
    expect(await balanceOf(h.ctx.db, customerWallet(c!))).toBe(100000 - order.total);
    const sub = order.subOrders[0]!;
    expect(await balanceOf(h.ctx.db, merchantPayable(shop.storeB))).toBe(
      payableBefore + sub.subtotal - sub.merchantFunded,
    );
    h.clock.set(shop.liveAt);
  });

  it('pre-sale: a balance not paid in its window closes the order and forfeits the deposit to the store', async () => {
    h.clock.set(shop.presaleAt);
    const [c] = await consumers(h.ctx.db, 1);
    const s = shopper(h.services, shop.campaignId, c!);
    await s.topUp(100000);
    const before = await counters(h.ctx.db, shop.campaignId);
    await s.put(shop.sku.p1, 2);
    const order = await s.checkout();
    await s.pay(order.id);
    const payable = await balanceOf(h.ctx.db, merchantPayable(shop.storeB));

    h.clock.set(new Date(shop.mainEndsAt.getTime() - 1000));
    expect((await h.services.orders.sweep()).closedBalance).toBe(0);
    h.clock.set(shop.mainEndsAt);
    await expect(s.pay(order.id)).rejects.toMatchObject({ code: 'PAYMENT_WINDOW_CLOSED' });
    const [x, y] = await Promise.all([h.services.orders.sweep(), h.services.orders.sweep()]);
    expect(x.closedBalance + y.closedBalance).toBe(1);
    expect(await h.services.orders.get(s.me, order.id)).toMatchObject({
      status: 'closed',
      closeReason: 'balance_timeout',
    });
    expect(await balanceOf(h.ctx.db, merchantPayable(shop.storeB))).toBe(payable + 20000);
    expect(await balanceOf(h.ctx.db, customerWallet(c!))).toBe(80000);
    const after = await counters(h.ctx.db, shop.campaignId);
    expect(after.nominations).toEqual(before.nominations);
    expect(after.skus).toEqual(before.skus);
    h.clock.set(shop.liveAt);
  });

  it('pre-sale with the refund rule: the deposit goes back to the wallet', async () => {
    h.clock.set('2026-11-01T00:00:00Z');
    const other = await createShop(h.services, h.ctx.db, { now: h.clock.now(), depositRule: 'refund' });
    h.clock.set(other.presaleAt);
    const [c] = await consumers(h.ctx.db, 1);
    const s = shopper(h.services, other.campaignId, c!);
    await s.topUp(50000);
    await s.put(other.sku.p1, 1);
    const order = await s.checkout();
    expect(order.presale?.depositRule).toBe('refund');
    await s.pay(order.id);
    expect(await balanceOf(h.ctx.db, customerWallet(c!))).toBe(40000);
    h.clock.set(other.mainEndsAt);
    expect((await h.services.orders.sweep()).closedBalance).toBe(1);
    expect(await balanceOf(h.ctx.db, customerWallet(c!))).toBe(50000);
    h.clock.set(shop.liveAt);
  });

  it('refuses a cart mixing pre-sale and other goods', async () => {
    h.clock.set(shop.presaleAt);
    const [c] = await consumers(h.ctx.db, 1);
    const s = shopper(h.services, shop.campaignId, c!);
    await s.put(shop.sku.p1, 1);
    await s.put(shop.sku.a1, 1);
    await expect(s.checkout()).rejects.toMatchObject({ code: 'PRESALE_CART_MIXED', status: 422 });
    h.clock.set(shop.liveAt);
  });

  it('completes delivered sub-orders the customer did not confirm after 7 days', async () => {
    const [c] = await consumers(h.ctx.db, 1);
    const s = shopper(h.services, shop.campaignId, c!);
    await s.topUp(100000);
    await s.put(shop.sku.b1, 1);
    const order = await s.checkout();
    await s.pay(order.id);
    const sub = order.subOrders[0]!;
    await h.services.orders.ship(shop.merchantB, sub.id, { carrier: 'SF', trackingNumber: 'SF0001' });
    const delivered = await h.services.orders.deliver(shop.merchantB, sub.id);
    const at = Date.parse(delivered.deliveredAt!);
    h.clock.set(new Date(at + 7 * 86_400_000 - 1000));
    expect((await h.services.orders.sweep()).autoConfirmed).toBe(0);
    h.clock.set(new Date(at + 7 * 86_400_000));
    const [p, q] = await Promise.all([h.services.orders.sweep(), h.services.orders.sweep()]);
    expect(p.autoConfirmed + q.autoConfirmed).toBe(1);
    const done = await h.services.orders.get(s.me, order.id);
    expect(done.status).toBe('completed');
    expect(done.events?.filter((e) => e.reason === 'auto_confirm')).toHaveLength(1);
    h.clock.set(shop.liveAt);
  });
});
