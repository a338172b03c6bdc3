import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../../test/faults/support';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { RedisInstance } from '../../../test/support/redis-instance';
import { createRedisKv } from '../../platform/kv';
import { consumerSessions, flashShop, reserve, slotCounters } from './test-fixtures';

/**
 * Redis keeps nothing on disk: after a restart (kill -9, or FLUSHALL) the slot state is rebuilt
 * from PostgreSQL before the slot takes requests again, and no unit is sold twice. Runs on its
 * own redis-server, on PostgreSQL when DATABASE_URL is set (else PGlite).
 */
const target = testDatabaseTargets().at(-1)!;

describe.skipIf(!RedisInstance.binary)(`flash sales across a Redis restart (${target.kind})`, () => {
  let redis: RedisInstance;
  let h: Harness;

  beforeAll(async () => {
    redis = await RedisInstance.start();
    h = await createHarness(await target.open(), '2026-11-01T00:00:00Z', {
      kv: () =>
        createRedisKv({
          url: redis.url,
          prefix: 'fs-restart:',
          commandTimeoutMs: 5_000,
          onConnectionEvent: () => {},
        }),
    });
  });
  afterAll(async () => {
    await h?.close();
    await redis?.kill();
  });

  it('kill -9 during the rush, restart empty: rebuilt from PG, answers replay, nothing oversold', async () => {
    const fs = await flashShop(h, { stock: 30 });
    const customers = await consumerSessions(h.ctx.db, 120, h.clock.now());
    h.clock.set(fs.startsAt);
    const answered = new Map<string, string>();
    const rush = async (from: number, to: number, key: string) =>
      Promise.all(
        customers.slice(from, to).map(async (c) => {
          const res = await reserve(h, c.cookie, fs.slotId, key);
          if (res.statusCode === 201) answered.set(c.userId, res.body);
          return res;
        }),
      );
    expect((await rush(0, 10, 'a')).map((r) => r.statusCode)).toEqual(Array(10).fill(201));

    // The rush goes on while Redis dies.
    const during = rush(10, 40, 'a');
    await redis.kill();
    const duringAnswers = await during;
    for (const r of duringAnswers) expect([201, 503]).toContain(r.statusCode);
    await redis.start();

    // Until it is rebuilt a slot answers SLOT_WARMING or rebuilds itself; then it serves again.
    await waitFor('the slot to serve again', async () => {
      const r = await reserve(h, customers[40]!.cookie, fs.slotId, `probe-${Date.now()}`);
      return r.statusCode === 201 || errorOf(r).code === 'SOLD_OUT' ? true : undefined;
    });
    // A reservation answered before the restart replays the same bytes (rebuilt from PG).
    const early = await reserve(h, customers[0]!.cookie, fs.slotId, 'a');
    expect(early.body).toBe(answered.get(customers[0]!.userId));

    // Everyone else rushes the rest: PG and the rebuilt KV agree, and nothing is oversold.
    await rush(41, 120, 'b');
    const counters = await slotCounters(h.ctx.db, fs.slotId);
    expect(counters).toMatchObject({ stock: 30, taken: 30, live: 30 });
    // Every reservation that was answered 201 is in PostgreSQL.
    const rows = await h.ctx.db
      .selectFrom('flash_sale_reservations')
      .select(['customer_id'])
      .where('slot_id', '=', fs.slotId)
      .where('status', '=', 'reserved')
      .execute();
    const inPg = new Set(rows.map((r) => r.customer_id));
    expect([...answered.keys()].filter((id) => !inPg.has(id))).toEqual([]);
    const view = (await h.app.inject({ method: 'GET', url: `/api/flash-sales/${fs.slotId}` })).json().slot;
    expect(view.remaining).toBe(0);
  });

  it('FLUSHALL: the slot is rebuilt with remaining = stock - taken, live reservations and limits intact', async () => {
    const fs = await flashShop(h, { stock: 10 });
    const customers = await consumerSessions(h.ctx.db, 12, h.clock.now());
    h.clock.set(fs.startsAt);
    for (const c of customers.slice(0, 4))
      expect((await reserve(h, c.cookie, fs.slotId, 'k')).statusCode).toBe(201);
    const { Redis } = await import('ioredis');
    const raw = new Redis(redis.url);
    await raw.flushall();
    await raw.quit();

    const view = (await h.app.inject({ method: 'GET', url: `/api/flash-sales/${fs.slotId}` })).json().slot;
    expect(view.remaining).toBe(6);
    // The live reservation survived the flush: a second one is refused.
    expect(errorOf(await reserve(h, customers[0]!.cookie, fs.slotId, 'k2')).code).toBe('LIMIT_REACHED');
    const rest = await Promise.all(customers.slice(4).map((c) => reserve(h, c.cookie, fs.slotId, 'k')));
    expect(rest.filter((r) => r.statusCode === 201)).toHaveLength(6);
    expect(await slotCounters(h.ctx.db, fs.slotId)).toMatchObject({ taken: 10, live: 10 });
  });
});
