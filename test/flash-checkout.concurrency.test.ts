import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShop, type Shop } from './support/checkout-fixtures';
import { carveSlot, flashCounters, reserveDirect, type TestSlot } from './support/flash-fixtures';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from './support/harness';

/**
 * Races on the orders side of a reservation (most telling on PostgreSQL, where they really run
 * at once): many checkouts of one reservation make one order; a cancel racing the sweep gives
 * the unit back once.
 */
describe.each(testDatabaseTargets())('flash checkout races on $kind', (target) => {
  let h: Harness;
  let shop: Shop;
  let slot: TestSlot;
  let n = 0;
  const key = () => `ck-${++n}`;

  beforeAll(async () => {
    h = await createHarness(await target.open(), '2026-11-01T00:00:00Z');
    shop = await createShop(h.services, h.ctx.db, { now: h.clock.now() });
    h.clock.set(shop.liveAt);
    const now = h.clock.now();
    slot = await carveSlot(h.ctx.db, {
      campaignId: shop.campaignId,
      skuId: shop.sku.a1,
      flashPrice: 5000,
      stock: 5,
      startsAt: now,
      endsAt: new Date(now.getTime() + 3600_000),
      createdBy: shop.operator.userId,
    });
  });
  afterAll(() => h.close());

  it('eight checkouts of one reservation under different keys make one order', async () => {
    const who = await h.signIn('consumer');
    const rid = await reserveDirect(h.ctx.db, slot, who.userId, { now: h.clock.now() });
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        h.app.inject({
          method: 'POST',
          url: `/api/flash-sales/reservations/${rid}/checkout`,
          headers: { cookie: who.cookie, 'idempotency-key': key() },
        }),
      ),
    );
    const codes = results.map((r) => (r.statusCode === 201 ? 'created' : errorOf(r).code)).sort();
    expect(codes).toEqual([...Array(7).fill('RESERVATION_NOT_LIVE'), 'created']);
    const orders = await h.ctx.db
      .selectFrom('orders')
      .select('id')
      .where('customer_id', '=', who.userId)
      .execute();
    expect(orders).toHaveLength(1);
    expect((await flashCounters(h.ctx.db, slot, who.userId)).customerUnits).toBe(1);
  });

  it('a cancel racing two sweeps gives the unit back once', async () => {
    const who = await h.signIn('consumer');
    const rid = await reserveDirect(h.ctx.db, slot, who.userId, { now: h.clock.now() });
    const created = await h.app.inject({
      method: 'POST',
      url: `/api/flash-sales/reservations/${rid}/checkout`,
      headers: { cookie: who.cookie, 'idempotency-key': key() },
    });
    expect(created.statusCode, created.body).toBe(201);
    const orderId = created.json().order.id as string;
    const before = await flashCounters(h.ctx.db, slot, who.userId);
    h.clock.advance(5 * 60_000 + 1000);
    const [cancel] = await Promise.all([
      h.app.inject({
        method: 'POST',
        url: `/api/orders/${orderId}/cancel`,
        headers: { cookie: who.cookie, 'idempotency-key': key() },
      }),
      h.services.orders.sweep(),
      h.services.orders.sweep(),
    ]);
    expect(cancel.statusCode, cancel.body).toBe(200);
    const after = await flashCounters(h.ctx.db, slot, who.userId);
    // The sweep also closed the first test's unpaid order: taken is exactly the units still held.
    const held = await h.ctx.db
      .selectFrom('flash_sale_reservations')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('quantity'), eb.lit(0)).as('n'))
      .where('slot_id', '=', slot.id)
      .where('status', 'in', ['reserved', 'ordered'])
      .executeTakeFirstOrThrow();
    expect(after.taken).toBe(Number(held.n));
    expect(after.taken).toBeLessThan(before.taken);
    expect(after.customerUnits).toBe(0);
    expect(after.skuStock).toBe(before.skuStock);
    const released = await h.ctx.db
      .selectFrom('outbox')
      .select('payload')
      .where('topic', '=', 'flash_sale.reservation_released')
      .execute();
    const mine = released
      .map(
        (r) =>
          (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as { reservationId: string },
      )
      .filter((p) => p.reservationId === rid);
    expect(mine).toHaveLength(1);
  });
});
