import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumers, createShop, type Shop } from '../../../test/support/checkout-fixtures';
import { key, shopper } from '../../../test/support/checkout-helpers';
import { createHarness, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { openFreshPostgres } from '../../platform/db/testing';
import { isAppError } from '../../platform/errors';

const CAPS = { unpaidOrdersPerCustomer: 2, heldUnitsPerSku: 3 };

async function liveShop(h: Harness): Promise<Shop> {
  h.clock.set('2026-11-01T00:00:00Z');
  const shop = await createShop(h.services, h.ctx.db, { now: h.clock.now() });
  h.clock.set(shop.liveAt);
  return shop;
}

describe.each(testDatabaseTargets())('holding caps at checkout on $kind', (target) => {
  let h: Harness;
  let shop: Shop;
  beforeAll(async () => {
    h = await createHarness(await target.open(), '2026-11-01T00:00:00Z', { limits: CAPS });
    shop = await liveShop(h);
  });
  afterAll(() => h.close());

  it('refuses a 3rd unpaid order with 409 TOO_MANY_UNPAID_ORDERS naming the limit; cancelling one frees a slot', async () => {
    const [id] = await consumers(h.ctx.db, 1);
    const s = shopper(h.services, shop.campaignId, id!);
    await s.put(shop.sku.a1, 1);
    const first = await s.checkout();
    await s.put(shop.sku.b1, 1);
    await s.checkout();
    await s.put(shop.sku.a2, 1);
    await expect(s.checkout()).rejects.toMatchObject({
      status: 409,
      code: 'TOO_MANY_UNPAID_ORDERS',
      details: { limit: 2, unpaid: 2 },
    });
    // Nothing was taken: the cart is still there, and the checkout goes through once a slot is free.
    await h.services.orders.cancel(s.me, first.id, 'cancel-first');
    const order = await s.checkout();
    expect(order.subOrders.flatMap((sub) => sub.lines.map((l) => l.skuId))).toEqual([shop.sku.a2]);
  });

  it('refuses more than 3 units of one SKU across unpaid orders with 409 HOLD_LIMIT_REACHED naming the sku', async () => {
    const [id, other] = await consumers(h.ctx.db, 2);
    const s = shopper(h.services, shop.campaignId, id!);
    await s.put(shop.sku.a1, 2);
    await s.checkout();
    await s.put(shop.sku.a1, 2);
    await expect(s.checkout()).rejects.toMatchObject({
      status: 409,
      code: 'HOLD_LIMIT_REACHED',
      details: { sku: shop.sku.a1, field: 'items', limit: 3, held: 2, requested: 2 },
    });
    await s.put(shop.sku.a1, 1);
    await s.checkout();
    // One order alone over the cap is refused too; another customer has their own allowance.
    const t = shopper(h.services, shop.campaignId, other!);
    await t.put(shop.sku.a1, 4);
    await expect(t.checkout()).rejects.toMatchObject({ code: 'HOLD_LIMIT_REACHED' });
    await t.put(shop.sku.a1, 3);
    expect((await t.checkout()).status).toBe('created');
  });

  it('counts only unpaid orders: paid ones hold nothing', async () => {
    const [id] = await consumers(h.ctx.db, 1);
    const s = shopper(h.services, shop.campaignId, id!);
    await s.topUp(1_000_000);
    for (let i = 0; i < 3; i++) {
      await s.put(shop.sku.a1, 3);
      await s.pay((await s.checkout()).id);
    }
  });
});

const url = process.env.DATABASE_URL;

/** Parallel checkouts of one customer (one cart in each of 4 campaigns) on a real pool. */
describe.skipIf(!url)('holding caps under concurrency on PostgreSQL', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(await openFreshPostgres(url!, 16), '2026-11-01T00:00:00Z', { limits: CAPS });
  });
  afterAll(() => h?.close());

  it('4 parallel checkouts of one customer in 4 campaigns: exactly 2 orders, 2 TOO_MANY_UNPAID_ORDERS', async () => {
    const shops: Shop[] = [];
    h.clock.set('2026-11-01T00:00:00Z');
    for (let i = 0; i < 4; i++) shops.push(await createShop(h.services, h.ctx.db, { now: h.clock.now() }));
    h.clock.set(shops[0]!.liveAt);
    const [id] = await consumers(h.ctx.db, 1);
    const carts = shops.map((shop) => shopper(h.services, shop.campaignId, id!));
    for (const [i, s] of carts.entries()) await s.put(shops[i]!.sku.a1, 1);

    for (let round = 0; round < 3; round++) {
      const settled = await Promise.allSettled(carts.map((s) => s.checkout(key())));
      const codes = settled.map((r) =>
        r.status === 'fulfilled' ? 'ok' : isAppError(r.reason) ? r.reason.code : String(r.reason),
      );
      const unpaid = await h.ctx.db
        .selectFrom('orders')
        .select('id')
        .where('customer_id', '=', id!)
        .where('status', '=', 'created')
        .execute();
      expect(unpaid.length).toBeLessThanOrEqual(2);
      if (round === 0) {
        expect(codes.filter((c) => c === 'ok')).toHaveLength(2);
        expect(codes.filter((c) => c === 'TOO_MANY_UNPAID_ORDERS')).toHaveLength(2);
      }
    }
  }, 120_000);
});
