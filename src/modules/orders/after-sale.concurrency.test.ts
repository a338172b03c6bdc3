import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness';
import { openFreshPostgres } from '../../platform/db/testing';
import { newId } from '../../platform/ids';
import { balanceOf, customerWallet } from '../ledger';
import {
  buildWorld,
  createPaidOrder,
  expectSoundBooks,
  http,
  merchantActor,
  type SignedIn,
  type World,
} from './test-fixtures';

/**
 * Real races need real connections: PostgreSQL only (DATABASE_URL), a pool of 25. Approvals and
 * claims go through the services concurrently; the line's compare-and-set and the claim's unique
 * key decide, and the books stay exact.
 */
const url = process.env.DATABASE_URL;

describe.skipIf(!url)('after-sale under concurrency on postgres', () => {
  let h: Harness;
  let w: World;
  let consumer: SignedIn;
  let call: ReturnType<typeof http>;

  beforeAll(async () => {
    h = await createHarness(await openFreshPostgres(url!, 25));
    call = http(h);
    w = await buildWorld(h, 'race', [
      { tee: { listPrice: 12000, campaignPrice: 10000 }, cap: { listPrice: 6000, campaignPrice: 5000 } },
    ]);
    consumer = await h.signIn('consumer');
  });
  afterAll(() => h?.close());
  afterEach(() => expectSoundBooks(h.ctx.db));

  const staff = () => merchantActor(w.merchants[0]!.userId);
  const line = (id: string) =>
    h.ctx.db.selectFrom('order_lines').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  /** Refund requests written directly, as racing requests could leave them (the request path counts pending ones). */
  async function requested(
    o: { orderId: string; subOrders: { id: string }[] },
    lineId: string,
    quantity: number,
    n: number,
  ) {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const id = newId('ref');
      await h.ctx.db
        .insertInto('refunds')
        .values({
          id,
          order_id: o.orderId,
          sub_order_id: o.subOrders[0]!.id,
          line_id: lineId,
          store_id: w.storeIds[0]!,
          customer_id: consumer.userId,
          quantity,
          amount: 1,
          merchant_part: 1,
          platform_part: 0,
          status: 'requested',
          reason: 'race',
          created_at: new Date(),
        })
        .execute();
      ids.push(id);
    }
    return ids;
  }

  it('two full refunds of one line approved at once: one wins, the other is 409, the line is refunded exactly once', async () => {
    const o = await createPaidOrder(h.ctx, {
      customerId: consumer.userId,
      campaignId: w.campaignId,
      lines: [{ sku: w.skus.tee!, quantity: 2 }],
    });
    const before = await balanceOf(h.ctx.db, customerWallet(consumer.userId));
    const ids = await requested(o, o.lineIds[0]!, 2, 2);
    const results = await Promise.allSettled(
      ids.map((id, i) => h.services.afterSale.refunds.approve(staff(), id, `race-${i}`)),
    );
    const ok = results.filter((r) => r.status === 'fulfilled' && r.value.status === 200);
    expect(ok).toHaveLength(1);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(['REFUND_EXCEEDS_LINE']);
    const l = await line(o.lineIds[0]!);
    expect(l.refunded_quantity).toBe(2);
    expect(Number(l.refunded_amount)).toBe(20000);
    expect((await balanceOf(h.ctx.db, customerWallet(consumer.userId))) - before).toBe(20000);
  });

  it('ten one-unit refunds of a ten-unit line approved at once all land, summing to the line exactly', async () => {
    const o = await createPaidOrder(h.ctx, {
      customerId: consumer.userId,
      campaignId: w.campaignId,
      lines: [
        { sku: w.skus.cap!, quantity: 10 },
        { sku: w.skus.tee!, quantity: 1 },
      ],
      promotions: [{ id: 'm3', layer: 'store', type: 'threshold', tiers: [{ threshold: 30000, off: 3333 }] }],
    });
    const total = Number((await line(o.lineIds[0]!)).total);
    const before = await balanceOf(h.ctx.db, customerWallet(consumer.userId));
    const ids = await requested(o, o.lineIds[0]!, 1, 12);
    const results = await Promise.allSettled(
      ids.map((id, i) => h.services.afterSale.refunds.approve(staff(), id, `ten-${i}`)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(2);
    const l = await line(o.lineIds[0]!);
    expect(l.refunded_quantity).toBe(10);
    expect(Number(l.refunded_amount)).toBe(total);
    expect((await balanceOf(h.ctx.db, customerWallet(consumer.userId))) - before).toBe(total);
  });

  it('price protection claimed by ten requests at once pays once', async () => {
    const o = await createPaidOrder(h.ctx, {
      customerId: consumer.userId,
      campaignId: w.campaignId,
      lines: [{ sku: w.skus.tee!, quantity: 3 }],
    });
    const res = await call(
      'POST',
      `/api/nominations/${w.skus.tee!.nominationId}/price-drops`,
      w.merchants[0]!,
      { campaignPrice: 9000, reason: 'race' },
    );
    expect(res.statusCode).toBe(201);
    const before = await balanceOf(h.ctx.db, customerWallet(consumer.userId));
    const actor = {
      userId: consumer.userId,
      role: 'consumer' as const,
      email: consumer.email,
      displayName: 'c',
      via: 'session' as const,
    };
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        h.services.afterSale.priceProtection.claim(actor, o.orderId, o.lineIds[0]!, `pp-${i}`),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled' && r.value.status === 201)).toHaveLength(1);
    const codes = results
      .filter((r) => r.status === 'rejected')
      .map((r) => (r as PromiseRejectedResult).reason.code);
    expect(codes.length).toBe(9);
    expect(new Set(codes)).toEqual(new Set(['ALREADY_CLAIMED']));
    expect((await balanceOf(h.ctx.db, customerWallet(consumer.userId))) - before).toBe(3000);
    const claims = await h.ctx.db
      .selectFrom('price_protection_claims')
      .select('id')
      .where('line_id', '=', o.lineIds[0]!)
      .execute();
    expect(claims).toHaveLength(1);
  });

  it('a claim racing unit refunds: the customer never gets back more than was paid', async () => {
    const o = await createPaidOrder(h.ctx, {
      customerId: consumer.userId,
      campaignId: w.campaignId,
      lines: [{ sku: w.skus.cap!, quantity: 4 }],
    });
    await call('POST', `/api/nominations/${w.skus.cap!.nominationId}/price-drops`, w.merchants[0]!, {
      campaignPrice: 4000,
      reason: 'race',
    });
    const before = await balanceOf(h.ctx.db, customerWallet(consumer.userId));
    const ids = await requested(o, o.lineIds[0]!, 1, 4);
    const actor = {
      userId: consumer.userId,
      role: 'consumer' as const,
      email: consumer.email,
      displayName: 'c',
      via: 'session' as const,
    };
    await Promise.allSettled([
      ...ids.map((id, i) => h.services.afterSale.refunds.approve(staff(), id, `mix-${i}`)),
      h.services.afterSale.priceProtection.claim(actor, o.orderId, o.lineIds[0]!, 'mix-pp'),
    ]);
    const l = await line(o.lineIds[0]!);
    expect(l.refunded_quantity).toBe(4);
    expect(Number(l.refunded_amount) + Number(l.price_protected)).toBe(Number(l.total));
    expect((await balanceOf(h.ctx.db, customerWallet(consumer.userId))) - before).toBe(Number(l.total));
  });

  const consumerActor = () => ({
    userId: consumer.userId,
    role: 'consumer' as const,
    email: consumer.email,
    displayName: 'c',
    via: 'session' as const,
  });

  it('twenty one-unit refund requests on a three-unit line at once: exactly three are accepted', async () => {
    const o = await createPaidOrder(h.ctx, {
      customerId: consumer.userId,
      campaignId: w.campaignId,
      lines: [{ sku: w.skus.cap!, quantity: 3 }],
    });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        h.services.afterSale.refunds.request(
          consumerActor(),
          o.orderId,
          { lineId: o.lineIds[0]!, quantity: 1, reason: 'race' },
          `ask-${o.orderId}-${i}`,
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled' && r.value.status === 201)).toHaveLength(3);
    const codes = results
      .filter((r) => r.status === 'rejected')
      .map((r) => (r as PromiseRejectedResult).reason.code);
    expect(codes).toEqual(Array(17).fill('REFUND_EXCEEDS_LINE'));
    const pending = await h.ctx.db
      .selectFrom('refunds')
      .select('id')
      .where('line_id', '=', o.lineIds[0]!)
      .where('status', '=', 'requested')
      .execute();
    expect(pending).toHaveLength(3);
  });

  it('refund requests racing a cancel of the paid sub-order: none is left requested on the cancelled sub-order', async () => {
    const o = await createPaidOrder(h.ctx, {
      customerId: consumer.userId,
      campaignId: w.campaignId,
      lines: [{ sku: w.skus.cap!, quantity: 6 }],
    });
    const asks = Array.from({ length: 6 }, (_, i) =>
      h.services.afterSale.refunds.request(
        consumerActor(),
        o.orderId,
        { lineId: o.lineIds[0]!, quantity: 1, reason: 'race' },
        `ask-c-${o.orderId}-${i}`,
      ),
    );
    const cancel = h.services.afterSale.refunds.cancelPaid(
      consumerActor(),
      o.subOrders[0]!.id,
      '不想要了',
      `cancel-${o.orderId}`,
    );
    const results = await Promise.allSettled([...asks, cancel]);
    const last = results.at(-1)!;
    expect(last.status).toBe('fulfilled');
    for (const r of results.slice(0, -1))
      if (r.status === 'rejected') expect(r.reason.code).toBe('SUB_ORDER_NOT_REFUNDABLE');
    const left = await h.ctx.db
      .selectFrom('refunds')
      .select('id')
      .where('sub_order_id', '=', o.subOrders[0]!.id)
      .where('status', '=', 'requested')
      .execute();
    expect(left).toEqual([]);
    const l = await line(o.lineIds[0]!);
    expect(l.refunded_quantity).toBe(6);
  });
});
