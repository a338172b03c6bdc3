import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MemoryBus } from '../src/platform/bus';
import { newId } from '../src/platform/ids';
import { createShop, type Shop } from './support/checkout-fixtures';
import { shopper } from './support/checkout-helpers';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from './support/harness';
import { type Received, startReceiver } from './support/webhook-receiver';

type Who = { cookie: string; userId: string };
const H = 3600_000;

describe.each(testDatabaseTargets())('webhooks end to end on $kind', (target) => {
  let h: Harness;
  let shop: Shop;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let merchantA: Who;
  let merchantB: Who;
  let operator: Who;
  let partner: Who;
  let consumer: Who;

  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    who: Who | null,
    payload?: object,
  ) =>
    h.app.inject({
      method,
      url,
      headers: who ? { cookie: who.cookie } : {},
      ...(payload ? { payload } : {}),
    });

  async function subscribe(who: Who, path: string, eventTypes: string[], extra: object = {}) {
    const res = await call('POST', '/api/webhooks/endpoints', who, {
      url: receiver.url(path),
      eventTypes,
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { endpoint: { id: string }; secret: string };
  }

  /** Events out of the outbox, through the bus and the fan-out, and every due delivery sent. */
  async function settle() {
    await h.ctx.relay.flush();
    await (h.ctx.bus as MemoryBus).idle();
    await h.services.webhooks.worker.drain();
  }

  /** The independent check: the spec's reference verifier, with the receiver's clock = the test's. */
  function verify(secret: string, r: Received) {
    expect(Number.isFinite(r.receivedAt)).toBe(true);
    const realNow = Date.now;
    Date.now = () => r.receivedAt;
    try {
      return new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as {
        type: string;
        data: Record<string, unknown>;
      };
    } finally {
      Date.now = realNow;
    }
  }

  const paidOrder = async () => {
    const alice = shopper(h.services, shop.campaignId, consumer.userId);
    await alice.put(shop.sku.a1, 1);
    const order = await alice.checkout();
    await alice.topUp(order.total);
    await alice.pay(order.id);
    return order;
  };

  beforeAll(async () => {
    h = await createHarness(await target.open(), '2026-11-01T00:00:00Z', { webhooksAllowPrivate: true });
    shop = await createShop(h.services, h.ctx.db, { now: h.clock.now() });
    [merchantA, merchantB, operator, partner, consumer] = await Promise.all([
      h.signIn('merchant'),
      h.signIn('merchant'),
      h.signIn('operator'),
      h.signIn('partner'),
      h.signIn('consumer'),
    ]);
    await h.ctx.db
      .insertInto('store_members')
      .values([
        { store_id: shop.storeA, user_id: merchantA.userId, role: 'staff', created_at: new Date() },
        { store_id: shop.storeB, user_id: merchantB.userId, role: 'staff', created_at: new Date() },
      ])
      .execute();
    h.clock.set(shop.liveAt);
    receiver = await startReceiver(() => h.clock.now().getTime());
    // The fan-out consumer; the tests drive the delivery worker by hand (drain) and by the clock.
    await h.services.webhooks.start(h.ctx.bus, { deliver: false });
  });
  // Each test starts while the campaign sells (some move the clock by days).
  beforeEach(() => h.clock.set(shop.liveAt));
  afterAll(async () => {
    await h.services.webhooks.stop();
    await receiver.close();
    await h.close();
  });

  it('delivers each event once per subscription, signed, only to owners who may see it', async () => {
    const a = await subscribe(merchantA, '/a', ['order.created', 'order.paid']);
    const b = await subscribe(merchantB, '/b', ['order.paid']);
    const op = await subscribe(operator, '/op', ['order.paid']);
    const filtered = await subscribe(operator, '/filtered', ['order.paid', 'campaign.published'], {
      campaignId: shop.campaignId,
    });
    const noSuchCampaign = await call('PATCH', `/api/webhooks/endpoints/${filtered.endpoint.id}`, operator, {
      campaignId: 'cmp_nope',
    });
    expect(noSuchCampaign.statusCode).toBe(404);
    const pt = await subscribe(partner, '/partner', ['order.paid', 'campaign.published']);

    const order = await paidOrder();
    await settle();

    const atA = receiver.at('/a');
    expect(atA.map((r) => verify(a.secret, r).type).sort()).toEqual(['order.created', 'order.paid']);
    const paidAtA = atA.find((r) => verify(a.secret, r).type === 'order.paid')!;
    expect(verify(a.secret, paidAtA).data).toMatchObject({ orderId: order.id, campaignId: shop.campaignId });
    expect(paidAtA.headers['webhook-id']).toMatch(/^evt_/);
    expect(receiver.at('/op')).toHaveLength(1);
    expect(verify(op.secret, receiver.at('/op')[0]!).type).toBe('order.paid');
    // Store B sold nothing in this order, the partner has no store.
    expect(receiver.at('/b')).toHaveLength(0);
    expect(receiver.at('/partner')).toHaveLength(0);
    expect(receiver.at('/filtered')).toHaveLength(1);
    // Someone else's secret does not verify.
    expect(() => verify(b.secret, paidAtA)).toThrow();

    // A public event reaches the partner; the bus redelivering it queues nothing twice.
    const published = {
      id: newId('evt', h.clock.now().getTime()),
      topic: 'campaign.published',
      occurredAt: h.clock.now().toISOString(),
      payload: { campaignId: shop.campaignId, from: 'in_review', to: 'published', reason: null },
    };
    await h.ctx.bus.publish(published);
    await settle();
    await h.services.webhooks.fanout.handle(published);
    await h.services.webhooks.fanout.handle(published);
    await settle();
    expect(receiver.at('/partner').map((r) => verify(pt.secret, r).type)).toEqual(['campaign.published']);
    // The campaign filter: another campaign's event reaches the partner (public), not /filtered.
    await h.ctx.bus.publish({ ...published, id: newId('evt'), payload: { campaignId: 'cmp_other' } });
    await settle();
    expect(receiver.at('/partner')).toHaveLength(2);
    expect(receiver.at('/filtered').map((r) => JSON.parse(r.body).data.campaignId)).toEqual([
      shop.campaignId,
      shop.campaignId,
    ]);
    expect(receiver.at('/a')).toHaveLength(2);
  });

  it('retries a receiver that fails 3 times, then delivers exactly once more', async () => {
    receiver.behave('/flaky', (nth) => (nth <= 3 ? 503 : 200));
    const flaky = await subscribe(merchantA, '/flaky', ['order.paid']);
    await paidOrder();
    await settle();
    expect(receiver.at('/flaky')).toHaveLength(1);
    // Nothing is due before the backoff: draining again sends nothing.
    await h.services.webhooks.worker.drain();
    expect(receiver.at('/flaky')).toHaveLength(1);
    for (let i = 0; i < 5; i++) {
      h.clock.advance(13 * H);
      await h.services.webhooks.worker.drain();
    }
    const got = receiver.at('/flaky');
    expect(got.map((r) => r.status)).toEqual([503, 503, 503, 200]);
    expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(1);
    for (const r of got) verify(flaky.secret, r);

    const log = await call('GET', `/api/webhooks/endpoints/${flaky.endpoint.id}/deliveries`, merchantA);
    const [delivery] = log.json().items;
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 4, lastStatus: 200 });
    const detail = (await call('GET', `/api/webhooks/deliveries/${delivery.id}`, merchantA)).json();
    expect(detail.attempts.map((a: { responseStatus: number }) => a.responseStatus)).toEqual([
      503, 503, 503, 200,
    ]);
    expect(detail.attempts[0]).toMatchObject({ attempt: 1, responseBody: 'no (503)', error: 'HTTP 503' });
    expect(detail.attempts[0].requestHeaders['webhook-signature']).toMatch(/^v1,/);
    expect(detail.attempts[3].latencyMs).toBeGreaterThanOrEqual(0);
    expect(
      (await call('GET', `/api/webhooks/endpoints/${flaky.endpoint.id}`, merchantA)).json().endpoint,
    ).toMatchObject({ status: 'enabled', failingSince: null });
  });

  it('replays one delivery and a time range with the original webhook-id', async () => {
    const from = h.clock.now().toISOString();
    const ep = await subscribe(merchantA, '/replay', ['order.created', 'order.paid']);
    await paidOrder();
    await paidOrder();
    await settle();
    const first = receiver.at('/replay').map((r) => r.headers['webhook-id']);
    expect(first).toHaveLength(4);
    h.clock.advance(60_000);
    const to = h.clock.now().toISOString();

    const res = await call('POST', `/api/webhooks/endpoints/${ep.endpoint.id}/replay`, merchantA, {
      from,
      to,
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toEqual({ queued: 4 });
    await settle();
    const again = receiver.at('/replay').slice(4);
    expect(again.map((r) => r.headers['webhook-id']).sort()).toEqual([...first].sort());
    for (const r of again) verify(ep.secret, r);

    const [latest] = (
      await call('GET', `/api/webhooks/endpoints/${ep.endpoint.id}/deliveries`, merchantA)
    ).json().items;
    const one = await h.app.inject({
      method: 'POST',
      url: `/api/webhooks/deliveries/${latest.id}/replay`,
      headers: { cookie: merchantA.cookie, 'idempotency-key': 'replay-1' },
    });
    expect(one.statusCode, one.body).toBe(202);
    const retried = await h.app.inject({
      method: 'POST',
      url: `/api/webhooks/deliveries/${latest.id}/replay`,
      headers: { cookie: merchantA.cookie, 'idempotency-key': 'replay-1' },
    });
    expect(retried.json()).toEqual(one.json());
    await settle();
    expect(receiver.at('/replay')).toHaveLength(9);
    expect(receiver.at('/replay')[8]!.headers['webhook-id']).toBe(latest.messageId);
    // An empty or backwards range.
    const bad = await call('POST', `/api/webhooks/endpoints/${ep.endpoint.id}/replay`, merchantA, {
      from: to,
      to: from,
    });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).details?.field).toBe('to');
  });

  it('sends nothing to a disabled endpoint; one failing for a day is disabled and its owner told', async () => {
    const off = await subscribe(merchantA, '/off', ['order.paid']);
    expect(
      (await call('POST', `/api/webhooks/endpoints/${off.endpoint.id}/disable`, merchantA)).statusCode,
    ).toBe(200);
    receiver.behave('/down', () => 500);
    const down = await subscribe(merchantA, '/down', ['order.paid']);
    const notice = await subscribe(merchantA, '/notice', ['webhook.endpoint_disabled']);
    const other = await subscribe(merchantB, '/notice-b', ['webhook.endpoint_disabled']);

    await paidOrder();
    await settle();
    for (let i = 0; i < 8; i++) {
      h.clock.advance(13 * H);
      await settle();
    }
    expect(receiver.at('/off')).toHaveLength(0);
    expect(receiver.at('/down')).toHaveLength(8);
    const listed = (await call('GET', '/api/webhooks/endpoints', merchantA)).json().items as {
      id: string;
      status: string;
      disabledReason: string | null;
    }[];
    expect(listed.find((e) => e.id === down.endpoint.id)).toMatchObject({
      status: 'disabled',
      disabledReason: 'failing',
    });
    expect(listed.find((e) => e.id === off.endpoint.id)).toMatchObject({
      status: 'disabled',
      disabledReason: 'owner',
    });
    const told = receiver.at('/notice').map((r) => verify(notice.secret, r));
    expect(told).toEqual([
      expect.objectContaining({
        type: 'webhook.endpoint_disabled',
        data: expect.objectContaining({ endpointId: down.endpoint.id, reason: 'failing' }),
      }),
    ]);
    expect(receiver.at('/notice-b')).toHaveLength(0);
    expect(other.endpoint.id).toBeTruthy();

    // Disabled, it gets nothing more; re-enabled, the next event arrives.
    h.clock.set(shop.liveAt);
    await paidOrder();
    await settle();
    expect(receiver.at('/down')).toHaveLength(8);
    expect(receiver.at('/off')).toHaveLength(0);
    receiver.behave('/down', () => 200);
    expect(
      (await call('POST', `/api/webhooks/endpoints/${down.endpoint.id}/enable`, merchantA)).json().endpoint,
    ).toMatchObject({
      status: 'enabled',
      disabledReason: null,
    });
    await paidOrder();
    await settle();
    expect(receiver.at('/down').at(-1)!.status).toBe(200);
  });

  it('signs with both secrets during a rotation overlap, then only with the new one', async () => {
    const ep = await subscribe(partner, '/rotate', ['campaign.published']);
    const rotated = await call('POST', `/api/webhooks/endpoints/${ep.endpoint.id}/rotate-secret`, partner, {
      overlapSeconds: 3600,
    });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const newSecret = rotated.json().secret as string;
    expect(newSecret).toMatch(/^whsec_/);
    expect(
      (await call('GET', `/api/webhooks/endpoints/${ep.endpoint.id}/secret`, partner)).json().secret,
    ).toBe(newSecret);

    expect((await call('POST', `/api/webhooks/endpoints/${ep.endpoint.id}/test`, partner)).statusCode).toBe(
      202,
    );
    await settle();
    const during = receiver.at('/rotate')[0]!;
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verify(ep.secret, during).type).toBe('webhook.ping');
    expect(verify(newSecret, during).type).toBe('webhook.ping');

    h.clock.advance(H + 1000);
    await call('POST', `/api/webhooks/endpoints/${ep.endpoint.id}/test`, partner);
    await settle();
    const after = receiver.at('/rotate')[1]!;
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verify(newSecret, after).type).toBe('webhook.ping');
    expect(() => verify(ep.secret, after)).toThrow(/signature/);
  });

  it('refuses SSRF targets and guards every route by role and owner', async () => {
    for (const url of [
      'http://169.254.169.254/latest/meta-data',
      'http://[::ffff:169.254.169.254]/',
      'ftp://example.com/hook',
      'http://metadata.google.internal/',
      'https://user:pw@example.com/',
    ]) {
      const res = await call('POST', '/api/webhooks/endpoints', merchantA, {
        url,
        eventTypes: ['order.paid'],
      });
      expect(res.statusCode, url).toBe(422);
      expect(errorOf(res)).toMatchObject({ code: 'WEBHOOK_URL_REFUSED', details: { field: 'url' } });
    }
    const badType = await call('POST', '/api/webhooks/endpoints', merchantA, {
      url: receiver.url('/x'),
      eventTypes: ['wallet.topped_up'],
    });
    expect(badType.statusCode).toBe(400);
    expect(errorOf(badType).details?.field).toMatch(/^eventTypes/);

    const mine = await subscribe(merchantA, '/mine', ['order.paid']);
    expect((await call('GET', `/api/webhooks/endpoints/${mine.endpoint.id}`, merchantB)).statusCode).toBe(
      404,
    );
    expect((await call('DELETE', `/api/webhooks/endpoints/${mine.endpoint.id}`, merchantB)).statusCode).toBe(
      404,
    );
    expect((await call('GET', `/api/webhooks/endpoints/${mine.endpoint.id}`, operator)).statusCode).toBe(200);
    expect((await call('GET', '/api/webhooks/endpoints', consumer)).statusCode).toBe(403);
    expect((await call('GET', '/api/webhooks/endpoints', null)).statusCode).toBe(401);
    const all = await call('GET', `/api/admin/webhooks/endpoints?ownerId=${merchantA.userId}`, operator);
    expect(all.json().items.map((e: { id: string }) => e.id)).toContain(mine.endpoint.id);
    expect(all.json().items.every((e: { ownerId: string }) => e.ownerId === merchantA.userId)).toBe(true);
    expect((await call('GET', '/api/admin/webhooks/endpoints', merchantA)).statusCode).toBe(403);
    expect((await call('DELETE', `/api/webhooks/endpoints/${mine.endpoint.id}`, merchantA)).statusCode).toBe(
      204,
    );
    expect((await call('GET', `/api/webhooks/endpoints/${mine.endpoint.id}`, merchantA)).statusCode).toBe(
      404,
    );
  });

  it('creates once per Idempotency-Key, audits the change, and follows the owner’s current role', async () => {
    const headers = { cookie: operator.cookie, 'idempotency-key': 'create-1' };
    const payload = { url: receiver.url('/demoted'), eventTypes: ['order.paid'] };
    const first = await h.app.inject({ method: 'POST', url: '/api/webhooks/endpoints', headers, payload });
    const again = await h.app.inject({ method: 'POST', url: '/api/webhooks/endpoints', headers, payload });
    expect(first.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    const id = first.json().endpoint.id as string;
    const audit = await h.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('entity_id', '=', id)
      .execute();
    expect(audit).toEqual([{ action: 'webhook.endpoint.create', actor_id: operator.userId }]);

    // An operator demoted since subscribing no longer receives what only operators may see.
    const demoted = await h.signIn('operator');
    const ep = await subscribe(demoted, '/demoted-later', ['order.paid']);
    await h.ctx.db.updateTable('users').set({ role: 'consumer' }).where('id', '=', demoted.userId).execute();
    await paidOrder();
    await settle();
    expect(receiver.at('/demoted')).toHaveLength(1);
    expect(receiver.at('/demoted-later')).toHaveLength(0);
    expect(ep.endpoint.id).toBeTruthy();
  });

  it('never slows the request that caused the event: payment answers while the receiver hangs', async () => {
    receiver.behave('/hang', () => 'hang');
    await subscribe(merchantA, '/hang', ['order.paid']);
    h.services.webhooks.worker.start();
    const alice = shopper(h.services, shop.campaignId, consumer.userId);
    await alice.put(shop.sku.a1, 1);
    const order = await alice.checkout();
    await alice.topUp(order.total);
    const arrived = receiver.nextRequest('/hang');
    const started = performance.now();
    const res = await h.app.inject({
      method: 'POST',
      url: `/api/orders/${order.id}/pay`,
      headers: { cookie: consumer.cookie, 'idempotency-key': `pay-${order.id}` },
      payload: {},
    });
    const payMs = performance.now() - started;
    expect(res.statusCode, res.body).toBe(200);
    await arrived;
    // The receiver holds the request now, and the payment had already answered.
    expect(receiver.at('/hang').filter((r) => r.status === null)).toHaveLength(1);
    expect(payMs).toBeLessThan(2000);
    receiver.release();
  });
});
