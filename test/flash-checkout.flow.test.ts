import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trialBalance, verifyBalances } from '../src/modules/ledger';
import { createShop, type Shop } from './support/checkout-fixtures';
import {
  carveSlot,
  endReservationDirect,
  flashCounters,
  reserveDirect,
  type TestSlot,
} from './support/flash-fixtures';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from './support/harness';
import { topUpOverHttp } from './support/sandbox-top-up';

/**
 * Checkout of a flash-sale reservation (issue 15) over HTTP: the order at the flash price, the
 * SKU's stock and the nomination untouched (the slot's units were carved out of them), retries,
 * refusals, the unpaid order's close giving the unit back to the slot exactly once, and payment
 * and refund on the normal path.
 */
type Who = { cookie: string; userId: string };

describe.each(testDatabaseTargets())('checkout of a flash-sale reservation on $kind', (target) => {
  let h: Harness;
  let shop: Shop;
  let slot: TestSlot;
  let alice: Who;
  let bob: Who;
  let merchantA: Who;
  let n = 0;
  const key = () => `fk-${++n}`;
  const FLASH = 5000;

  const call = (method: 'GET' | 'POST', url: string, who: Who | null, payload?: unknown, idem?: string) =>
    h.app.inject({
      method,
      url,
      headers: { ...(who ? { cookie: who.cookie } : {}), ...(idem ? { 'idempotency-key': idem } : {}) },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
  const checkout = (who: Who, reservationId: string, idem?: string, body?: unknown) =>
    call('POST', `/api/flash-sales/reservations/${reservationId}/checkout`, who, body, idem);
  const expectCode = (res: LightMyRequestResponse, status: number, code: string) => {
    expect(res.statusCode, res.body).toBe(status);
    expect(errorOf(res).code).toBe(code);
  };
  const reservation = (id: string) =>
    h.ctx.db.selectFrom('flash_sale_reservations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const outboxTopics = async (topic: string) =>
    (await h.ctx.db.selectFrom('outbox').select('payload').where('topic', '=', topic).execute()).map(
      (r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
    );

  beforeAll(async () => {
    h = await createHarness(await target.open(), '2026-11-01T00:00:00Z');
    shop = await createShop(h.services, h.ctx.db, { now: h.clock.now() });
    [alice, bob, merchantA] = await Promise.all([
      h.signIn('consumer'),
      h.signIn('consumer'),
      h.signIn('merchant'),
    ]);
    await h.ctx.db
      .insertInto('store_members')
      .values({ store_id: shop.storeA, user_id: merchantA.userId, role: 'staff', created_at: new Date() })
      .execute();
    h.clock.set(shop.liveAt);
    const now = h.clock.now();
    // A1: list 100.00, campaign 80.00; the slot sells 10 of them at 50.00, 2 a customer.
    slot = await carveSlot(h.ctx.db, {
      campaignId: shop.campaignId,
      skuId: shop.sku.a1,
      flashPrice: FLASH,
      stock: 10,
      startsAt: now,
      endsAt: new Date(now.getTime() + 3600_000),
      createdBy: shop.operator.userId,
      perCustomerLimit: 2,
    });
  });
  afterAll(() => h.close());

  it('checks out at the flash price without touching the SKU or the nomination, and a retry is the same order', async () => {
    const rid = await reserveDirect(h.ctx.db, slot, alice.userId, { quantity: 2, now: h.clock.now() });
    const before = await flashCounters(h.ctx.db, slot, alice.userId);
    expect(before).toMatchObject({ taken: 2, customerUnits: 2 });

    const k = key();
    const res = await checkout(alice, rid, k, { expectedTotal: 2 * FLASH });
    expect(res.statusCode, res.body).toBe(201);
    const order = res.json().order;
    expect(order).toMatchObject({
      customerId: alice.userId,
      campaignId: shop.campaignId,
      status: 'created',
      subtotal: 2 * 10000,
      total: 2 * FLASH,
      discount: 2 * (10000 - FLASH),
      merchantFunded: 2 * (10000 - FLASH),
      platformFunded: 0,
      allowanceUsed: 0,
      amountDue: 2 * FLASH,
    });
    expect(order.subOrders).toHaveLength(1);
    const [line] = order.subOrders[0].lines;
    expect(line).toMatchObject({
      skuId: shop.sku.a1,
      nominationId: slot.nominationId,
      listPrice: 10000,
      unitPrice: FLASH,
      quantity: 2,
      total: 2 * FLASH,
    });
    // One adjustment explains the price: the slot's 秒杀价, funded by the merchant; nothing else.
    expect(line.adjustments).toEqual([
      {
        promotion: `flash_sale.${slot.id}`,
        layer: 'item',
        amount: 2 * (10000 - FLASH),
        fundedBy: 'merchant',
      },
    ]);
    // The checkout moved neither the SKU's stock nor the nomination, nor the slot's count.
    expect(await flashCounters(h.ctx.db, slot, alice.userId)).toEqual(before);
    expect(await reservation(rid)).toMatchObject({ status: 'ordered', order_id: order.id });
    const stored = await h.ctx.db
      .selectFrom('order_lines')
      .select('flash_reservation_id')
      .where('order_id', '=', order.id)
      .execute();
    expect(stored).toEqual([{ flash_reservation_id: rid }]);
    const created = (await outboxTopics('order.created')).filter((p) => p.orderId === order.id);
    expect(created).toEqual([
      expect.objectContaining({ flashSale: { slotId: slot.id, reservationId: rid } }),
    ]);

    // A retry with the same key answers the same order, byte for byte, and creates nothing.
    const again = await checkout(alice, rid, k, { expectedTotal: 2 * FLASH });
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(res.body);
    // A new key for the same reservation: it is no longer live, and the refusal names the order.
    const other = await checkout(alice, rid, key());
    expectCode(other, 409, 'RESERVATION_NOT_LIVE');
    expect(errorOf(other).details).toMatchObject({ status: 'ordered', orderId: order.id });
    const orders = await h.ctx.db
      .selectFrom('orders')
      .select('id')
      .where('customer_id', '=', alice.userId)
      .execute();
    expect(orders).toHaveLength(1);
    // The order reads back as it was answered.
    const got = await call('GET', `/api/orders/${order.id}`, alice);
    expect(got.json().order).toMatchObject({ id: order.id, total: 2 * FLASH });

    // Cancelled unpaid, both units go back to the slot and to her limit; the SKU is untouched.
    const cancel = await call('POST', `/api/orders/${order.id}/cancel`, alice, undefined, key());
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(await flashCounters(h.ctx.db, slot, alice.userId)).toEqual({
      ...before,
      taken: 0,
      customerUnits: 0,
    });
  });

  it('refuses an expired reservation, another customer’s (404), a wrong total, and needs a key', async () => {
    const start = h.clock.now();
    const rid = await reserveDirect(h.ctx.db, slot, bob.userId, { now: start });
    expectCode(await checkout(alice, rid, key()), 404, 'NOT_FOUND');
    expectCode(await checkout(bob, 'fsr_nope', key()), 404, 'NOT_FOUND');
    const noKey = await checkout(bob, rid);
    expect(noKey.statusCode, noKey.body).toBe(400);
    const wrong = await checkout(bob, rid, key(), { expectedTotal: 8000 });
    expectCode(wrong, 409, 'PRICE_CHANGED');
    expect(errorOf(wrong).details).toMatchObject({ total: FLASH });
    const bad = await checkout(bob, rid, key(), { expectedTotal: -1 });
    expectCode(bad, 400, 'VALIDATION_FAILED');
    expect(errorOf(bad).details?.field).toBe('expectedTotal');

    // Past the deadline (the sweeper has not run yet): expired, and nothing moved.
    h.clock.advance(5 * 60_000);
    const before = await flashCounters(h.ctx.db, slot, bob.userId);
    const late = await checkout(bob, rid, key());
    expectCode(late, 409, 'RESERVATION_EXPIRED');
    expect(errorOf(late).details).toMatchObject({
      deadline: new Date(start.getTime() + 5 * 60_000).toISOString(),
    });
    expect(await flashCounters(h.ctx.db, slot, bob.userId)).toEqual(before);
    expect(await reservation(rid)).toMatchObject({ status: 'reserved', order_id: null });
    // Once the sweeper expired it, the answer is the same.
    await endReservationDirect(h.ctx.db, rid, 'expired');
    expectCode(await checkout(bob, rid, key()), 409, 'RESERVATION_EXPIRED');
    // And a cancelled one is not live.
    const cancelled = await reserveDirect(h.ctx.db, slot, bob.userId, { now: h.clock.now() });
    await endReservationDirect(h.ctx.db, cancelled, 'cancelled');
    expectCode(await checkout(bob, cancelled, key()), 409, 'RESERVATION_NOT_LIVE');
  });

  it('an unpaid order that times out gives its unit back to the slot once, never to the SKU', async () => {
    const carol = await h.signIn('consumer');
    const rid = await reserveDirect(h.ctx.db, slot, carol.userId, { now: h.clock.now() });
    const afterReserve = await flashCounters(h.ctx.db, slot, carol.userId);
    const res = await checkout(carol, rid, key());
    expect(res.statusCode, res.body).toBe(201);
    const order = res.json().order;
    // The order must be paid within the slot's checkout minutes (5), shorter than the shop's 15.
    expect(new Date(order.payBy).getTime() - h.clock.now().getTime()).toBe(5 * 60_000);

    h.clock.advance(5 * 60_000 + 1000);
    const swept = await h.services.orders.sweep();
    expect(swept.closedUnpaid).toBeGreaterThanOrEqual(1);
    const closed = (await call('GET', `/api/orders/${order.id}`, carol)).json().order;
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'payment_timeout' });
    expect(await reservation(rid)).toMatchObject({ status: 'released', order_id: order.id });
    const after = await flashCounters(h.ctx.db, slot, carol.userId);
    expect(after).toEqual({
      ...afterReserve,
      taken: afterReserve.taken - 1,
      customerUnits: afterReserve.customerUnits - 1,
    });
    // A second sweep and a late cancel change nothing more.
    await h.services.orders.sweep();
    const cancel = await call('POST', `/api/orders/${order.id}/cancel`, carol, undefined, key());
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(await flashCounters(h.ctx.db, slot, carol.userId)).toEqual(after);
    const events = (await outboxTopics('flash_sale.reservation_released')).filter(
      (p) => p.reservationId === rid,
    );
    expect(events).toEqual([
      {
        reservationId: rid,
        slotId: slot.id,
        customerId: carol.userId,
        quantity: 1,
        orderId: order.id,
        releasedTo: 'slot',
      },
    ]);
    // The freed unit can be reserved again.
    const dave = await h.signIn('consumer');
    const again = await reserveDirect(h.ctx.db, slot, dave.userId, { now: h.clock.now() });
    expect((await checkout(dave, again, key())).statusCode).toBe(201);
  });

  it('a customer’s cancel of the unpaid order gives the unit back to the slot too', async () => {
    const erin = await h.signIn('consumer');
    const rid = await reserveDirect(h.ctx.db, slot, erin.userId, { now: h.clock.now() });
    const order = (await checkout(erin, rid, key())).json().order;
    const before = await flashCounters(h.ctx.db, slot, erin.userId);
    const k = key();
    const cancel = await call('POST', `/api/orders/${order.id}/cancel`, erin, undefined, k);
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect((await call('POST', `/api/orders/${order.id}/cancel`, erin, undefined, k)).body).toBe(cancel.body);
    expect(await flashCounters(h.ctx.db, slot, erin.userId)).toEqual({
      ...before,
      taken: before.taken - 1,
      customerUnits: 0,
    });
    expect(await reservation(rid)).toMatchObject({ status: 'released' });
  });

  it('a unit released after its slot closed goes to the SKU and the nomination', async () => {
    const fay = await h.signIn('consumer');
    const rid = await reserveDirect(h.ctx.db, slot, fay.userId, { now: h.clock.now() });
    const order = (await checkout(fay, rid, key())).json().order;
    // The slot closes (its unsold units went back when it did; this unit was ordered then).
    await h.ctx.db
      .updateTable('flash_sale_slots')
      .set({ status: 'closed' })
      .where('id', '=', slot.id)
      .execute();
    const before = await flashCounters(h.ctx.db, slot, fay.userId);
    expect((await call('POST', `/api/orders/${order.id}/cancel`, fay, undefined, key())).statusCode).toBe(
      200,
    );
    expect(await flashCounters(h.ctx.db, slot, fay.userId)).toEqual({
      taken: before.taken - 1,
      skuStock: before.skuStock + 1,
      campaignSold: before.campaignSold - 1,
      customerUnits: 0,
    });
    const [event] = (await outboxTopics('flash_sale.reservation_released')).filter(
      (p) => p.reservationId === rid,
    );
    expect(event).toMatchObject({ releasedTo: 'sku' });
    await h.ctx.db
      .updateTable('flash_sale_slots')
      .set({ status: 'scheduled' })
      .where('id', '=', slot.id)
      .execute();
  });

  it('pays the flash order and refunds it on the normal path (the unit goes to the SKU’s stock)', async () => {
    const gus = await h.signIn('consumer');
    await topUpOverHttp(h.app, h.services.payments, gus.cookie, 10000);
    const rid = await reserveDirect(h.ctx.db, slot, gus.userId, { now: h.clock.now() });
    const order = (await checkout(gus, rid, key())).json().order;
    const paid = await call('POST', `/api/orders/${order.id}/pay`, gus, undefined, key());
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json().order).toMatchObject({ status: 'paid', amountPaid: FLASH });
    expect((await call('GET', '/api/wallet', gus)).json().wallet.balance).toBe(10000 - FLASH);

    // A paid order never closes unpaid: the sweep leaves its reservation ordered.
    h.clock.advance(10 * 60_000);
    await h.services.orders.sweep();
    expect(await reservation(rid)).toMatchObject({ status: 'ordered' });

    const before = await flashCounters(h.ctx.db, slot, gus.userId);
    const lineId = paid.json().order.subOrders[0].lines[0].id;
    const asked = await call(
      'POST',
      `/api/orders/${order.id}/refunds`,
      gus,
      { lineId, reason: '不想要了' },
      key(),
    );
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json().refund).toMatchObject({ amount: FLASH, merchantPart: FLASH, platformPart: 0 });
    const approved = await call(
      'POST',
      `/api/refunds/${asked.json().refund.id}/approve`,
      merchantA,
      {},
      key(),
    );
    expect(approved.statusCode, approved.body).toBe(200);
    expect((await call('GET', '/api/wallet', gus)).json().wallet.balance).toBe(10000);
    // After payment the unit is the SKU's again, as any refunded unit; the slot keeps counting it sold.
    expect(await flashCounters(h.ctx.db, slot, gus.userId)).toEqual({
      ...before,
      skuStock: before.skuStock + 1,
      campaignSold: before.campaignSold - 1,
    });
    expect(await reservation(rid)).toMatchObject({ status: 'ordered' });
    const tb = await trialBalance(h.ctx.db);
    expect(tb.total).toBe(0);
    expect(await verifyBalances(h.ctx.db)).toEqual([]);
  });

  it('keeps the invariant: the slot counts exactly its live and ordered units', async () => {
    const rows = await h.ctx.db
      .selectFrom('flash_sale_reservations')
      .select(['status', 'quantity'])
      .where('slot_id', '=', slot.id)
      .execute();
    const held = rows
      .filter((r) => r.status === 'reserved' || r.status === 'ordered')
      .reduce((s, r) => s + r.quantity, 0);
    expect((await flashCounters(h.ctx.db, slot)).taken).toBe(held);
  });
});
