import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Aggregator, createAggregator, verifyCampaign } from '../src/modules/analytics';
import { createNatsBus, type EventBus, type NatsBus } from '../src/platform/bus';
import { testDatabaseTargets } from '../src/platform/db/testing';
import { silentLogger } from '../src/platform/logger';
import { recordedEvents, refundFirstSubOrder, sellSome } from './support/analytics-fixtures';
import { consumers, createShop, type Shop } from './support/checkout-fixtures';
import { shopper } from './support/checkout-helpers';
import { createHarness, type Harness } from './support/harness';

const natsUrl = process.env.NATS_URL;

/**
 * Issue 16 on NATS JetStream: the API process publishes through the outbox relay, two aggregator
 * instances share the durable consumer, one is killed and restarted mid-run, and the relay
 * republishes everything: the screen still equals SQL over the orders.
 */
describe.skipIf(!natsUrl)('the screen aggregator on NATS JetStream', () => {
  const suffix = randomBytes(4).toString('hex');
  const config = { servers: natsUrl!, stream: `CARNIVAL_T_${suffix}`, subjectPrefix: `t${suffix}` };
  const buses: NatsBus[] = [];
  const nats = async () => {
    const b = await createNatsBus({ ...config, logger: silentLogger });
    buses.push(b);
    return b;
  };
  let h: Harness;
  let shop: Shop;
  let customers: string[];
  let busA: EventBus;
  let busB: EventBus;
  let a: Aggregator;
  let b: Aggregator;

  beforeAll(async () => {
    const target = testDatabaseTargets().at(-1)!;
    h = await createHarness(await target.open(), '2026-11-01T00:00:00Z', { bus: await nats() });
    shop = await createShop(h.services, h.ctx.db, { now: h.clock.now() });
    customers = await consumers(h.ctx.db, 3);
    h.clock.set(shop.liveAt);
    [busA, busB] = [await nats(), await nats()];
    a = createAggregator({ db: h.ctx.db, logger: silentLogger });
    b = createAggregator({ db: h.ctx.db, logger: silentLogger });
    await a.start(busA);
    await b.start(busB);
  }, 120_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await h?.close();
    const last = buses.at(-1);
    await last?.deleteStream().catch(() => undefined);
    for (const bus of buses) await bus.close().catch(() => undefined);
  });

  const equal = () =>
    expect
      .poll(async () => (await verifyCampaign(h.ctx.db, shop.campaignId)).equal, {
        timeout: 20_000,
        interval: 100,
      })
      .toBe(true);

  it('two instances sharing the durable consumer keep the screen equal to SQL', async () => {
    const { paid } = await sellSome(h.services, h.ctx.db, shop, customers);
    await h.ctx.relay.flush();
    await equal();
    const v = await verifyCampaign(h.ctx.db, shop.campaignId);
    expect(v.screen).toMatchObject({ orders: 5, buyers: 3 });
    expect(v.screen.seq).toBe((await recordedEvents(h.ctx.db)).length);

    // Instance A is killed; sales go on; B alone carries the stream.
    await a.stop();
    const s = shopper(h.services, shop.campaignId, customers[2]!);
    await s.put(shop.sku.a1, 2);
    const order = await s.checkout();
    await s.pay(order.id);
    await refundFirstSubOrder(h.services, h.ctx.db, paid[0]!, customers[0]!);
    await h.ctx.relay.flush();
    await equal();

    // A restarts (catch-up first), and the relay republishes every event (a crash before its mark).
    a = createAggregator({ db: h.ctx.db, logger: silentLogger });
    await a.start(busA);
    for (const e of await recordedEvents(h.ctx.db)) await h.ctx.bus.publish({ ...e });
    await new Promise((r) => setTimeout(r, 500));
    await equal();
    const after = await verifyCampaign(h.ctx.db, shop.campaignId);
    expect(after.screen.seq).toBe((await recordedEvents(h.ctx.db)).length);
  }, 120_000);
});
