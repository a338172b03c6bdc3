import type { LogEvent } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rulesInputSchema } from '../src/modules/enrollment';
import { actor, consumers, createShop, type Shop } from './support/checkout-fixtures';
import { counters, key, shopper } from './support/checkout-helpers';
import { createHarness, type Harness, testDatabaseTargets } from './support/harness';

/**
 * The checkout's hot path (docs/checkout-hot-path.md): how many statements one checkout sends
 * and in what order, the in-process cache of campaign and venue reads and its invalidation,
 * and the single stock statement's refusals.
 */
let capturing = false;
const statements: string[] = [];
const log = (e: LogEvent) => {
  if (capturing) statements.push(e.query.sql);
};

describe.each(testDatabaseTargets({ log }))('the checkout hot path on $kind', (target) => {
  let h: Harness;
  let shop: Shop;

  const fill = async (userId: string, lines: [string, number][]) => {
    const s = shopper(h.services, shop.campaignId, userId);
    for (const [sku, qty] of lines) await s.put(sku, qty);
    return s;
  };
  const line = (
    order: { subOrders: { lines: { skuId: string; unitPrice: number; listPrice: number }[] }[] },
    sku: string,
  ) => order.subOrders.flatMap((s) => s.lines).find((l) => l.skuId === sku)!;

  beforeAll(async () => {
    h = await createHarness(await target.open(), '2026-11-01T00:00:00Z');
    shop = await createShop(h.services, h.ctx.db, { now: h.clock.now(), a1Stock: 100 });
    h.clock.set(shop.liveAt);
  });
  afterAll(() => h.close());

  it('sends at most 8 statements, the stock statement last before COMMIT', async () => {
    // No relay rounds in between: the count is the checkout's own.
    await h.ctx.relay.stop();
    const warm = await h.signIn('consumer');
    const who = await h.signIn('consumer');
    const call = (cookie: string, k: string) =>
      h.app.inject({
        method: 'POST',
        url: '/api/checkout',
        headers: { cookie, 'idempotency-key': k },
        payload: { campaignId: shop.campaignId },
      });
    // The first checkout fills the caches; the second is the steady state.
    await fill(warm.userId, [
      [shop.sku.a1, 1],
      [shop.sku.b1, 1],
    ]);
    expect((await call(warm.cookie, key())).statusCode).toBe(201);
    await fill(who.userId, [
      [shop.sku.a1, 2],
      [shop.sku.b1, 1],
    ]);
    statements.length = 0;
    capturing = true;
    const res = await call(who.cookie, key());
    capturing = false;
    expect(res.statusCode, res.body).toBe(201);

    const shown = statements.map((s) => s.replace(/\s+/g, ' ').slice(0, 60));
    // session, claim, BEGIN, customer lock + cart, customer reads, order rows + outbox + answer,
    // stock (with COMMIT on PostgreSQL), COMMIT
    expect(statements.length, shown.join('\n')).toBeLessThanOrEqual(8);
    const stock = statements.findIndex((s) => /^WITH "s0" AS \(UPDATE skus/.test(s));
    expect(stock, shown.join('\n')).toBe(statements.length - 2);
    expect(statements.at(-1)).toMatch(/^commit$/i);
    // Nothing of the hot rows before it: stock and campaign stock move only there.
    expect(statements.slice(0, stock).some((s) => /update "?(skus|nominations)"?/i.test(s))).toBe(false);
    // The order, its lines, the outbox event and the stored answer go in one statement before it.
    const write = statements.findIndex((s) => /insert into "orders"/.test(s));
    expect(write).toBe(stock - 1);
    expect(statements[write]).toMatch(/insert into "outbox"/);
    expect(statements[write]).toMatch(/update "idempotency_keys"/);
    // No budget statement: no promotion of this campaign has a budget.
    expect(statements.some((s) => /promotion_budgets" set/.test(s))).toBe(false);
    h.ctx.relay.start();
  });

  it('answers with the order as it is stored', async () => {
    const [c] = await consumers(h.ctx.db, 1);
    const order = await (
      await fill(c!, [
        [shop.sku.a1, 1],
        [shop.sku.b1, 2],
      ])
    ).checkout();
    // The order's rows were built before they were written; reading them back gives the same.
    const stored = await h.services.orders.get(actor(c!, 'consumer'), order.id);
    const { subOrders, ...head } = order;
    expect(stored).toMatchObject(head);
    const lines = (o: typeof order) =>
      o.subOrders.flatMap((x) =>
        x.lines.map((l) => ({
          id: l.id,
          subOrderId: l.subOrderId,
          skuId: l.skuId,
          nominationId: l.nominationId,
          title: l.title,
          listPrice: l.listPrice,
          unitPrice: l.unitPrice,
          quantity: l.quantity,
          subtotal: l.subtotal,
          discount: l.discount,
          total: l.total,
          merchantFunded: l.merchantFunded,
          platformFunded: l.platformFunded,
          deposit: l.deposit,
          balance: l.balance,
          adjustments: l.adjustments,
        })),
      );
    expect(lines(stored)).toEqual(lines(order));
    expect(stored.subOrders.map(({ lines: _, storeName: __, ...x }) => x)).toEqual(
      order.subOrders.map(({ lines: _, storeName: __, ...x }) => x),
    );
  });

  it('a checkout right after a campaign price drop sells at the new price', async () => {
    const [c1, c2] = await consumers(h.ctx.db, 2);
    const before = await (await fill(c1!, [[shop.sku.a2, 1]])).checkout();
    expect(line(before, shop.sku.a2).unitPrice).toBe(25000);
    const nomination = await h.ctx.db
      .selectFrom('nominations')
      .select('id')
      .where('campaign_id', '=', shop.campaignId)
      .where('sku_id', '=', shop.sku.a2)
      .where('status', '=', 'approved')
      .executeTakeFirstOrThrow();
    await h.services.campaignPrices.lower(shop.merchantA, nomination.id, {
      campaignPrice: 24000,
      reason: 'test',
    });
    const after = await (await fill(c2!, [[shop.sku.a2, 1]])).checkout();
    expect(line(after, shop.sku.a2).unitPrice).toBe(24000);
  });

  it('a checkout right after a list price change prices from the new list price', async () => {
    const [c1, c2] = await consumers(h.ctx.db, 2);
    const before = await (await fill(c1!, [[shop.sku.b1, 1]])).checkout();
    expect(line(before, shop.sku.b1).listPrice).toBe(20000);
    const sku = await h.ctx.db
      .selectFrom('skus')
      .select('version')
      .where('id', '=', shop.sku.b1)
      .executeTakeFirstOrThrow();
    await h.services.catalog.changePrice(shop.merchantB, shop.sku.b1, 21000, sku.version);
    const after = await (await fill(c2!, [[shop.sku.b1, 1]])).checkout();
    expect(line(after, shop.sku.b1).listPrice).toBe(21000);
  });

  it('a checkout right after the rules change applies the new promotion', async () => {
    const [c1, c2] = await consumers(h.ctx.db, 2);
    const before = await (await fill(c1!, [[shop.sku.a1, 1]])).checkout();
    const rules = await h.services.enrollment.getRules(shop.campaignId, shop.operator);
    const input = rulesInputSchema.parse({
      eligibleCategories: rules.eligibleCategories,
      minRating: rules.minRating,
      opensAt: rules.opensAt,
      closesAt: rules.closesAt,
      maxPriceBp: rules.maxPriceBp,
      promotions: [
        ...rules.promotions,
        { id: 'flash5', layer: 'platform', type: 'threshold', tiers: [{ threshold: 100, off: 500 }] },
      ],
      requiredPromotionIds: rules.requiredPromotionIds,
      version: rules.version,
    });
    await h.services.enrollment.setRules(shop.operator, shop.campaignId, input);
    const after = await (await fill(c2!, [[shop.sku.a1, 1]])).checkout();
    expect(after.total).toBe(before.total - 500);
  });

  it('a checkout right after the campaign is archived is refused', async () => {
    // Last: the campaign stays archived. Its cached row must not outlive the transition.
    const [c1, c2] = await consumers(h.ctx.db, 2);
    await (await fill(c1!, [[shop.sku.a1, 1]])).checkout();
    const s = await fill(c2!, [[shop.sku.a1, 1]]);
    await h.services.campaigns.transition(shop.operator, shop.campaignId, 'archived', 'test');
    const refused = await s.checkout().catch((e: { code?: string }) => e);
    expect(['CAMPAIGN_NOT_LIVE', 'NOT_FOUND']).toContain((refused as { code?: string }).code);
  });
});

describe.each(testDatabaseTargets())('the single stock statement on $kind', (target) => {
  let h: Harness;
  let shop: Shop;

  beforeAll(async () => {
    h = await createHarness(await target.open(), '2026-11-01T00:00:00Z');
    // A1: 3 campaign units, plenty on hand; B1: 50 campaign units, 100 on hand.
    shop = await createShop(h.services, h.ctx.db, { now: h.clock.now(), a1Stock: 3 });
    h.clock.set(shop.liveAt);
  });
  afterAll(() => h.close());

  const attempt = async (lines: [string, number][]) => {
    const [c] = await consumers(h.ctx.db, 1);
    const s = shopper(h.services, shop.campaignId, c!);
    for (const [sku, qty] of lines) await s.put(sku, qty);
    const k = key('sold');
    const before = await counters(h.ctx.db, shop.campaignId);
    const outbox = await h.ctx.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const error = await s.checkout(k).then(
      () => null,
      (e: { code?: string; details?: Record<string, unknown> }) => e,
    );
    const after = await counters(h.ctx.db, shop.campaignId);
    const outboxAfter = await h.ctx.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return { error, before, after, s, k, customer: c!, outbox: [Number(outbox.n), Number(outboxAfter.n)] };
  };

  it('refuses SOLD_OUT naming the SKU short of campaign stock, and writes nothing', async () => {
    const r = await attempt([
      [shop.sku.b1, 1],
      [shop.sku.a1, 4],
    ]);
    expect(r.error?.code).toBe('SOLD_OUT');
    expect(r.error?.details).toMatchObject({ sku: shop.sku.a1, stock: 'campaign_stock' });
    expect(r.after).toEqual(r.before);
    expect(r.outbox[1]).toBe(r.outbox[0]);
    // The cart is back, and the refusal is the key's stored answer.
    const cart = await h.ctx.db
      .selectFrom('cart_items')
      .select('sku_id')
      .where('customer_id', '=', r.customer)
      .execute();
    expect(cart).toHaveLength(2);
    const again = await h.services.orders.checkout(r.s.me, { campaignId: shop.campaignId }, r.k);
    expect(again.replayed).toBe(true);
    expect(again.status).toBe(409);
    expect(JSON.parse(again.text).error.code).toBe('SOLD_OUT');
  });

  it('refuses SOLD_OUT naming the SKU short of stock on hand, stock before campaign stock', async () => {
    await h.ctx.db.updateTable('skus').set({ stock: 0 }).where('id', '=', shop.sku.b1).execute();
    try {
      const r = await attempt([
        [shop.sku.a1, 4],
        [shop.sku.b1, 1],
      ]);
      // Both short: the first in SKU id order is named, and for it the stock on hand first.
      const first = [shop.sku.a1, shop.sku.b1].sort()[0]!;
      expect(r.error?.code).toBe('SOLD_OUT');
      expect(r.error?.details).toMatchObject({
        sku: first,
        stock: first === shop.sku.b1 ? 'stock' : 'campaign_stock',
      });
      expect(r.after).toEqual(r.before);
    } finally {
      await h.ctx.db.updateTable('skus').set({ stock: 100 }).where('id', '=', shop.sku.b1).execute();
    }
  });

  it('takes every line when all are there, and the last unit goes once', async () => {
    const ok = await attempt([
      [shop.sku.a1, 3],
      [shop.sku.b1, 2],
    ]);
    expect(ok.error).toBeNull();
    const sold = (c: typeof ok.after, sku: string) =>
      c.nominations.find((n) => n.sku_id === sku)!.campaign_sold;
    expect(sold(ok.after, shop.sku.a1)).toBe(sold(ok.before, shop.sku.a1) + 3);
    expect(sold(ok.after, shop.sku.b1)).toBe(sold(ok.before, shop.sku.b1) + 2);
    const none = await attempt([[shop.sku.a1, 1]]);
    expect(none.error?.code).toBe('SOLD_OUT');
    expect(none.after).toEqual(none.before);
  });
});
