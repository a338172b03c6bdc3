import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildWorld,
  createPaidOrder,
  http,
  type SignedIn,
  type World,
} from '../src/modules/orders/test-fixtures';
import { openFreshPostgres } from '../src/platform/db/testing';
import { createShop, type Shop } from './support/checkout-fixtures';
import { key, shopper } from './support/checkout-helpers';
import { createHarness, type Harness } from './support/harness';

/**
 * Issue 8's acceptance: 20 requests with one Idempotency-Key sent at once, over HTTP (inject,
 * concurrently), on checkout, pay, cancel, refund approval and 价保 claim. Every answer is the
 * same 2xx with the very same bytes, or 409 IDEMPOTENCY_IN_PROGRESS with Retry-After; never a
 * business refusal; and exactly one effect. PostgreSQL only (real connections race).
 */
const url = process.env.DATABASE_URL;
const N = 20;

function expectOneAnswer(responses: LightMyRequestResponse[], status: number) {
  const other = responses.filter(
    (r) =>
      r.statusCode !== status && !(r.statusCode === 409 && r.json().error.code === 'IDEMPOTENCY_IN_PROGRESS'),
  );
  expect(other.map((r) => `${r.statusCode} ${r.body}`)).toEqual([]);
  const answers = responses.filter((r) => r.statusCode === status);
  expect(answers.length).toBeGreaterThan(0);
  expect(new Set(answers.map((r) => r.body)).size).toBe(1);
  expect(answers.filter((r) => r.headers['idempotent-replayed'] !== 'true').length).toBeLessThanOrEqual(1);
  for (const r of answers) expect(String(r.headers['content-type'])).toMatch(/^application\/json/);
  for (const r of responses.filter((x) => x.statusCode === 409)) expect(r.headers['retry-after']).toBe('1');
  return JSON.parse(answers[0]!.body);
}

