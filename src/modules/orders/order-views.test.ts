import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import {
  buildWorld,
  createPaidOrder,
  expectSoundBooks,
  http,
  type PaidOrderInput,
  type SignedIn,
  storeThreshold,
  type World,
} from './test-fixtures';

type Line = {
  id: string;
  attributes: Record<string, string>;
  refundedAmount: number;
  refundedQuantity: number;
  priceProtected: number;
  refundable: number;
  total: number;
  priceProtection?: {
    eligible: boolean;
    reason?: string;
    currentUnitPrice?: number;
    amount?: number;
    until?: string;
  };
};
type Sub = { storeId: string; storeName: string | null; lines: Line[] };

/**
 * What the order responses carry for the pages: store names and SKU attributes, payments, what a
 * line can still be refunded (and a quote of a request), and each line's 价保 offer. The window
 * test moves the clock last.
 */
describe.each(testDatabaseTargets())('order views on $kind', (target) => {
  let h: Harness;
  let call: ReturnType<typeof http>;
  let w: World;
  let consumer: SignedIn;
  let other: SignedIn;
  let keyN = 0;
  const key = () => `ov-${++keyN}`;

  beforeAll(async () => {
    h = await createHarness(await target.open());
    call = http(h);
    w = await buildWorld(h, 'order-views', [
      {
        coat: { listPrice: 50000, campaignPrice: 40000 },
        scarf: { listPrice: 12000, campaignPrice: 10000 },
      },
      { boot: { listPrice: 30000, campaignPrice: 25000 } },
    ]);
    consumer = await h.signIn('consumer');
    other = await h.signIn('consumer');
  });
  afterAll(() => h.close());
  afterEach(() => expectSoundBooks(h.ctx.db));

  const order = (input: Omit<PaidOrderInput, 'customerId' | 'campaignId'>) =>
    createPaidOrder(h.ctx, { customerId: consumer.userId, campaignId: w.campaignId, ...input });
  const detail = async (orderId: string) => {
    const res = await call('GET', `/api/orders/${orderId}`, consumer);
    expect(res.statusCode).toBe(200);
    return res.json().order as { subOrders: Sub[]; payments: unknown[] };
  };
  const lineOf = (o: { subOrders: Sub[] }, lineId: string) =>
    o.subOrders.flatMap((s) => s.lines).find((l) => l.id === lineId)!;
  const quote = (orderId: string, body: unknown, who: SignedIn = consumer) =>
    call('POST', `/api/orders/${orderId}/refunds/quote`, who, body);

  it('sub-orders carry the store name and lines the SKU attributes, in the list, the detail and the merchant list', async () => {
    const o = await order({
      lines: [
        { sku: w.skus.coat!, quantity: 1 },
        { sku: w.skus.boot!, quantity: 1 },
      ],
    });
    const one = await detail(o.orderId);
    expect(one.subOrders.map((s) => [s.storeId, s.storeName])).toEqual(
      expect.arrayContaining([
        [w.storeIds[0], '店铺 order-views 0'],
        [w.storeIds[1], '店铺 order-views 1'],
      ]),
    );
    expect(lineOf(one, o.lineIds[0]!).attributes).toEqual({ 款: 'coat' });
    expect(lineOf(one, o.lineIds[1]!).attributes).toEqual({ 款: 'boot' });

    const list = (await call('GET', '/api/orders', consumer)).json();
    const listed = list.items.find((x: { id: string }) => x.id === o.orderId);
    expect(listed.subOrders.every((s: Sub) => s.storeName?.startsWith('店铺 order-views'))).toBe(true);
    expect(lineOf(listed, o.lineIds[1]!).attributes).toEqual({ 款: 'boot' });

    const mine = (await call('GET', '/api/merchant/orders', w.merchants[1]!)).json();
    const sub = mine.items.find((s: { orderId: string }) => s.orderId === o.orderId);
    expect(sub.storeName).toBe('店铺 order-views 1');
    expect(sub.lines[0].attributes).toEqual({ 款: 'boot' });
    expect(sub.lines[0].refundable).toBe(25000);
  });

  it('the detail carries its payments', async () => {
    const o = await order({ lines: [{ sku: w.skus.scarf!, quantity: 1 }] });
    const one = await detail(o.orderId);
    expect(one.payments).toEqual([
      {
        id: expect.stringMatching(/^pay_/),
        kind: 'full',
        amount: 10000,
        status: 'succeeded',
        provider: 'wallet',
        createdAt: expect.any(String),
      },
    ]);
    // Lists stay light: no payments there.
    const list = (await call('GET', '/api/orders', consumer)).json();
    expect(list.items[0].payments).toBeUndefined();
  });

  it('a quote is exactly what the request then computes; lines show what is left, pending requests included', async () => {
    const o = await order({
      lines: [
        { sku: w.skus.coat!, quantity: 1 },
        { sku: w.skus.scarf!, quantity: 3 },
      ],
      promotions: [storeThreshold('m500', 50000, 5000)],
    });
    const scarf = o.lineIds[1]!;
    const before = lineOf(await detail(o.orderId), scarf);
    expect(before).toMatchObject({ refundedAmount: 0, refundedQuantity: 0, priceProtected: 0 });
    expect(before.refundable).toBe(before.total);

    const q = await quote(o.orderId, { lineId: scarf, quantity: 1 });
    expect(q.statusCode).toBe(200);
    const quoted = q.json().quote;
    expect(quoted).toMatchObject({
      lineId: scarf,
      quantity: 1,
      left: { quantity: 3, amount: before.total },
      pending: { quantity: 0, amount: 0 },
    });
    expect(quoted.leftAfter).toEqual({ quantity: 2, amount: before.total - quoted.amount });
    expect(quoted.merchantPart - quoted.amount).toBe(quoted.platformPart);
    // Nothing changed.
    expect(lineOf(await detail(o.orderId), scarf).refundable).toBe(before.total);

    const asked = await call(
      'POST',
      `/api/orders/${o.orderId}/refunds`,
      consumer,
      { lineId: scarf, quantity: 1, reason: '尺码不合适' },
      key(),
    );
    expect(asked.statusCode).toBe(201);
    expect(asked.json().refund).toMatchObject({
      amount: quoted.amount,
      merchantPart: quoted.merchantPart,
      platformPart: quoted.platformPart,
    });
    // Pending counts: the line's refundable and the next quote's `left` exclude it.
    expect(lineOf(await detail(o.orderId), scarf).refundable).toBe(before.total - quoted.amount);
    const next = (await quote(o.orderId, { lineId: scarf })).json().quote;
    expect(next).toMatchObject({
      quantity: 2,
      amount: before.total - quoted.amount,
      left: { quantity: 2 },
      pending: { quantity: 1, amount: quoted.amount },
      leftAfter: { quantity: 0, amount: 0 },
    });

    // Approved: the counters move.
    await call('POST', `/api/refunds/${asked.json().refund.id}/approve`, w.merchants[0]!, {}, key());
    const after = lineOf(await detail(o.orderId), scarf);
    expect(after).toMatchObject({ refundedAmount: quoted.amount, refundedQuantity: 1 });
    expect(after.refundable).toBe(before.total - quoted.amount);
  });

  it('a quote refuses what the request refuses', async () => {
    const o = await order({ lines: [{ sku: w.skus.scarf!, quantity: 2 }] });
    const line = o.lineIds[0]!;
    const tooMany = await quote(o.orderId, { lineId: line, quantity: 3 });
    expect(tooMany.statusCode).toBe(422);
    expect(errorOf(tooMany)).toMatchObject({
      code: 'REFUND_EXCEEDS_LINE',
      details: { field: 'quantity', left: 2 },
    });
    const tooMuch = await quote(o.orderId, { lineId: line, amount: 20001 });
    expect(errorOf(tooMuch)).toMatchObject({
      code: 'REFUND_EXCEEDS_LINE',
      details: { field: 'amount', left: 20000 },
    });
    const both = await quote(o.orderId, { lineId: line, quantity: 1, amount: 1 });
    expect(both.statusCode).toBe(400);
    expect(errorOf(both).details?.field).toBe('amount');
    expect((await quote(o.orderId, { lineId: 'oln_missing' })).statusCode).toBe(404);
    expect((await quote(o.orderId, { lineId: line }, other)).statusCode).toBe(404);
    expect((await quote(o.orderId, { lineId: line }, w.merchants[0]!)).statusCode).toBe(403);
    expect(
      (await call('POST', `/api/orders/${o.orderId}/refunds/quote`, null, { lineId: line })).statusCode,
    ).toBe(401);
    const amount = (await quote(o.orderId, { lineId: line, amount: 5000 })).json().quote;
    expect(amount).toMatchObject({ quantity: 0, amount: 5000, leftAfter: { quantity: 2, amount: 15000 } });
    // A cancelled sub-order takes no refunds: 409, and its lines show nothing refundable.
    const cancelled = await call(
      'POST',
      `/api/sub-orders/${o.subOrders[0]!.id}/cancel-paid`,
      consumer,
      { reason: 'x' },
      key(),
    );
    expect(cancelled.statusCode).toBe(200);
    expect(errorOf(await quote(o.orderId, { lineId: line })).code).toBe('SUB_ORDER_NOT_REFUNDABLE');
    expect(lineOf(await detail(o.orderId), line)).toMatchObject({ refundable: 0, refundedAmount: 20000 });
  });

  it('each line says whether 价保 would pay now and how much, by the claim’s own rules', async () => {
    const o = await order({
      lines: [
        { sku: w.skus.coat!, quantity: 2 },
        { sku: w.skus.boot!, quantity: 1 },
      ],
    });
    const [coat, boot] = o.lineIds as [string, string];
    let one = await detail(o.orderId);
    expect(lineOf(one, coat).priceProtection).toMatchObject({
      eligible: false,
      reason: 'NO_PRICE_DROP',
      currentUnitPrice: 40000,
      until: expect.any(String),
    });
    const drop = await call(
      'POST',
      `/api/nominations/${w.skus.coat!.nominationId}/price-drops`,
      w.merchants[0]!,
      {
        campaignPrice: 38000,
        reason: '第二波',
      },
    );
    expect(drop.statusCode).toBe(201);
    one = await detail(o.orderId);
    expect(lineOf(one, coat).priceProtection).toMatchObject({
      eligible: true,
      amount: 4000,
      currentUnitPrice: 38000,
    });
    expect(lineOf(one, boot).priceProtection).toMatchObject({ eligible: false, reason: 'NO_PRICE_DROP' });

    const claimed = await call(
      'POST',
      `/api/orders/${o.orderId}/lines/${coat}/price-protection`,
      consumer,
      undefined,
      key(),
    );
    expect(claimed.statusCode).toBe(201);
    expect(claimed.json().claim.amount).toBe(4000);
    one = await detail(o.orderId);
    expect(lineOf(one, coat)).toMatchObject({
      priceProtected: 4000,
      refundable: 80000 - 4000,
      priceProtection: { eligible: false, reason: 'ALREADY_CLAIMED' },
    });

    // Every unit refunded: nothing to protect, even after a further drop.
    const o2 = await order({ lines: [{ sku: w.skus.scarf!, quantity: 1 }] });
    await call(
      'POST',
      `/api/sub-orders/${o2.subOrders[0]!.id}/cancel-paid`,
      consumer,
      { reason: 'x' },
      key(),
    );
    await call('POST', `/api/nominations/${w.skus.scarf!.nominationId}/price-drops`, w.merchants[0]!, {
      campaignPrice: 9000,
      reason: '第二波',
    });
    expect(lineOf(await detail(o2.orderId), o2.lineIds[0]!).priceProtection).toMatchObject({
      eligible: false,
      reason: 'NOTHING_TO_PROTECT',
    });

    // After the window (15 days by default): WINDOW_OVER, and the claim agrees.
    await call('POST', `/api/nominations/${w.skus.boot!.nominationId}/price-drops`, w.merchants[1]!, {
      campaignPrice: 24000,
      reason: '第二波',
    });
    expect(lineOf(await detail(o.orderId), boot).priceProtection).toMatchObject({
      eligible: true,
      amount: 1000,
    });
    h.clock.advance(16 * 24 * 60 * 60 * 1000);
    consumer = await (await import('./test-fixtures')).relogin(h, consumer);
    expect(lineOf(await detail(o.orderId), boot).priceProtection).toMatchObject({
      eligible: false,
      reason: 'WINDOW_OVER',
    });
    const late = await call(
      'POST',
      `/api/orders/${o.orderId}/lines/${boot}/price-protection`,
      consumer,
      undefined,
      key(),
    );
    expect(errorOf(late).code).toBe('PRICE_PROTECTION_EXPIRED');
  });
});
