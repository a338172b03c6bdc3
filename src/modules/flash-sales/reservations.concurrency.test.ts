import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness } from '../../../test/support/harness';
import { buildApp } from '../../app';
import type { Actor } from '../../platform/auth';
import { openFreshPostgres } from '../../platform/db/testing';
import { isAppError } from '../../platform/errors';
import { createRedisKv, type Kv } from '../../platform/kv';
import { deleteByPrefix, TEST_RUN_PREFIX } from '../../platform/kv/testing';
import { createFlashSalesService, type FlashSalesService } from './service';
import { consumerSessions, flashShop, reserve, slotCounters } from './test-fixtures';

const dbUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;

/**
 * The rush on the real servers: PostgreSQL + Redis, over HTTP through the app, with a second
 * flash-sales service (its own Redis connection, writer and caches: another "process") taking
 * part of the load on the same slot.
 */
describe.skipIf(!dbUrl || !redisUrl)('flash-sale reservations under contention (PostgreSQL + Redis)', () => {
  let h: Harness;
  let kv2: Kv;
  let second: FlashSalesService;
  let app2: FastifyInstance;
  const prefix = `${TEST_RUN_PREFIX}flash-conc:`;

  // Generous command timeouts: this is about correctness on a busy shared machine, not latency.
  beforeAll(async () => {
    h = await createHarness(await openFreshPostgres(dbUrl!, 30), '2026-11-01T00:00:00Z', {
      kv: () => createRedisKv({ url: redisUrl!, prefix, commandTimeoutMs: 5_000 }),
    });
    kv2 = createRedisKv({ url: redisUrl!, prefix, commandTimeoutMs: 5_000 });
    // Another API process: its own app, services, Redis connection, writer and caches.
    app2 = (await buildApp({ ...h.ctx, kv: kv2 }, { serveWeb: false })).app;
    await app2.ready();
    second = createFlashSalesService({
      db: h.ctx.db,
      kv: kv2,
      clock: h.clock,
      campaigns: h.services.campaigns,
      storeIdsOf: h.services.merchants.storeIdsOf,
    });
  });
  afterAll(async () => {
    await app2?.close();
    await second?.close();
    await kv2?.close();
    await h?.close();
    await deleteByPrefix(redisUrl!, prefix);
  });

  const actor = (userId: string): Actor => ({
    userId,
    role: 'consumer',
    email: `${userId}@t`,
    displayName: userId,
    via: 'session',
  });

  it('500 customers rush 50 units over HTTP on two apps: exactly 50 reserved, in PG and in the KV', async () => {
    const fs = await flashShop(h, { stock: 50 });
    const customers = await consumerSessions(h.ctx.db, 500, h.clock.now());
    h.clock.set(fs.startsAt);
    const started = performance.now();
    const results = await Promise.all(
      customers.map(async (c, i) => {
        const res = await (i % 2 === 0 ? h.app : app2).inject({
          method: 'POST',
          url: `/api/flash-sales/${fs.slotId}/reservations`,
          headers: { cookie: c.cookie, 'idempotency-key': `k-${i}` },
          payload: {},
        });
        return res.statusCode === 201 ? 'reserved' : errorOf(res).code;
      }),
    );
    const ms = performance.now() - started;
    const counts: Record<string, number> = {};
    for (const r of results) counts[r] = (counts[r] ?? 0) + 1;
    expect(counts).toEqual({ reserved: 50, SOLD_OUT: 450 });
    expect(await slotCounters(h.ctx.db, fs.slotId)).toMatchObject({ stock: 50, taken: 50, live: 50 });
    for (const app of [h.app, app2]) {
      const view = (await app.inject({ method: 'GET', url: `/api/flash-sales/${fs.slotId}` })).json().slot;
      expect(view).toMatchObject({ remaining: 0, status: 'sold_out' });
    }
    console.info(`500 reservations for 50 units over HTTP in ${Math.round(ms)} ms`);
  });

  it('the second process’s service and the first’s app share one slot: 200 callers, 20 units', async () => {
    const fs = await flashShop(h, { stock: 20 });
    const customers = await consumerSessions(h.ctx.db, 200, h.clock.now());
    h.clock.set(fs.startsAt);
    const def = await second.reservations.definition(fs.slotId);
    const results = await Promise.all(
      customers.map(async (c, i) => {
        if (i % 2 === 0) {
          const res = await reserve(h, c.cookie, fs.slotId, `k-${i}`);
          return res.statusCode === 201 ? 'reserved' : errorOf(res).code;
        }
        try {
          await second.reservations.reserve(actor(c.userId), def, 1, `k-${i}`);
          return 'reserved';
        } catch (e) {
          if (isAppError(e)) return e.code;
          throw e;
        }
      }),
    );
    expect(results.filter((r) => r === 'reserved')).toHaveLength(20);
    expect(await slotCounters(h.ctx.db, fs.slotId)).toMatchObject({ taken: 20, live: 20 });
  });

  it('one customer firing 30 requests at once gets one reservation; the same key 30 times gets one answer', async () => {
    const fs = await flashShop(h, { stock: 20, perCustomerLimit: 3 });
    const [c, d] = await consumerSessions(h.ctx.db, 2, h.clock.now());
    h.clock.set(fs.startsAt);
    const distinct = await Promise.all(
      Array.from({ length: 30 }, (_, i) => reserve(h, c!.cookie, fs.slotId, `d-${i}`)),
    );
    expect(distinct.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(new Set(distinct.filter((r) => r.statusCode !== 201).map((r) => errorOf(r).code))).toEqual(
      new Set(['LIMIT_REACHED']),
    );
    const same = await Promise.all(
      Array.from({ length: 30 }, () => reserve(h, d!.cookie, fs.slotId, 'same')),
    );
    expect(new Set(same.map((r) => r.statusCode))).toEqual(new Set([201]));
    expect(new Set(same.map((r) => r.body)).size).toBe(1);
    const rows = await h.ctx.db
      .selectFrom('flash_sale_customer_units')
      .select(['customer_id', 'units'])
      .where('slot_id', '=', fs.slotId)
      .execute();
    expect(rows.map((r) => r.units).sort()).toEqual([1, 1]);
  });

  it('PG stays the arbiter when the KV is wrong: a KV that lost its takes cannot oversell', async () => {
    const fs = await flashShop(h, { stock: 5 });
    const customers = await consumerSessions(h.ctx.db, 40, h.clock.now());
    h.clock.set(fs.startsAt);
    for (const c of customers.slice(0, 5))
      expect((await reserve(h, c.cookie, fs.slotId, 'first')).statusCode).toBe(201);
    // Corrupt the fast copy: it believes all 5 units are still there.
    await h.services.flashSales.state.forget(fs.slotId);
    await h.services.flashSales.state.rebuild(fs.slotId, {
      remaining: 5,
      units: [],
      live: [],
      answers: [],
      ended: [],
      stateTtlMs: 60_000,
    });
    const late = await Promise.all(customers.slice(5).map((c) => reserve(h, c.cookie, fs.slotId, 'late')));
    expect(late.filter((r) => r.statusCode === 201)).toHaveLength(0);
    expect(new Set(late.map((r) => errorOf(r).code))).toEqual(new Set(['SOLD_OUT']));
    expect(await slotCounters(h.ctx.db, fs.slotId)).toMatchObject({ taken: 5, live: 5 });
    // A refused key replays its refusal.
    const again = await reserve(h, customers[6]!.cookie, fs.slotId, 'late');
    expect(errorOf(again).code).toBe('SOLD_OUT');
    // At the next quiet moment the reconciler puts the copy right: it shows what PG has.
    const slotView = async () =>
      (await h.app.inject({ method: 'GET', url: `/api/flash-sales/${fs.slotId}` })).json().slot;
    expect((await slotView()).remaining).toBe(5);
    expect((await h.services.flashSales.maintain()).repaired).toBeGreaterThanOrEqual(1);
    expect(await slotView()).toMatchObject({ remaining: 0, status: 'sold_out' });
  });
});
