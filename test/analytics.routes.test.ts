import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headlineFromOrders } from '../src/modules/analytics';
import { framesSerialised } from '../src/modules/analytics/stream';
import { refundFirstSubOrder, sellSome } from './support/analytics-fixtures';
import { consumers, createShop, type Shop } from './support/checkout-fixtures';
import { shopper } from './support/checkout-helpers';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from './support/harness';

type Who = { cookie: string } | null;

/** Reads Server-Sent Events from a fetch body: `next()` resolves with the next event. */
function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(timeoutMs = 5000): Promise<{ event: string; id?: string; data: string }> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(
            block.split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
          );
          if (!fields.event && !fields.data) continue; // retry: and comments
          return { event: fields.event ?? 'message', id: fields.id, data: fields.data ?? '' };
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('no event in time');
        const chunk = await Promise.race([
          reader.read(),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no event in time')), left)),
        ]);
        if (chunk.done) throw new Error('stream ended');
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
    /** The next `snapshot`, skipping ticks. */
    async snapshot(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const e = await this.next(Math.max(1, deadline - Date.now()));
        if (e.event === 'snapshot') return { id: e.id, body: JSON.parse(e.data) };
      }
    },
    cancel: () => reader.cancel().catch(() => undefined),
  };
}

describe.each(testDatabaseTargets())('screen, store analytics and report routes on $kind', (target) => {
  let h: Harness;
  let shop: Shop;
  let customers: string[];
  let paid: string[];
  let operator: { cookie: string };
  let consumer: { cookie: string };
  let memberA: { cookie: string; userId: string };
  let base: string;

  const get = (url: string, who: Who) =>
    h.app.inject({ method: 'GET', url, headers: who ? { cookie: who.cookie } : {} });

  beforeAll(async () => {
    h = await createHarness(await target.open(), '2026-11-01T00:00:00Z');
    shop = await createShop(h.services, h.ctx.db, { now: h.clock.now() });
    customers = await consumers(h.ctx.db, 3);
    [operator, consumer, memberA] = await Promise.all([
      h.signIn('operator'),
      h.signIn('consumer'),
      h.signIn('merchant'),
    ]);
    await h.ctx.db
      .insertInto('store_members')
      .values({ store_id: shop.storeA, user_id: memberA.userId, role: 'staff', created_at: new Date() })
      .execute();
    h.clock.set(shop.liveAt);
    await h.services.analytics.start(h.ctx.bus);
    ({ paid } = await sellSome(h.services, h.ctx.db, shop, customers));
    await h.ctx.relay.flush();
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    await h?.services.analytics.stop();
    await h?.close();
  });

  const settled = async () => {
    await h.ctx.relay.flush();
    await expect
      .poll(async () => (await get(`/api/screen/${shop.campaignId}/verify`, operator)).json().equal, {
        timeout: 10_000,
      })
      .toBe(true);
  };

  it('answers the snapshot publicly, with seq, totals equal to SQL and the breakdowns', async () => {
    await settled();
    const res = await get(`/api/screen/${shop.slug}`, null);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    const truth = await headlineFromOrders(h.ctx.db, shop.campaignId);
    expect(s).toMatchObject({ campaignId: shop.campaignId, gmv: truth.gmv, orders: 5, buyers: 3 });
    expect(s.seq).toBeGreaterThanOrEqual(6);
    expect(s.topStores.map((x: { name: string }) => x.name).sort()).toEqual([
      '云裳女装旗舰店',
      '星河电器旗舰店',
    ]);
    expect(s.byProvince).toEqual([expect.objectContaining({ key: '浙江', gmv: truth.gmv })]);
    expect(s.perSecond.reduce((n: number, x: { orders: number }) => n + x.orders, 0)).toBe(5);
    expect(s.campaign.phases.map((p: { key: string }) => p.key)).toEqual(['presale', 'main']);
    expect((await get('/api/screen/no-such-campaign', null)).statusCode).toBe(404);
  });

  it('verify is for operators', async () => {
    expect((await get(`/api/screen/${shop.campaignId}/verify`, null)).statusCode).toBe(401);
    expect((await get(`/api/screen/${shop.campaignId}/verify`, consumer)).statusCode).toBe(403);
    const v = (await get(`/api/screen/${shop.campaignId}/verify`, operator)).json();
    expect(v.difference).toEqual({ gmv: 0, orders: 0, buyers: 0, refundAmount: 0 });
  });

  it('streams snapshots within a second of a payment; a reconnect resumes from its seq', async () => {
    await settled();
    const url = `${base}/api/screen/${shop.campaignId}/stream`;
    const first = await fetch(url);
    expect(first.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const a = sseReader(first.body!);
    const initial = await a.snapshot();
    expect(Number(initial.id)).toBe(initial.body.seq);
    // Nothing changes: ticks at most a second apart.
    const tick = await a.next(2000);
    expect(tick.event).toBe('tick');
    // A payment: the next snapshot arrives within a second of its commit.
    const s = shopper(h.services, shop.campaignId, customers[2]!);
    await s.put(shop.sku.b1, 1);
    const order = await s.checkout();
    await s.pay(order.id);
    const paidAt = Date.now();
    await h.ctx.relay.flush();
    const moved = await a.snapshot(3000);
    expect(Date.now() - paidAt).toBeLessThan(1000);
    expect(moved.body.seq).toBe(initial.body.seq + 1);
    expect(moved.body.orders).toBe(initial.body.orders + 1);
    await a.cancel();

    // Reconnecting with the last seq seen: no snapshot again for what it has, only ticks...
    const again = await fetch(url, { headers: { 'last-event-id': String(moved.body.seq) } });
    const b = sseReader(again.body!);
    expect((await b.next(2000)).event).toBe('tick');
    // ...then the next change, once: cumulative, so nothing is counted twice.
    await refundFirstSubOrder(h.services, h.ctx.db, order.id, customers[2]!);
    await h.ctx.relay.flush();
    const next = await b.snapshot(3000);
    expect(next.body.seq).toBe(moved.body.seq + 1);
    expect(next.body.gmv).toBe((await headlineFromOrders(h.ctx.db, shop.campaignId)).gmv);
    await b.cancel();
    // Resuming from an older seq gets the current snapshot at once.
    const old = await fetch(`${url}?lastEventId=${initial.body.seq}`);
    const c = sseReader(old.body!);
    expect((await c.snapshot(2000)).body.seq).toBe(next.body.seq);
    await c.cancel();
  });

  it('fans a change out to every screen with one serialisation, the same bytes to each', async () => {
    await settled();
    const url = `${base}/api/screen/${shop.campaignId}/stream`;
    const screens = await Promise.all(
      Array.from({ length: 20 }, async () => sseReader((await fetch(url)).body!)),
    );
    const initial = await Promise.all(screens.map((r) => r.snapshot()));
    const seq = initial[0]!.body.seq;
    const before = framesSerialised();
    const s = shopper(h.services, shop.campaignId, customers[1]!);
    await s.put(shop.sku.b1, 1);
    await s.pay((await s.checkout()).id);
    await h.ctx.relay.flush();
    const moved = await Promise.all(screens.map((r) => r.snapshot(5000)));
    for (const m of moved) expect(m.body).toEqual(moved[0]!.body);
    expect(moved[0]!.body.seq).toBe(seq + 1);
    // One JSON.stringify for the twenty screens (the hub's one snapshot object, framed once).
    expect(framesSerialised() - before).toBe(1);
    await Promise.all(screens.map((r) => r.cancel()));
  });

  it('store analytics: the store’s members and operators only, figures from the orders', async () => {
    const url = (storeId: string) => `/api/stores/${storeId}/analytics?campaignId=${shop.campaignId}`;
    expect((await get(url(shop.storeA), consumer)).statusCode).toBe(403);
    const denied = await get(url(shop.storeB), memberA);
    expect(denied.statusCode).toBe(403);
    expect(errorOf(denied).code).toBe('FORBIDDEN');
    // A visit by a shopper (distinct a day) becomes the store's visitor.
    const visit = (who: Who) =>
      h.app.inject({
        method: 'POST',
        url: '/api/analytics/visits',
        headers: { cookie: who!.cookie },
        payload: { campaignId: shop.campaignId, storeId: shop.storeA },
      });
    expect((await visit(consumer)).json()).toEqual({ counted: true });
    expect((await visit(consumer)).json()).toEqual({ counted: false });
    const mine = await get(url(shop.storeA), memberA);
    expect(mine.statusCode, mine.body).toBe(200);
    const a = mine.json();
    expect(a.current.visitors).toBe(1);
    expect(a.previous).toBeNull();
    const ops = (await get(url(shop.storeB), operator)).json();
    const screen = (await get(`/api/screen/${shop.campaignId}`, null)).json();
    const byStore = new Map(screen.topStores.map((x: { key: string; gmv: number }) => [x.key, x.gmv]));
    expect(a.current.gmv).toBe(byStore.get(shop.storeA));
    expect(ops.current.gmv).toBe(byStore.get(shop.storeB));
    expect(a.current.orders).toBeGreaterThan(0);
    expect(a.current.averageOrderValue).toBe(Math.round(a.current.grossGmv / a.current.orders));
    expect(a.current.hourly.reduce((n: number, x: { gmv: number }) => n + x.gmv, 0)).toBe(a.current.grossGmv);
  });

  it('the report waits for the end; its figures equal the orders, and a later refund moves it exactly', async () => {
    const early = await get(`/api/campaigns/${shop.campaignId}/report`, operator);
    expect(early.statusCode).toBe(409);
    expect(errorOf(early).code).toBe('CAMPAIGN_NOT_ENDED');
    expect((await get(`/api/campaigns/${shop.campaignId}/report`, consumer)).statusCode).toBe(403);
    h.clock.set(new Date(shop.endsAt.getTime() + 60_000));
    const res = await get(`/api/campaigns/${shop.campaignId}/report`, operator);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    const truth = await headlineFromOrders(h.ctx.db, shop.campaignId);
    expect(report).toMatchObject({ gmv: truth.gmv, orders: truth.orders, buyers: truth.buyers });
    expect(report.newBuyers).toBe(report.buyers);
    expect(report.topStores.reduce((n: number, s: { gmv: number }) => n + s.gmv, 0)).toBe(report.gmv);
    expect(report.hourly.reduce((n: number, x: { gmv: number }) => n + x.gmv, 0)).toBe(report.grossGmv);
    expect(report.discounts.total).toBeGreaterThan(0);
    const before = (await get(`/api/screen/${shop.campaignId}`, null)).json();
    // After the event: a refund changes the report and the screen by exactly its amount.
    const amount = await refundFirstSubOrder(h.services, h.ctx.db, paid[4]!, customers[1]!);
    await settled();
    const after = (await get(`/api/campaigns/${shop.campaignId}/report`, operator)).json();
    expect(report.gmv - after.gmv).toBe(amount);
    expect(before.gmv - (await get(`/api/screen/${shop.campaignId}`, null)).json().gmv).toBe(amount);
    const csv = await get(`/api/campaigns/${shop.campaignId}/report.csv`, operator);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body).toContain(`summary,gmv,,${after.gmv},,`);
    expect(csv.body.split('\r\n')[0]).toBe('\uFEFFsection,key,name,value,orders,units');
  });
});
