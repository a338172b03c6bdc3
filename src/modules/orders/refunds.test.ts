import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import {
  balanceOf,
  customerWallet,
  merchantPayable,
  platformClearing,
  platformPromotionExpense,
  transactionsFor,
} from '../ledger';
import {
  buildWorld,
  createPaidOrder,
  expectSoundBooks,
  http,
  type PaidOrderInput,
  platformCoupon,
  storeThreshold,
  type World,
} from './test-fixtures';

/**
 * Refunds over HTTP on a real app: the worked numbers, a platform-funded coupon, unit
 * refunds summing to the whole, amount refunds, rejection, cancelling a paid sub-order, and every
 * refusal. After each test the books balance, every balance matches its entries, no wallet is
 * below zero.
 */
describe.each(testDatabaseTargets())('refunds on $kind', (target) => {
  let h: Harness;
  let call: ReturnType<typeof http>;
  let w: World;
  let consumer: Awaited<ReturnType<Harness['signIn']>>;
  let other: Awaited<ReturnType<Harness['signIn']>>;
  let keyN = 0;
  const key = () => `k-${++keyN}`;

  beforeAll(async () => {
    h = await createHarness(await target.open());
    call = http(h);
    w = await buildWorld(h, 'refunds', [
      {
        a400: { listPrice: 50000, campaignPrice: 40000 },
        b100: { listPrice: 12000, campaignPrice: 10000 },
        c110: { listPrice: 13000, campaignPrice: 11000 },
        d3333: { listPrice: 4000, campaignPrice: 3333 },
      },
      { e200: { listPrice: 25000, campaignPrice: 20000 } },
    ]);
    consumer = await h.signIn('consumer');
    other = await h.signIn('consumer');
  });
  afterAll(() => h.close());
  afterEach(() => expectSoundBooks(h.ctx.db));

  const order = (input: Omit<PaidOrderInput, 'customerId' | 'campaignId'>, customerId = consumer.userId) =>
    createPaidOrder(h.ctx, { customerId, campaignId: w.campaignId, ...input });
  const wallet = (userId = consumer.userId) => balanceOf(h.ctx.db, customerWallet(userId));
  const merchant = () => w.merchants[0]!;
  const requestRefund = (orderId: string, body: unknown, k: string | undefined = key(), who = consumer) =>
    call('POST', `/api/orders/${orderId}/refunds`, who, body, k);
  const approve = (refundId: string, k: string | undefined = key(), who = merchant()) =>
    call('POST', `/api/refunds/${refundId}/approve`, who, {}, k);

  it('lines of 400 and 100 with 满500减50: refunding the 100 line returns 90.00, the 400 line 360.00', async () => {
    const o = await order({
      lines: [
        { sku: w.skus.a400!, quantity: 1 },
        { sku: w.skus.b100!, quantity: 1 },
      ],
      promotions: [storeThreshold('m500', 50000, 5000)],
    });
    expect(o.total).toBe(45000);
    const store = w.storeIds[0]!;
    // The payment credited the store its gross less what it funds: 620.00 − (120.00 + 50.00) = 450.00.
    const payable0 = await balanceOf(h.ctx.db, merchantPayable(store));
    const requested = await requestRefund(o.orderId, {
      lineId: o.lineIds[1],
      quantity: 1,
      reason: '不想要了',
    });
    expect(requested.statusCode).toBe(201);
    const quote = requested.json().refund;
    expect(quote).toMatchObject({
      status: 'requested',
      amount: 9000,
      merchantPart: 9000,
      platformPart: 0,
      quantity: 1,
    });
    expect(await wallet()).toBe(0);

    const approved = await approve(quote.id);
    expect(approved.statusCode).toBe(200);
    const refund = approved.json().refund;
    expect(refund).toMatchObject({ status: 'approved', amount: 9000, merchantPart: 9000, platformPart: 0 });
    expect(await wallet()).toBe(9000);
    expect(await balanceOf(h.ctx.db, merchantPayable(store))).toBe(payable0 - 9000);

    // The ledger: order.refund (Dr payable 90.00 / Cr clearing 90.00), then wallet.refund (Dr clearing / Cr wallet).
    const txns = await transactionsFor(h.ctx.db, o.orderId, 'order.refund');
    expect(txns).toHaveLength(1);
    expect(txns[0]!.id).toBe(refund.ledgerTxnId);
    expect(txns[0]!.entries).toEqual([
      { account: merchantPayable(store), amount: 9000, currency: 'CNY' },
      { account: platformClearing(), amount: -9000, currency: 'CNY' },
    ]);
    const walletRefunds = await transactionsFor(h.ctx.db, o.chargeTxnId, 'wallet.refund');
    expect(walletRefunds.map((t) => t.entries)).toEqual([
      [
        { account: platformClearing(), amount: 9000, currency: 'CNY' },
        { account: customerWallet(consumer.userId), amount: -9000, currency: 'CNY' },
      ],
    ]);

    const big = await requestRefund(o.orderId, { lineId: o.lineIds[0], reason: '尺码不合适' });
    expect(big.json().refund.amount).toBe(36000);
    expect((await approve(big.json().refund.id)).json().refund.amount).toBe(36000);
    expect(await wallet()).toBe(45000);
    expect(await balanceOf(h.ctx.db, merchantPayable(store))).toBe(payable0 - 45000);
    // Every line refunded: the sub-order is closed.
    const sub = await h.ctx.db
      .selectFrom('sub_orders')
      .select('status')
      .where('id', '=', o.subOrders[0]!.id)
      .executeTakeFirstOrThrow();
    expect(sub.status).toBe('closed');
    // The outbox has the approvals.
    const events = await h.ctx.db
      .selectFrom('outbox')
      .select(['topic', 'payload'])
      .where('topic', '=', 'refund.approved')
      .execute();
    expect(events.filter((e) => (e.payload as { orderId: string }).orderId === o.orderId)).toHaveLength(2);
  });

  it('lines of 100 and 110 with 满200减20: refunding the 100 line returns 90.48', async () => {
    const o = await order({
      lines: [
        { sku: w.skus.b100!, quantity: 1 },
        { sku: w.skus.c110!, quantity: 1 },
      ],
      promotions: [storeThreshold('m200', 20000, 2000)],
    });
    const before = await wallet();
    const r = (await requestRefund(o.orderId, { lineId: o.lineIds[0], quantity: 1, reason: 'x' })).json()
      .refund;
    expect(r.amount).toBe(9048);
    await approve(r.id);
    expect((await wallet()) - before).toBe(9048);
  });

  it('a platform-funded coupon: the customer gets the paid share, the store gives back its net, the platform takes back its subsidy', async () => {
    const o = await order({
      lines: [
        { sku: w.skus.a400!, quantity: 1 },
        { sku: w.skus.b100!, quantity: 1 },
      ],
      promotions: [platformCoupon('pc500', 50000, 5000)],
      coupons: ['pc500'],
    });
    const store = w.storeIds[0]!;
    const [expense0, payable0, before] = [
      await balanceOf(h.ctx.db, platformPromotionExpense()),
      await balanceOf(h.ctx.db, merchantPayable(store)),
      await wallet(),
    ];
    const r = (await requestRefund(o.orderId, { lineId: o.lineIds[0], reason: 'x' })).json().refund;
    expect(r).toMatchObject({ amount: 36000, merchantPart: 40000, platformPart: 4000, quantity: 1 });
    const approved = (await approve(r.id)).json().refund;
    expect((await wallet()) - before).toBe(36000);
    expect(await balanceOf(h.ctx.db, platformPromotionExpense())).toBe(expense0 - 4000);
    expect(await balanceOf(h.ctx.db, merchantPayable(store))).toBe(payable0 - 40000);
    const txn = (await transactionsFor(h.ctx.db, o.orderId, 'order.refund')).find(
      (t) => t.id === approved.ledgerTxnId,
    )!;
    expect(txn.entries).toEqual([
      { account: merchantPayable(store), amount: 40000, currency: 'CNY' },
      { account: platformPromotionExpense(), amount: -4000, currency: 'CNY' },
      { account: platformClearing(), amount: -36000, currency: 'CNY' },
    ]);
  });

  it('refunds unit by unit sum to the whole line, and stock comes back', async () => {
    const o = await order({
      lines: [
        { sku: w.skus.d3333!, quantity: 3 },
        { sku: w.skus.b100!, quantity: 1 },
      ],
      promotions: [storeThreshold('m150', 15000, 1001)],
    });
    const line = await h.ctx.db
      .selectFrom('order_lines')
      .selectAll()
      .where('id', '=', o.lineIds[0]!)
      .executeTakeFirstOrThrow();
    // 满150减10.01 applied: the line (99.99 of 199.99) carries 5.00 of it, by largest remainder.
    expect(Number(line.total)).toBe(9999 - 500);
    const stock0 = (
      await h.ctx.db
        .selectFrom('skus')
        .select('stock')
        .where('id', '=', w.skus.d3333!.id)
        .executeTakeFirstOrThrow()
    ).stock;
    const before = await wallet();
    const amounts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = (
        await requestRefund(o.orderId, { lineId: o.lineIds[0], quantity: 1, reason: `unit ${i}` })
      ).json().refund;
      amounts.push((await approve(r.id)).json().refund.amount);
    }
    expect(amounts.reduce((s, a) => s + a, 0)).toBe(Number(line.total));
    expect((await wallet()) - before).toBe(Number(line.total));
    const after = await h.ctx.db
      .selectFrom('order_lines')
      .selectAll()
      .where('id', '=', o.lineIds[0]!)
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({ refunded_quantity: 3 });
    expect(Number(after.refunded_amount)).toBe(Number(line.total));
    expect(Number(after.refunded_merchant)).toBe(Number(line.subtotal) - Number(line.merchant_funded));
    const stock1 = (
      await h.ctx.db
        .selectFrom('skus')
        .select('stock')
        .where('id', '=', w.skus.d3333!.id)
        .executeTakeFirstOrThrow()
    ).stock;
    expect(stock1 - stock0).toBe(3);
    // Nothing left: 422 naming quantity.
    const more = await requestRefund(o.orderId, { lineId: o.lineIds[0], quantity: 1, reason: 'again' });
    expect(more.statusCode).toBe(422);
    expect(errorOf(more)).toMatchObject({ code: 'REFUND_EXCEEDS_LINE', details: { field: 'quantity' } });
  });

  it('an agreed amount, then the rest by units: exactly what was paid', async () => {
    const o = await order({ lines: [{ sku: w.skus.b100!, quantity: 2 }] });
    const before = await wallet();
    const part = (
      await requestRefund(o.orderId, { lineId: o.lineIds[0], amount: 1234, reason: '瑕疵补偿' })
    ).json().refund;
    expect(part).toMatchObject({ amount: 1234, quantity: 0 });
    await approve(part.id);
    const rest = (await requestRefund(o.orderId, { lineId: o.lineIds[0], reason: '退货' })).json().refund;
    expect(rest.quantity).toBe(2);
    expect(rest.amount).toBe(20000 - 1234);
    await approve(rest.id);
    expect((await wallet()) - before).toBe(20000);
  });

  it('a retried request or approval with the same key answers the same; a new key on a decided refund is 409', async () => {
    const o = await order({ lines: [{ sku: w.skus.b100!, quantity: 1 }] });
    const k = key();
    const first = await requestRefund(o.orderId, { lineId: o.lineIds[0], reason: 'x' }, k);
    const again = await requestRefund(o.orderId, { lineId: o.lineIds[0], reason: 'x' }, k);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().refund.id).toBe(first.json().refund.id);
    const reused = await requestRefund(o.orderId, { lineId: o.lineIds[0], reason: 'y' }, k);
    expect(errorOf(reused).code).toBe('IDEMPOTENCY_KEY_REUSED');
    const ak = key();
    const before = await wallet();
    expect((await approve(first.json().refund.id, ak)).statusCode).toBe(200);
    expect((await approve(first.json().refund.id, ak)).statusCode).toBe(200);
    expect((await wallet()) - before).toBe(10000);
    const late = await approve(first.json().refund.id);
    expect(late.statusCode).toBe(409);
    expect(errorOf(late).code).toBe('REFUND_NOT_PENDING');
  });

  it('counts pending requests: asking for more than is left including them is 422 naming the field', async () => {
    const o = await order({ lines: [{ sku: w.skus.b100!, quantity: 2 }] });
    expect(
      (await requestRefund(o.orderId, { lineId: o.lineIds[0], quantity: 2, reason: 'x' })).statusCode,
    ).toBe(201);
    const more = await requestRefund(o.orderId, { lineId: o.lineIds[0], quantity: 1, reason: 'x' });
    expect(more.statusCode).toBe(422);
    expect(errorOf(more).details).toMatchObject({ field: 'quantity', left: 0, pending: 2 });
    const amount = await requestRefund(o.orderId, { lineId: o.lineIds[0], amount: 1, reason: 'x' });
    expect(amount.statusCode).toBe(422);
    expect(errorOf(amount).details?.field).toBe('amount');
  });

  it('rejects with a reason; the merchant lists its refunds by status', async () => {
    const o = await order({ lines: [{ sku: w.skus.b100!, quantity: 1 }] });
    const r = (await requestRefund(o.orderId, { lineId: o.lineIds[0], reason: 'x' })).json().refund;
    const noReason = await call('POST', `/api/refunds/${r.id}/reject`, merchant(), {});
    expect(noReason.statusCode).toBe(400);
    expect(errorOf(noReason).details?.field).toBe('reason');
    const rejected = await call('POST', `/api/refunds/${r.id}/reject`, merchant(), {
      reason: '已使用，不支持退货',
    });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json().refund).toMatchObject({
      status: 'rejected',
      decisionReason: '已使用，不支持退货',
    });
    expect(
      (await call('POST', `/api/refunds/${r.id}/reject`, merchant(), { reason: 'again' })).statusCode,
    ).toBe(409);
    expect((await approve(r.id)).statusCode).toBe(409);
    const list = await call(
      'GET',
      `/api/merchant/refunds?storeId=${w.storeIds[0]}&status=rejected`,
      merchant(),
    );
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((x: { id: string }) => x.id)).toContain(r.id);
    expect(list.json().items.every((x: { status: string }) => x.status === 'rejected')).toBe(true);
    const mine = await call('GET', `/api/orders/${o.orderId}/refunds`, consumer);
    expect(mine.json().items).toHaveLength(1);
  });

  it('cancelling a paid sub-order before shipping refunds all of it at once; the other store is untouched', async () => {
    const o = await order({
      lines: [
        { sku: w.skus.a400!, quantity: 1 },
        { sku: w.skus.b100!, quantity: 2 },
        { sku: w.skus.e200!, quantity: 1 },
      ],
      promotions: [storeThreshold('m500c', 50000, 5000), platformCoupon('pc300', 30000, 3000)],
      coupons: ['pc300'],
    });
    const sub = o.subOrders.find((s) => s.storeId === w.storeIds[0])!;
    const subRow = await h.ctx.db
      .selectFrom('sub_orders')
      .selectAll()
      .where('id', '=', sub.id)
      .executeTakeFirstOrThrow();
    const pending = (
      await requestRefund(o.orderId, { lineId: o.lineIds[1], quantity: 1, reason: 'x' })
    ).json().refund;
    const before = await wallet();
    const k = key();
    const res = await call(
      'POST',
      `/api/sub-orders/${sub.id}/cancel-paid`,
      consumer,
      { reason: '拍错了' },
      k,
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.subOrder.status).toBe('cancelled');
    expect(body.refunds).toHaveLength(2);
    expect(body.refunds.every((r: { status: string }) => r.status === 'approved')).toBe(true);
    expect(body.refunds.reduce((s: number, r: { amount: number }) => s + r.amount, 0)).toBe(
      Number(subRow.total),
    );
    expect((await wallet()) - before).toBe(Number(subRow.total));
    // The pending request was superseded.
    const superseded = await h.ctx.db
      .selectFrom('refunds')
      .select(['status'])
      .where('id', '=', pending.id)
      .executeTakeFirstOrThrow();
    expect(superseded.status).toBe('rejected');
    // A retry answers the same; a new key is 409, since it is cancelled.
    expect(
      (await call('POST', `/api/sub-orders/${sub.id}/cancel-paid`, consumer, { reason: '拍错了' }, k))
        .statusCode,
    ).toBe(200);
    const twice = await call(
      'POST',
      `/api/sub-orders/${sub.id}/cancel-paid`,
      consumer,
      { reason: '拍错了' },
      key(),
    );
    expect(twice.statusCode).toBe(409);
    expect(errorOf(twice).code).toBe('NOT_CANCELLABLE');
    const otherSub = await h.ctx.db
      .selectFrom('sub_orders')
      .select('status')
      .where('id', '=', o.subOrders.find((s) => s !== sub)!.id)
      .executeTakeFirstOrThrow();
    expect(otherSub.status).toBe('paid');
    // A refund on a cancelled sub-order is 409.
    const onCancelled = await requestRefund(o.orderId, { lineId: o.lineIds[0], reason: 'x' });
    expect(onCancelled.statusCode).toBe(409);
    expect(errorOf(onCancelled).code).toBe('SUB_ORDER_NOT_REFUNDABLE');
  });

  it('refuses a shipped sub-order’s cancellation (409) and an unpaid or closed order’s refund (409)', async () => {
    const o = await order({ lines: [{ sku: w.skus.b100!, quantity: 1 }] });
    await h.ctx.db
      .updateTable('sub_orders')
      .set({ status: 'shipped' })
      .where('id', '=', o.subOrders[0]!.id)
      .execute();
    const shipped = await call(
      'POST',
      `/api/sub-orders/${o.subOrders[0]!.id}/cancel-paid`,
      consumer,
      {},
      key(),
    );
    expect(shipped.statusCode).toBe(409);
    expect(errorOf(shipped).details).toMatchObject({ status: 'shipped' });
    // A shipped sub-order can still be refunded by request.
    expect((await requestRefund(o.orderId, { lineId: o.lineIds[0], reason: 'x' })).statusCode).toBe(201);

    const closed = await order({ lines: [{ sku: w.skus.b100!, quantity: 1 }] });
    await h.ctx.db.updateTable('orders').set({ status: 'closed' }).where('id', '=', closed.orderId).execute();
    const res = await requestRefund(closed.orderId, { lineId: closed.lineIds[0], reason: 'x' });
    expect(res.statusCode).toBe(409);
    expect(errorOf(res).code).toBe('ORDER_NOT_PAID');
    await h.ctx.db.updateTable('orders').set({ status: 'paid' }).where('id', '=', closed.orderId).execute();
  });

  it('refuses: no key (400), bad input naming the field (400), strangers (401), wrong roles (403), others’ orders and lines (404)', async () => {
    const o = await order({ lines: [{ sku: w.skus.b100!, quantity: 1 }] });
    const body = { lineId: o.lineIds[0], reason: 'x' };
    const noKey = await requestRefund(o.orderId, body, '');
    expect(noKey.statusCode).toBe(400);
    expect(errorOf(noKey).details?.field).toBe('Idempotency-Key');
    const both = await requestRefund(o.orderId, { ...body, quantity: 1, amount: 100 });
    expect(both.statusCode).toBe(400);
    expect(errorOf(both).details?.field).toBe('amount');
    const zero = await requestRefund(o.orderId, { ...body, quantity: 0 });
    expect(errorOf(zero).details?.field).toBe('quantity');
    const noReason = await requestRefund(o.orderId, { lineId: o.lineIds[0] });
    expect(errorOf(noReason).details?.field).toBe('reason');
    const tooMuch = await requestRefund(o.orderId, { ...body, amount: 10001 });
    expect(tooMuch.statusCode).toBe(422);
    expect(errorOf(tooMuch).details?.field).toBe('amount');
    expect((await requestRefund(o.orderId, body, key(), null as never)).statusCode).toBe(401);
    expect((await requestRefund(o.orderId, body, key(), merchant())).statusCode).toBe(403);
    expect((await requestRefund(o.orderId, body, key(), other)).statusCode).toBe(404);
    expect((await requestRefund('ord_missing', body)).statusCode).toBe(404);
    const strangerLine = await requestRefund(o.orderId, { ...body, lineId: 'nope' });
    expect(strangerLine.statusCode).toBe(404);
    expect(errorOf(strangerLine).details?.field).toBe('lineId');

    const r = (await requestRefund(o.orderId, body)).json().refund;
    expect((await approve(r.id, key(), null as never)).statusCode).toBe(401);
    expect((await approve(r.id, key(), consumer)).statusCode).toBe(403);
    // A merchant of another store: 404 as for an unknown refund, without the owning store's id;
    // no key: 400; an unknown refund: 404.
    const foreign = await approve(r.id, key(), w.merchants[1]!);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error).toEqual({
      code: 'NOT_FOUND',
      message: 'Refund not found',
      details: { id: r.id },
    });
    expect((await approve(r.id, '')).statusCode).toBe(400);
    expect((await approve('ref_missing')).statusCode).toBe(404);
    expect(
      (await call('POST', `/api/refunds/${r.id}/reject`, w.merchants[1]!, { reason: 'no' })).statusCode,
    ).toBe(404);
    expect(
      (await call('GET', `/api/merchant/refunds?storeId=${w.storeIds[0]}`, w.merchants[1]!)).statusCode,
    ).toBe(404);
    expect((await call('GET', `/api/merchant/refunds?storeId=${w.storeIds[0]}`, consumer)).statusCode).toBe(
      403,
    );
    expect((await call('GET', '/api/merchant/refunds?storeId=str_missing', merchant())).statusCode).toBe(404);
    // Without storeId: every store the merchant is a member of (not another store's refunds).
    const mine = await call('GET', '/api/merchant/refunds', w.merchants[1]!);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.every((x: { storeId: string }) => x.storeId === w.storeIds[1])).toBe(true);
    expect((await call('GET', '/api/merchant/refunds', consumer)).statusCode).toBe(403);
    expect((await call('GET', `/api/orders/${o.orderId}/refunds`, other)).statusCode).toBe(404);
    expect(
      (await call('POST', `/api/sub-orders/${o.subOrders[0]!.id}/cancel-paid`, other, {}, key())).statusCode,
    ).toBe(404);
    expect(
      (await call('POST', `/api/sub-orders/${o.subOrders[0]!.id}/cancel-paid`, merchant(), {}, key()))
        .statusCode,
    ).toBe(403);
    // Nothing moved.
    expect((await call('POST', `/api/refunds/${r.id}/reject`, merchant(), { reason: 'no' })).statusCode).toBe(
      200,
    );
  });
});
