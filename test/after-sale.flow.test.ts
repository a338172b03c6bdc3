import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { balanceOf, customerWallet, merchantPayable, transactionsFor } from '../src/modules/ledger';
import {
  buildWorld,
  expectSoundBooks,
  http,
  relogin,
  type SignedIn,
  type World,
} from '../src/modules/orders/test-fixtures';
import { createHarness, type Harness, testDatabaseTargets } from './support/harness';
import { topUpOverHttp } from './support/sandbox-top-up';

/**
 * After-sale end to end over HTTP with the real checkout: a campaign whose stores commit to
 * 满500减50 (store-funded), a consumer who tops up, checks out and pays, then refunds a line
 * (the 90.00), lets the merchant lower a price and claims 价保, cancels another paid
 * sub-order, and the settlement ties out to the ledger.
 */
describe.each(testDatabaseTargets())('after-sale flow on $kind', (target) => {
  let h: Harness;
  let call: ReturnType<typeof http>;
  let w: World;
  let consumer: SignedIn;
  let n = 0;
  const key = () => `flow-${++n}`;

  beforeAll(async () => {
    h = await createHarness(await target.open());
    call = http(h);
    w = await buildWorld(
      h,
      'after-sale-flow',
      [
        {
          coat: { listPrice: 50000, campaignPrice: 40000 },
          scarf: { listPrice: 12000, campaignPrice: 10000 },
        },
        { boots: { listPrice: 30000, campaignPrice: 25000 } },
      ],
      {
        promotions: [
          { id: 'm500', layer: 'store', type: 'threshold', tiers: [{ threshold: 50000, off: 5000 }] },
        ],
        commitments: ['m500'],
      },
    );
    consumer = await h.signIn('consumer');
    // The festival is live from Dec 1 (Asia/Shanghai); sessions last 14 days.
    h.clock.set('2026-12-02T02:00:00Z');
    consumer = await relogin(h, consumer);
    w.operator = await relogin(h, w.operator);
    w.merchants = await Promise.all(w.merchants.map((m) => relogin(h, m)));
  });
  afterAll(() => h.close());
  afterEach(() => expectSoundBooks(h.ctx.db));

  const wallet = () => balanceOf(h.ctx.db, customerWallet(consumer.userId));

  async function buy(items: { sku: string; quantity: number }[]) {
    for (const i of items)
      expect(
        (
          await call('PUT', '/api/cart/items', consumer, {
            campaignId: w.campaignId,
            skuId: i.sku,
            quantity: i.quantity,
          })
        ).statusCode,
      ).toBe(200);
    const checkout = await call('POST', '/api/checkout', consumer, { campaignId: w.campaignId }, key());
    expect(checkout.statusCode).toBe(201);
    const orderId = checkout.json().order.id as string;
    const paid = await call('POST', `/api/orders/${orderId}/pay`, consumer, undefined, key());
    expect(paid.statusCode).toBe(200);
    const lines = await h.ctx.db
      .selectFrom('order_lines')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('id')
      .execute();
    return { order: paid.json().order, lines };
  }

  it('pays through checkout, refunds a line, claims price protection, cancels a sub-order, and settles to the ledger', async () => {
    expect((await topUpOverHttp(h.app, h.services.payments, consumer.cookie, 200000)).status).toBe(
      'succeeded',
    );
    const [s0, s1] = w.storeIds as [string, string];
    const [m0, m1] = w.merchants as [SignedIn, SignedIn];

    // 400.00 + 100.00 with 满500减50 in store 0: paid 450.00. Then boots from store 1: 250.00.
    const { order, lines } = await buy([
      { sku: w.skus.coat!.id, quantity: 1 },
      { sku: w.skus.scarf!.id, quantity: 1 },
    ]);
    expect(order).toMatchObject({ status: 'paid', total: 45000 });
    const second = await buy([{ sku: w.skus.boots!.id, quantity: 1 }]);
    expect(second.order).toMatchObject({ status: 'paid', total: 25000 });
    expect(await wallet()).toBe(130000);
    const scarf = lines.find((l) => l.sku_id === w.skus.scarf!.id)!;
    expect(Number(scarf.unit_price)).toBe(10000);

    // Refund the 100.00 line: 90.00 back; the store gives back its net 90.00.
    const payable0 = await balanceOf(h.ctx.db, merchantPayable(s0));
    const asked = await call(
      'POST',
      `/api/orders/${order.id}/refunds`,
      consumer,
      { lineId: scarf.id, reason: '颜色不喜欢' },
      key(),
    );
    expect(asked.json().refund).toMatchObject({ amount: 9000, merchantPart: 9000, platformPart: 0 });
    const queue = await call('GET', `/api/merchant/refunds?storeId=${s0}&status=requested`, m0);
    expect(queue.json().items.map((r: { id: string }) => r.id)).toEqual([asked.json().refund.id]);
    const approved = await call('POST', `/api/refunds/${asked.json().refund.id}/approve`, m0, {}, key());
    expect(approved.json().refund.status).toBe('approved');
    expect(await wallet()).toBe(139000);
    expect(await balanceOf(h.ctx.db, merchantPayable(s0))).toBe(payable0 - 9000);
    expect((await transactionsFor(h.ctx.db, order.id)).map((t) => t.kind).sort()).toEqual([
      'order.payment',
      'order.refund',
      'wallet.charge',
    ]);

    // The coat's campaign price drops to 380.00: 20.00 of 价保 into the wallet, from store 0.
    expect(
      (
        await call('POST', `/api/nominations/${w.skus.coat!.nominationId}/price-drops`, m0, {
          campaignPrice: 38000,
          reason: '第二波',
        })
      ).statusCode,
    ).toBe(201);
    const coat = lines.find((l) => l.sku_id === w.skus.coat!.id)!;
    const pp = await call(
      'POST',
      `/api/orders/${order.id}/lines/${coat.id}/price-protection`,
      consumer,
      undefined,
      key(),
    );
    expect(pp.statusCode).toBe(201);
    expect(pp.json().claim).toMatchObject({ paidUnitPrice: 40000, currentUnitPrice: 38000, amount: 2000 });
    expect(await wallet()).toBe(141000);

    // Store 1's boots have not shipped: cancel that sub-order, 250.00 back.
    const bootsSub = second.order.subOrders.find((s: { storeId: string }) => s.storeId === s1);
    const cancelled = await call(
      'POST',
      `/api/sub-orders/${bootsSub.id}/cancel-paid`,
      consumer,
      { reason: '买重了' },
      key(),
    );
    expect(cancelled.statusCode).toBe(200);
    expect(await wallet()).toBe(166000);
    const detail = await call('GET', `/api/orders/${second.order.id}`, consumer);
    expect(detail.json().order.subOrders.find((s: { id: string }) => s.id === bootsSub.id).status).toBe(
      'cancelled',
    );

    // Stock of the refunded units is back.
    const boots = await h.ctx.db
      .selectFrom('nominations')
      .select('campaign_sold')
      .where('id', '=', w.skus.boots!.nominationId)
      .executeTakeFirstOrThrow();
    expect(boots.campaign_sold).toBe(0);

    // Settlement: store 0 sold 620.00 gross, funded 170.00 (campaign prices 120.00 + 满减 50.00),
    // refunded 90.00 of its net, paid 20.00 of 价保: 340.00, and the ledger says the same.
    const st = (
      await call('GET', `/api/merchant/settlements?campaignId=${w.campaignId}&storeId=${s0}`, m0)
    ).json().settlement;
    expect(st).toMatchObject({
      gross: 62000,
      merchantFunded: 17000,
      sales: 45000,
      refunds: { count: 1, amount: 9000, merchantPart: 9000, platformPart: 0 },
      priceProtection: { count: 1, amount: 2000 },
      netPayable: 34000,
      ledger: { merchantPayable: 34000 },
      tiesOut: true,
    });
    const st1 = (
      await call('GET', `/api/merchant/settlements?campaignId=${w.campaignId}&storeId=${s1}`, m1)
    ).json().settlement;
    expect(st1).toMatchObject({ gross: 30000, netPayable: 0, tiesOut: true });
    const all = (await call('GET', `/api/admin/settlements?campaignId=${w.campaignId}`, w.operator)).json();
    expect(all).toMatchObject({ tiesOut: true, totals: { netPayable: 34000, ledgerMerchantPayable: 34000 } });
  });
});
