import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import {
  buildWorld,
  createPaidOrder,
  expectSoundBooks,
  http,
  merchantActor,
  type SignedIn,
  type World,
} from './test-fixtures';

/**
 * The merchant's after-sale pages across stores: refunds of every store the merchant works in
 * (with the line's title and attributes), settlements of all of them with totals, and the
 * campaigns they sold in or were approved for.
 */
describe.each(testDatabaseTargets())('merchant views on $kind', (target) => {
  let h: Harness;
  let call: ReturnType<typeof http>;
  let w: World;
  let consumer: SignedIn;
  let keyN = 0;
  const key = () => `mv-${++keyN}`;

  beforeAll(async () => {
    h = await createHarness(await target.open());
    call = http(h);
    w = await buildWorld(h, 'merchant-views', [
      { coat: { listPrice: 50000, campaignPrice: 40000 } },
      { boot: { listPrice: 30000, campaignPrice: 25000 } },
      { hat: { listPrice: 3000, campaignPrice: 2500 } },
    ]);
    // The first merchant also works in the second store.
    await h.services.merchants.addMember(merchantActor(w.merchants[1]!.userId), w.storeIds[1]!, {
      userId: w.merchants[0]!.userId,
      role: 'staff',
    });
    consumer = await h.signIn('consumer');
    const o = await createPaidOrder(h.ctx, {
      customerId: consumer.userId,
      campaignId: w.campaignId,
      lines: [
        { sku: w.skus.coat!, quantity: 1 },
        { sku: w.skus.boot!, quantity: 2 },
      ],
    });
    for (const lineId of o.lineIds) {
      const r = await call(
        'POST',
        `/api/orders/${o.orderId}/refunds`,
        consumer,
        { lineId, quantity: 1, reason: '不合适' },
        key(),
      );
      expect(r.statusCode).toBe(201);
    }
  });
  afterAll(() => h.close());
  afterEach(() => expectSoundBooks(h.ctx.db));

  it('refunds without storeId: every store the merchant works in, each with its line’s title and attributes and the order', async () => {
    const [s0, s1] = w.storeIds as [string, string, string];
    const res = await call('GET', '/api/merchant/refunds?status=requested', w.merchants[0]!);
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    expect(items.map((r: { storeId: string }) => r.storeId).sort()).toEqual([s0, s1].sort());
    const boot = items.find((r: { storeId: string }) => r.storeId === s1);
    expect(boot).toMatchObject({
      orderId: expect.stringMatching(/^ord_/),
      storeName: '店铺 merchant-views 1',
      line: { title: expect.any(String), attributes: { 款: 'boot' }, quantity: 2, skuId: w.skus.boot!.id },
    });
    // One store still narrows; the store's own merchant sees only its store; the third sees none.
    const one = (await call('GET', `/api/merchant/refunds?storeId=${s0}`, w.merchants[0]!)).json().items;
    expect(one).toHaveLength(1);
    expect(one[0].line.attributes).toEqual({ 款: 'coat' });
    expect((await call('GET', '/api/merchant/refunds', w.merchants[1]!)).json().items).toHaveLength(1);
    expect((await call('GET', '/api/merchant/refunds', w.merchants[2]!)).json().items).toEqual([]);
    // Operators without storeId: every store.
    expect((await call('GET', '/api/merchant/refunds', w.operator)).json().items).toHaveLength(2);
    expect((await call('GET', '/api/merchant/refunds', consumer)).statusCode).toBe(403);
    expect((await call('GET', '/api/merchant/refunds', null)).statusCode).toBe(401);
  });

  it('settlements without storeId: each of the merchant’s stores, with totals; one store as before', async () => {
    const [s0, s1] = w.storeIds as [string, string, string];
    const res = await call('GET', `/api/merchant/settlements?campaignId=${w.campaignId}`, w.merchants[0]!);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.settlement).toBeUndefined();
    expect(body.items.map((s: { storeId: string }) => s.storeId)).toEqual([s0, s1].sort());
    expect(body.totals.gross).toBe(50000 + 2 * 30000);
    expect(body.totals.netPayable).toBe(body.items[0].netPayable + body.items[1].netPayable);
    expect(body.tiesOut).toBe(true);

    const one = (
      await call('GET', `/api/merchant/settlements?campaignId=${w.campaignId}&storeId=${s1}`, w.merchants[0]!)
    ).json();
    expect(one.settlement).toMatchObject({ storeId: s1, gross: 60000 });
    expect(one.items).toEqual([one.settlement]);
    expect(one.totals.gross).toBe(60000);

    // A store with nothing sold is listed with zeros.
    const third = (
      await call('GET', `/api/merchant/settlements?campaignId=${w.campaignId}`, w.merchants[2]!)
    ).json();
    expect(third.items).toEqual([
      expect.objectContaining({ storeId: w.storeIds[2], gross: 0, netPayable: 0 }),
    ]);
    expect(
      (await call('GET', `/api/merchant/settlements?campaignId=cmp_missing`, w.merchants[0]!)).statusCode,
    ).toBe(404);
    expect(
      (await call('GET', `/api/merchant/settlements?campaignId=${w.campaignId}`, consumer)).statusCode,
    ).toBe(403);
  });

  it('campaigns: where the merchant’s stores have orders or approved nominations', async () => {
    const res = await call('GET', '/api/merchant/campaigns', w.merchants[0]!);
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({ id: w.campaignId, orders: 1, nominated: true, title: expect.any(Object) }),
    ]);
    // Approved but nothing sold.
    expect((await call('GET', '/api/merchant/campaigns', w.merchants[2]!)).json().items).toEqual([
      expect.objectContaining({ id: w.campaignId, orders: 0, nominated: true }),
    ]);
    const newcomer = await h.signIn('merchant');
    expect((await call('GET', '/api/merchant/campaigns', newcomer)).json().items).toEqual([]);
    const refused = await call('GET', '/api/merchant/campaigns', consumer);
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused).code).toBe('FORBIDDEN');
    expect((await call('GET', '/api/merchant/campaigns', null)).statusCode).toBe(401);
  });
});
