import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { balanceOf, merchantPayable } from '../ledger';
import {
  buildWorld,
  createPaidOrder,
  expectSoundBooks,
  http,
  platformCoupon,
  type SignedIn,
  storeThreshold,
  type World,
} from './test-fixtures';

/**
 * Settlement per store per campaign after a mix of payments, refunds (units, amounts, a
 * cancelled sub-order), a platform coupon and price protection: every figure by hand, and the
 * net payable equal to the store's payable in the ledger.
 */
describe.each(testDatabaseTargets())('settlement on $kind', (target) => {
  let h: Harness;
  let call: ReturnType<typeof http>;
  let w: World;
  let consumer: SignedIn;
  let keyN = 0;
  const key = () => `st-${++keyN}`;

  beforeAll(async () => {
    h = await createHarness(await target.open());
    call = http(h);
    w = await buildWorld(h, 'settlement', [
      { a: { listPrice: 50000, campaignPrice: 40000 }, b: { listPrice: 12000, campaignPrice: 10000 } },
      { c: { listPrice: 25000, campaignPrice: 20000 } },
    ]);
    consumer = await h.signIn('consumer');
  });
  afterAll(() => h.close());
  afterEach(() => expectSoundBooks(h.ctx.db));

  const refund = async (orderId: string, body: Record<string, unknown>, merchant: SignedIn) => {
    const r = await call('POST', `/api/orders/${orderId}/refunds`, consumer, { reason: 'x', ...body }, key());
    expect(r.statusCode).toBe(201);
    const a = await call('POST', `/api/refunds/${r.json().refund.id}/approve`, merchant, {}, key());
    expect(a.statusCode).toBe(200);
    return a.json().refund;
  };

  it('ties out after payments, refunds, a cancellation and price protection', async () => {
    const [s0, s1] = w.storeIds as [string, string];
    const [m0, m1] = w.merchants as [SignedIn, SignedIn];
    // Order 1: a + b with the store's 满500减50 and a platform 满300减30 coupon, plus c from store 1.
    const o1 = await createPaidOrder(h.ctx, {
      customerId: consumer.userId,
      campaignId: w.campaignId,
      lines: [
        { sku: w.skus.a!, quantity: 1 },
        { sku: w.skus.b!, quantity: 2 },
        { sku: w.skus.c!, quantity: 1 },
      ],
      promotions: [
        { ...storeThreshold('m500', 50000, 5000), stores: [s0] },
        platformCoupon('pc300', 30000, 3000),
      ],
      coupons: ['pc300'],
    });
    // Order 2: b × 3, nothing else.
    const o2 = await createPaidOrder(h.ctx, {
      customerId: consumer.userId,
      campaignId: w.campaignId,
      lines: [{ sku: w.skus.b!, quantity: 3 }],
    });
    const lines = await h.ctx.db
      .selectFrom('order_lines')
      .selectAll()
      .where('order_id', 'in', [o1.orderId, o2.orderId])
      .execute();
    const of = (store: string) => lines.filter((l) => l.store_id === store);
    const sum = (ls: typeof lines, f: (l: (typeof lines)[number]) => unknown) =>
      ls.reduce((s, l) => s + Number(f(l)), 0);

    const r1 = await refund(o1.orderId, { lineId: o1.lineIds[1], quantity: 1 }, m0);
    const r2 = await refund(o2.orderId, { lineId: o2.lineIds[0], amount: 777 }, m0);
    // A rejected refund counts for nothing.
    const rq = await call(
      'POST',
      `/api/orders/${o2.orderId}/refunds`,
      consumer,
      { lineId: o2.lineIds[0], quantity: 1, reason: 'x' },
      key(),
    );
    await call('POST', `/api/refunds/${rq.json().refund.id}/reject`, m0, { reason: 'no' });
    // Store 1's sub-order of order 1 is cancelled before shipping.
    const sub1 = o1.subOrders.find((s) => s.storeId === s1)!;
    const cancel = await call('POST', `/api/sub-orders/${sub1.id}/cancel-paid`, consumer, {}, key());
    expect(cancel.statusCode).toBe(200);
    const rc = cancel.json().refunds[0];
    // b drops from 100.00 to 95.00: order 2 keeps 3 units (the amount refund took no units).
    await call('POST', `/api/nominations/${w.skus.b!.nominationId}/price-drops`, m0, {
      campaignPrice: 9500,
      reason: '跟价',
    });
    const pp = await call(
      'POST',
      `/api/orders/${o2.orderId}/lines/${o2.lineIds[0]}/price-protection`,
      consumer,
      undefined,
      key(),
    );
    expect(pp.json().claim.amount).toBe(1500);

    const res = await call('GET', `/api/merchant/settlements?campaignId=${w.campaignId}&storeId=${s0}`, m0);
    expect(res.statusCode).toBe(200);
    const st = res.json().settlement;
    const gross = sum(of(s0), (l) => l.subtotal);
    const mf = sum(of(s0), (l) => l.merchant_funded);
    expect(st).toMatchObject({
      storeId: s0,
      orders: 2,
      gross,
      merchantFunded: mf,
      platformFunded: sum(of(s0), (l) => l.platform_funded),
      sales: gross - mf,
      refunds: {
        count: 2,
        amount: r1.amount + r2.amount,
        merchantPart: r1.merchantPart + r2.merchantPart,
        platformPart: r1.platformPart + r2.platformPart,
      },
      priceProtection: { count: 1, amount: 1500 },
      netPayable: gross - mf - r1.merchantPart - r2.merchantPart - 1500,
      tiesOut: true,
    });
    expect(st.ledger.merchantPayable).toBe(st.netPayable);
    expect(st.netPayable).toBe(await balanceOf(h.ctx.db, merchantPayable(s0)));

    const st1 = (
      await call('GET', `/api/merchant/settlements?campaignId=${w.campaignId}&storeId=${s1}`, m1)
    ).json().settlement;
    expect(st1).toMatchObject({
      orders: 1,
      refunds: { count: 1, merchantPart: rc.merchantPart },
      netPayable: 0,
      tiesOut: true,
    });

    const all = await call('GET', `/api/admin/settlements?campaignId=${w.campaignId}`, w.operator);
    expect(all.statusCode).toBe(200);
    expect(all.json().tiesOut).toBe(true);
    expect(
      all
        .json()
        .items.map((i: { storeId: string }) => i.storeId)
        .sort(),
    ).toEqual([s0, s1].sort());
    expect(all.json().totals.netPayable).toBe(st.netPayable + st1.netPayable);
    // The operator may read one store's too.
    expect(
      (
        await call('GET', `/api/merchant/settlements?campaignId=${w.campaignId}&storeId=${s0}`, w.operator)
      ).json().settlement,
    ).toEqual(st);
  });

  it('refuses: strangers (401), consumers (403), missing fields (400), other stores and unknown campaign or store (404)', async () => {
    const s0 = w.storeIds[0]!;
    const url = `/api/merchant/settlements?campaignId=${w.campaignId}&storeId=${s0}`;
    expect((await call('GET', url, null)).statusCode).toBe(401);
    expect((await call('GET', url, consumer)).statusCode).toBe(403);
    expect((await call('GET', url, w.merchants[1]!)).statusCode).toBe(404);
    const missing = await call('GET', `/api/merchant/settlements?storeId=${s0}`, w.merchants[0]!);
    expect(missing.statusCode).toBe(400);
    expect(errorOf(missing).details?.field).toBe('campaignId');
    expect(
      (await call('GET', `/api/merchant/settlements?campaignId=cmp_missing&storeId=${s0}`, w.merchants[0]!))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await call(
          'GET',
          `/api/merchant/settlements?campaignId=${w.campaignId}&storeId=str_missing`,
          w.operator,
        )
      ).statusCode,
    ).toBe(404);
    expect(
      (await call('GET', `/api/admin/settlements?campaignId=${w.campaignId}`, w.merchants[0]!)).statusCode,
    ).toBe(403);
    expect((await call('GET', '/api/admin/settlements', w.operator)).statusCode).toBe(400);
    expect((await call('GET', '/api/admin/settlements?campaignId=cmp_missing', w.operator)).statusCode).toBe(
      404,
    );
  });
});