describe.skipIf(!url)('one Idempotency-Key, 20 requests at once, on PostgreSQL', () => {
  describe('checkout, pay and cancel', () => {
    let h: Harness;
    let shop: Shop;
    let me: { cookie: string; userId: string };
    const send = (method: 'POST', path: string, k: string, payload?: object) =>
      h.app.inject({
        method,
        url: path,
        headers: { cookie: me.cookie, 'idempotency-key': k },
        ...(payload ? { payload } : {}),
      });
    const burst = (path: string, k: string, payload?: object) =>
      Promise.all(Array.from({ length: N }, () => send('POST', path, k, payload)));

    beforeAll(async () => {
      h = await createHarness(await openFreshPostgres(url!, 30), '2026-11-01T00:00:00Z');
      h.clock.set('2026-11-01T00:00:00Z');
      shop = await createShop(h.services, h.ctx.db, { now: h.clock.now(), slug: 'idem' });
      h.clock.set(shop.liveAt);
      me = await h.signIn('consumer');
    });
    afterAll(() => h?.close());

    const ordersOf = () =>
      h.ctx.db.selectFrom('orders').select(['id', 'status']).where('customer_id', '=', me.userId).execute();

    it('checkout: one order, every answer the same 201 or in progress', async () => {
      const s = shopper(h.services, shop.campaignId, me.userId);
      await s.put(shop.sku.a1, 2);
      const before = (await ordersOf()).length;
      const body = expectOneAnswer(
        await burst('/api/checkout', key('co'), { campaignId: shop.campaignId }),
        201,
      );
      const after = await ordersOf();
      expect(after.length - before).toBe(1);
      expect(after.map((o) => o.id)).toContain(body.order.id);
    });

    it('pay: one payment and one charge, every answer the same 200 or in progress', async () => {
      const s = shopper(h.services, shop.campaignId, me.userId);
      await s.put(shop.sku.a1, 1);
      const order = await s.checkout();
      await s.topUp(order.total);
      const body = expectOneAnswer(await burst(`/api/orders/${order.id}/pay`, key('pay')), 200);
      expect(body.order.status).toBe('paid');
      const payments = await h.ctx.db
        .selectFrom('payments')
        .select('id')
        .where('order_id', '=', order.id)
        .execute();
      expect(payments).toHaveLength(1);
      const charges = await h.ctx.db
        .selectFrom('ledger_transactions')
        .select('id')
        .where('reference', '=', order.id)
        .where('kind', '=', 'wallet.charge')
        .execute();
      expect(charges).toHaveLength(1);
    });

    it('cancel: closed once, stock given back once, every answer the same 200 or in progress', async () => {
      const s = shopper(h.services, shop.campaignId, me.userId);
      const stock = async () =>
        (
          await h.ctx.db
            .selectFrom('skus')
            .select('stock')
            .where('id', '=', shop.sku.a1)
            .executeTakeFirstOrThrow()
        ).stock;
      const before = await stock();
      await s.put(shop.sku.a1, 3);
      const order = await s.checkout();
      expect(await stock()).toBe(before - 3);
      const body = expectOneAnswer(await burst(`/api/orders/${order.id}/cancel`, key('cancel')), 200);
      expect(body.order.status).toBe('closed');
      expect(await stock()).toBe(before);
      const closings = await h.ctx.db
        .selectFrom('order_events')
        .select('id')
        .where('order_id', '=', order.id)
        .where('sub_order_id', 'is', null)
        .where('to_status', '=', 'closed')
        .execute();
      expect(closings).toHaveLength(1);
    });

    it('cancel without a key is 400 naming it', async () => {
      const s = shopper(h.services, shop.campaignId, me.userId);
      await s.put(shop.sku.a1, 1);
      const order = await s.checkout();
      const res = await h.app.inject({
        method: 'POST',
        url: `/api/orders/${order.id}/cancel`,
        headers: { cookie: me.cookie },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.field).toBe('Idempotency-Key');
      const long = await send('POST', `/api/orders/${order.id}/cancel`, 'k'.repeat(201));
      expect(long.statusCode).toBe(400);
      expect((await send('POST', `/api/orders/${order.id}/cancel`, 'k'.repeat(200))).statusCode).toBe(200);
    });
  });

  describe('refund approval and 价保 claim', () => {
    let h: Harness;
    let w: World;
    let consumer: SignedIn;
    let call: ReturnType<typeof http>;

    beforeAll(async () => {
      h = await createHarness(await openFreshPostgres(url!, 30));
      call = http(h);
      w = await buildWorld(h, 'idem', [
        { tee: { listPrice: 12000, campaignPrice: 10000 }, cap: { listPrice: 6000, campaignPrice: 5000 } },
      ]);
      consumer = await h.signIn('consumer');
    });
    afterAll(() => h?.close());

    it('refund approval: one ledger refund, every answer the same 200 or in progress', async () => {
      const o = await createPaidOrder(h.ctx, {
        customerId: consumer.userId,
        campaignId: w.campaignId,
        lines: [{ sku: w.skus.tee!, quantity: 2 }],
      });
      const asked = await call(
        'POST',
        `/api/orders/${o.orderId}/refunds`,
        consumer,
        { lineId: o.lineIds[0], quantity: 1, reason: '尺码不合适' },
        key('rr'),
      );
      expect(asked.statusCode).toBe(201);
      const refundId = asked.json().refund.id;
      const k = key('approve');
      const responses = await Promise.all(
        Array.from({ length: N }, () =>
          call('POST', `/api/refunds/${refundId}/approve`, w.merchants[0]!, {}, k),
        ),
      );
      const body = expectOneAnswer(responses, 200);
      expect(body.refund.status).toBe('approved');
      const postings = await h.ctx.db
        .selectFrom('ledger_transactions')
        .select('id')
        .where('kind', '=', 'order.refund')
        .where('reference', '=', o.orderId)
        .execute();
      expect(postings).toHaveLength(1);
      const line = await h.ctx.db
        .selectFrom('order_lines')
        .select('refunded_quantity')
        .where('id', '=', o.lineIds[0]!)
        .executeTakeFirstOrThrow();
      expect(line.refunded_quantity).toBe(1);
    });

    it('价保 claim: one claim paid once, every answer the same 201 or in progress', async () => {
      const o = await createPaidOrder(h.ctx, {
        customerId: consumer.userId,
        campaignId: w.campaignId,
        lines: [{ sku: w.skus.cap!, quantity: 2 }],
      });
      const drop = await call(
        'POST',
        `/api/nominations/${w.skus.cap!.nominationId}/price-drops`,
        w.merchants[0]!,
        {
          campaignPrice: 4500,
          reason: 'idem',
        },
      );
      expect(drop.statusCode).toBe(201);
      const k = key('pp');
      const responses = await Promise.all(
        Array.from({ length: N }, () =>
          call(
            'POST',
            `/api/orders/${o.orderId}/lines/${o.lineIds[0]}/price-protection`,
            consumer,
            undefined,
            k,
          ),
        ),
      );
      expectOneAnswer(responses, 201);
      const claims = await h.ctx.db
        .selectFrom('price_protection_claims')
        .select('id')
        .where('line_id', '=', o.lineIds[0]!)
        .execute();
      expect(claims).toHaveLength(1);
    });
  });
});
