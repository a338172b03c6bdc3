import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAggregator, headlineFromOrders, verifyCampaign } from '../src/modules/analytics';
import { silentLogger } from '../src/platform/logger';
import { recordedEvents, refundFirstSubOrder, sellSome, shuffled } from './support/analytics-fixtures';
import { consumers, createShop, type Shop } from './support/checkout-fixtures';
import { createHarness, type Harness, testDatabaseTargets } from './support/harness';

/**
 * Issue 16, exactly once: whatever the delivery (duplicates, any order, concurrent, a restarted
 * aggregator), the screen's GMV, orders and buyers equal SQL over the orders.
 */
describe.each(testDatabaseTargets())('the screen aggregator on $kind', (target) => {
  let h: Harness;
  let shop: Shop;
  let customers: string[];
  let refunded: number;
  let paid: string[];

  beforeAll(async () => {
    h = await createHarness(await target.open(), '2026-11-01T00:00:00Z');
    shop = await createShop(h.services, h.ctx.db, { now: h.clock.now() });
    customers = await consumers(h.ctx.db, 3);
    h.clock.set(shop.liveAt);
    ({ paid, refunded } = await sellSome(h.services, h.ctx.db, shop, customers));
  }, 120_000);
  afterAll(() => h?.close());

  it('applies duplicated and re-ordered events once: totals equal SQL, seq counts each event once', async () => {
    const events = await recordedEvents(h.ctx.db);
    expect(events.filter((e) => e.topic === 'order.paid')).toHaveLength(5);
    expect(events.some((e) => e.topic === 'refund.approved')).toBe(true);
    const aggregator = createAggregator({ db: h.ctx.db, logger: silentLogger });
    // Each event three times, shuffled, in concurrent batches.
    const deliveries = shuffled([...events, ...events, ...events]);
    for (let i = 0; i < deliveries.length; i += 4)
      await Promise.all(deliveries.slice(i, i + 4).map((e) => aggregator.consume(e)));
    const v = await verifyCampaign(h.ctx.db, shop.campaignId);
    expect(v.difference).toEqual({ gmv: 0, orders: 0, buyers: 0, refundAmount: 0 });
    expect(v.equal).toBe(true);
    expect(v.screen).toMatchObject({ orders: 5, buyers: 3, refundAmount: refunded, seq: events.length });
    expect(refunded).toBeGreaterThan(0);
    // The breakdowns add up to the headline.
    const byStore = await h.ctx.db
      .selectFrom('analytics_by_store')
      .select(['gmv'])
      .where('campaign_id', '=', shop.campaignId)
      .execute();
    expect(byStore.reduce((s, r) => s + Number(r.gmv), 0)).toBe(v.screen.gmv);
    const provinces = await h.ctx.db
      .selectFrom('analytics_by_province')
      .select(['key'])
      .where('campaign_id', '=', shop.campaignId)
      .execute();
    expect(provinces.map((p) => p.key)).toEqual(['浙江']);
  });

  it('a restarted aggregator catches up from the outbox without counting anything twice', async () => {
    const before = await verifyCampaign(h.ctx.db, shop.campaignId);
    // The first aggregator is gone; a refund lands while none runs.
    const amount = await refundFirstSubOrder(h.services, h.ctx.db, paid[3]!, customers[0]!);
    expect(amount).toBeGreaterThan(0);
    const stale = await verifyCampaign(h.ctx.db, shop.campaignId);
    expect(stale.difference.gmv).toBe(amount);
    const restarted = createAggregator({ db: h.ctx.db, logger: silentLogger });
    expect(await restarted.catchUp()).toBe(1);
    expect(await restarted.catchUp()).toBe(0);
    const after = await verifyCampaign(h.ctx.db, shop.campaignId);
    expect(after.equal).toBe(true);
    // A refund changes the screen by exactly the refunded amount.
    expect(before.screen.gmv - after.screen.gmv).toBe(amount);
    expect(after.screen.seq).toBe(before.screen.seq + 1);
  });

  it('on the bus: the module consumes as a durable consumer and stays equal to SQL', async () => {
    await h.services.analytics.start(h.ctx.bus);
    try {
      const s = (await import('./support/checkout-helpers')).shopper(
        h.services,
        shop.campaignId,
        customers[2]!,
      );
      await s.put(shop.sku.b1, 1);
      const order = await s.checkout();
      await s.pay(order.id);
      await h.ctx.relay.flush();
      const truth = await headlineFromOrders(h.ctx.db, shop.campaignId);
      await expect
        .poll(async () => (await verifyCampaign(h.ctx.db, shop.campaignId)).screen.gmv, { timeout: 10_000 })
        .toBe(truth.gmv);
      expect((await verifyCampaign(h.ctx.db, shop.campaignId)).equal).toBe(true);
      // The relay publishing everything again (a crash before its mark) changes nothing.
      for (const e of await recordedEvents(h.ctx.db)) await h.ctx.bus.publish(e);
      await new Promise((r) => setTimeout(r, 200));
      expect((await verifyCampaign(h.ctx.db, shop.campaignId)).equal).toBe(true);
    } finally {
      await h.services.analytics.stop();
    }
  });
});
