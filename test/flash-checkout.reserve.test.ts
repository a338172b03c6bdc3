import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribeToOrderEvents } from '../src/modules/flash-sales';
import { consumerSessions, flashShop, reserve } from '../src/modules/flash-sales/test-fixtures';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from './support/harness';
import { topUpOverHttp } from './support/sandbox-top-up';

/**
 * The whole loop over the real flash-sale API (KV hot path and group commit): reserve the last
 * unit, check it out, let the order lapse unpaid, and the unit comes back, in PostgreSQL and
 * then in the KV, so the next customer reserves, checks out and pays it at the flash price.
 */

/** Waits until `check` holds: the relay delivers outbox events shortly after each commit. */
async function until(check: () => Promise<boolean>, ms = 5000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(testDatabaseTargets())('reserve, check out, lapse, resell on $kind', (target) => {
  let h: Harness;
  let n = 0;
  const key = () => `rk-${++n}`;

  beforeAll(async () => {
    h = await createHarness(await target.open());
  });
  afterAll(() => h?.close());

  it('a lapsed flash order gives its unit back once, and it sells again', async () => {
    const fs = await flashShop(h, { stock: 1, flashPrice: 5000, checkoutMinutes: 5 });
    h.clock.set(fs.startsAt);
    const [carol, dave] = await consumerSessions(h.ctx.db, 2, h.clock.now());
    const remaining = async () =>
      (await h.app.inject({ method: 'GET', url: `/api/flash-sales/${fs.slotId}` })).json().slot.remaining;
    const checkout = (who: { cookie: string }, id: string, k: string) =>
      h.app.inject({
        method: 'POST',
        url: `/api/flash-sales/reservations/${id}/checkout`,
        headers: { cookie: who.cookie, 'idempotency-key': k },
        payload: { expectedTotal: 5000 },
      });
    const skuStock = async () =>
      (
        await h.ctx.db
          .selectFrom('skus')
          .select('stock')
          .where('id', '=', fs.shop.sku.a1)
          .executeTakeFirstOrThrow()
      ).stock;
    const stockAfterCarve = await skuStock();

    const first = await reserve(h, carol!.cookie, fs.slotId, key());
    expect(first.statusCode, first.body).toBe(201);
    expect(await remaining()).toBe(0);
    const refused = await reserve(h, dave!.cookie, fs.slotId, key());
    expect(errorOf(refused).code).toBe('SOLD_OUT');

    const ordered = await checkout(carol!, first.json().reservation.id, key());
    expect(ordered.statusCode, ordered.body).toBe(201);
    const order = ordered.json().order;
    expect(order).toMatchObject({ total: 5000, status: 'created' });

    // Unpaid past its window: the sweep closes it and the unit goes back to the slot in PG...
    h.clock.advance(5 * 60_000 + 1000);
    expect((await h.services.orders.sweep()).closedUnpaid).toBe(1);
    const slotRow = await h.ctx.db
      .selectFrom('flash_sale_slots')
      .select('taken')
      .where('id', '=', fs.slotId)
      .executeTakeFirstOrThrow();
    expect(slotRow.taken).toBe(0);
    // ...and to the KV once (the reconciler's pass returns released reservations by id, once).
    h.clock.advance(3000);
    await h.services.flashSales.maintain();
    await h.services.flashSales.maintain();
    expect(await remaining()).toBe(1);

    const second = await reserve(h, dave!.cookie, fs.slotId, key());
    expect(second.statusCode, second.body).toBe(201);
    expect(await remaining()).toBe(0);
    const resold = await checkout(dave!, second.json().reservation.id, key());
    expect(resold.statusCode, resold.body).toBe(201);
    await topUpOverHttp(h.app, h.services.payments, dave!.cookie, 5000);
    const paid = await h.app.inject({
      method: 'POST',
      url: `/api/orders/${resold.json().order.id}/pay`,
      headers: { cookie: dave!.cookie, 'idempotency-key': key() },
    });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json().order).toMatchObject({ status: 'paid', amountPaid: 5000 });
    // The SKU's own stock never moved after the carve.
    expect(await skuStock()).toBe(stockAfterCarve);
  });
});

describe.each(testDatabaseTargets())('the KV follows the orders side through events on $kind', (target) => {
  let h: Harness;
  let n = 0;
  const key = () => `ek-${++n}`;

  beforeAll(async () => {
    h = await createHarness(await target.open());
  });
  afterAll(() => h?.close());

  it('an ordered reservation frees the live slot at once; a released one returns its unit without the reconciler', async () => {
    const fs = await flashShop(h, { stock: 3, perCustomerLimit: 2, flashPrice: 5000 });
    h.clock.set(fs.startsAt);
    const sub = await subscribeToOrderEvents({ bus: h.ctx.bus, state: h.services.flashSales.state });
    try {
      const [erin] = await consumerSessions(h.ctx.db, 1, h.clock.now());
      const remaining = async () =>
        (await h.app.inject({ method: 'GET', url: `/api/flash-sales/${fs.slotId}` })).json().slot.remaining;
      const first = await reserve(h, erin!.cookie, fs.slotId, key());
      expect(first.statusCode, first.body).toBe(201);
      // A live reservation blocks a second one until it is checked out.
      const blocked = await reserve(h, erin!.cookie, fs.slotId, key());
      expect(errorOf(blocked)).toMatchObject({
        code: 'LIMIT_REACHED',
        details: { reason: 'live_reservation' },
      });
      const ordered = await h.app.inject({
        method: 'POST',
        url: `/api/flash-sales/reservations/${first.json().reservation.id}/checkout`,
        headers: { cookie: erin!.cookie, 'idempotency-key': key() },
      });
      expect(ordered.statusCode, ordered.body).toBe(201);
      // Once the event is delivered, her second unit (limit 2) can be reserved right away.
      let second = await reserve(h, erin!.cookie, fs.slotId, key());
      await until(async () => {
        if (second.statusCode === 201) return true;
        second = await reserve(h, erin!.cookie, fs.slotId, key());
        return second.statusCode === 201;
      });
      expect(await remaining()).toBe(1);
      // A third is refused: her second is live, and she is at her limit of 2.
      expect(errorOf(await reserve(h, erin!.cookie, fs.slotId, key())).code).toBe('LIMIT_REACHED');

      // She cancels the unpaid order: the unit is back in the KV without a reconciler pass.
      const cancel = await h.app.inject({
        method: 'POST',
        url: `/api/orders/${ordered.json().order.id}/cancel`,
        headers: { cookie: erin!.cookie, 'idempotency-key': key() },
      });
      expect(cancel.statusCode, cancel.body).toBe(200);
      await until(async () => (await remaining()) === 2);
      // The reconciler's later pass over released reservations does not count it twice.
      h.clock.advance(3000);
      await h.services.flashSales.maintain();
      expect(await remaining()).toBe(2);
    } finally {
      await sub.close();
    }
  });
});
