import { setTimeout as sleep } from 'node:timers/promises';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import type { Database, DB } from '../db';
import { testDatabaseTargets } from '../db/testing';
import { silentLogger } from '../logger';
import type { EventBus } from './bus';
import { idempotentHandler } from './consume';
import type { DomainEvent } from './event';
import { createMemoryBus, type MemoryBus } from './memory';
import { createOutboxRelay, OutboxPublishError, recordEvent } from './outbox';
import { waitFor } from './testing-helpers';

/** Counts what a relay hands to the bus, and can fail or slow down on demand. */
function countingBus(inner: EventBus, opts: { failOn?: (n: number) => boolean; delayMs?: number } = {}) {
  const published: DomainEvent[] = [];
  let calls = 0;
  const bus: EventBus = {
    async publish(event) {
      calls++;
      if (opts.failOn?.(calls)) throw new Error('bus unavailable');
      if (opts.delayMs) await sleep(opts.delayMs);
      await inner.publish(event);
      published.push(event);
    },
    subscribe: (consumer, topics, handler) => inner.subscribe(consumer, topics, handler),
    close: () => inner.close(),
  };
  return { bus, published };
}

describe.each(testDatabaseTargets())('transactional outbox on $kind', (target) => {
  let database: Database;
  let db: Kysely<DB>;
  let memory: MemoryBus;

  beforeAll(async () => {
    database = await target.open();
    db = database.db;
    // A stand-in for a module's own table, to observe how often an effect was applied.
    await sql`CREATE TABLE bus_test_effects (consumer text NOT NULL, event_id text NOT NULL)`.execute(db);
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    await memory?.close();
    // No bus-level dedup here, so what reaches handlers is exactly what the relay published.
    memory = createMemoryBus({ logger: silentLogger, dedupWindow: 0, backoffMs: [10] });
    await db.deleteFrom('outbox').execute();
    await db.deleteFrom('processed_events').execute();
    await sql`DELETE FROM bus_test_effects`.execute(db);
  });

  const collect = async (consumer: string, topics: string[]) => {
    const got: DomainEvent[] = [];
    await memory.subscribe(consumer, topics, async (e) => {
      got.push(e);
    });
    return got;
  };

  const effects = async () =>
    (
      await sql<{
        consumer: string;
        event_id: string;
      }>`SELECT consumer, event_id FROM bus_test_effects`.execute(db)
    ).rows;

  it('never publishes an event recorded in a transaction that rolled back', async () => {
    const got = await collect('audit', ['campaign.*']);
    await expect(
      db.transaction().execute(async (trx) => {
        await recordEvent(trx, 'campaign.published', { id: 'cmp_1' });
        throw new Error('business rule failed after the write');
      }),
    ).rejects.toThrow('business rule failed');
    const relay = createOutboxRelay({ db, bus: memory, logger: silentLogger });
    expect(await relay.flush()).toBe(0);
    await memory.idle();
    expect(got).toEqual([]);
    expect(await db.selectFrom('outbox').selectAll().execute()).toEqual([]);
  });

  it('publishes a committed event once per consumer, in seq order, with its payload intact', async () => {
    const a = await collect('search-index', ['campaign.*']);
    const b = await collect('analytics', ['campaign.published', 'order.paid']);
    const clock = new ManualClock('2026-11-11T00:00:00Z');
    const recorded = await db
      .transaction()
      .execute(async (trx) => [
        await recordEvent(
          trx,
          'campaign.published',
          { id: 'cmp_1', budget: { amount: 100_00, currency: 'CNY' } },
          clock,
        ),
        await recordEvent(trx, 'order.paid', ['ord_1', 'ord_2'], clock),
        await recordEvent(trx, 'campaign.ended', null, clock),
      ]);
    expect(recorded[0]!.id).toMatch(/^evt_/);
    expect(recorded[0]!.occurredAt).toBe('2026-11-11T00:00:00.000Z');

    const relay = createOutboxRelay({ db, bus: memory, logger: silentLogger });
    expect(await relay.flush()).toBe(3);
    expect(await relay.flush()).toBe(0);
    await memory.idle();
    expect(a).toEqual([recorded[0], recorded[2]]);
    expect(b).toEqual([recorded[0], recorded[1]]);
    const rows = await db.selectFrom('outbox').select(['event_id', 'published_at']).orderBy('seq').execute();
    expect(rows.map((r) => r.event_id)).toEqual(recorded.map((e) => e.id));
    expect(rows.every((r) => r.published_at !== null)).toBe(true);
  });

  it('republishes after a crash between publish and mark, and idempotentHandler applies it once', async () => {
    let received = 0;
    let applied = 0;
    const apply = idempotentHandler(db, 'ledger', async (e, trx) => {
      applied++;
      await sql`INSERT INTO bus_test_effects VALUES ('ledger', ${e.id})`.execute(trx);
    });
    await memory.subscribe('ledger', ['charity.*'], async (e) => {
      received++;
      await apply(e);
    });
    const event = await recordEvent(db, 'charity.donated', { amount: 500, currency: 'CNY' });

    let crash = true;
    const relay = createOutboxRelay({
      db,
      bus: memory,
      logger: silentLogger,
      beforeMark: () => {
        if (crash) throw new Error('process died before marking');
      },
    });
    await expect(relay.flush()).rejects.toThrow('process died');
    await memory.idle();
    crash = false;
    expect(await relay.flush()).toBe(1);
    await memory.idle();

    expect(received).toBe(2);
    expect(applied).toBe(1);
    expect(await effects()).toEqual([{ consumer: 'ledger', event_id: event.id }]);
    const claims = await db.selectFrom('processed_events').select(['consumer', 'event_id']).execute();
    expect(claims).toEqual([{ consumer: 'ledger', event_id: event.id }]);
  });

  it('idempotentHandler rolls its claim back when the handler throws, so the retry applies it', async () => {
    let attempts = 0;
    await memory.subscribe(
      'ledger',
      ['charity.*'],
      idempotentHandler(db, 'ledger', async (e, trx) => {
        attempts++;
        await sql`INSERT INTO bus_test_effects VALUES ('ledger', ${e.id})`.execute(trx);
        if (attempts === 1) throw new Error('downstream hiccup');
      }),
    );
    const event = await recordEvent(db, 'charity.donated', { amount: 1, currency: 'CNY' });
    await createOutboxRelay({ db, bus: memory, logger: silentLogger }).flush();
    await memory.idle();
    // A second delivery of the same id, as after a relay crash, finds the claim and does nothing.
    await memory.publish(event);
    await memory.idle();
    expect(attempts).toBe(2);
    expect(await effects()).toEqual([{ consumer: 'ledger', event_id: event.id }]);
  });

  it('stops at a failed publish, keeps what went out marked, and resumes in order', async () => {
    const got = await collect('audit', ['order.*']);
    for (let i = 0; i < 5; i++) await recordEvent(db, 'order.placed', { i });
    const { bus } = countingBus(memory, { failOn: (n) => n === 3 });
    const relay = createOutboxRelay({ db, bus, logger: silentLogger });
    const failure = await relay.flush().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(OutboxPublishError);
    expect((failure as OutboxPublishError).publishedBeforeFailure).toBe(2);
    expect(await relay.flush()).toBe(3);
    await memory.idle();
    expect(got.map((e) => (e.payload as { i: number }).i)).toEqual([0, 1, 2, 3, 4]);
  });

  it('two relays flushing at once never publish the same row twice (SKIP LOCKED)', async () => {
    const total = 300;
    await db
      .insertInto('outbox')
      .values(
        Array.from({ length: total }, (_, i) => ({
          event_id: `evt_concurrent_${i}`,
          topic: 'order.placed',
          payload: JSON.stringify({ i }),
        })),
      )
      .execute();
    // The delay keeps each batch's row locks held long enough for the relays to overlap.
    const one = countingBus(memory, { delayMs: 1 });
    const two = countingBus(memory, { delayMs: 1 });
    const relays = [one, two].map(({ bus }) =>
      createOutboxRelay({ db, bus, logger: silentLogger, batchSize: 20 }),
    );
    const counts = await Promise.all(relays.map((r) => r.flush()));

    const ids = [...one.published, ...two.published].map((e) => e.id);
    expect(counts[0]! + counts[1]!).toBe(total);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    if (target.kind === 'postgres') {
      // On PostgreSQL both relays did real work side by side; PGlite serializes them.
      expect(one.published.length).toBeGreaterThan(0);
      expect(two.published.length).toBeGreaterThan(0);
    }
    const pending = await db.selectFrom('outbox').select('seq').where('published_at', 'is', null).execute();
    expect(pending).toEqual([]);
  });

  it('a started relay publishes on notify() without waiting for the poll interval', async () => {
    const got = await collect('audit', ['campaign.*']);
    const relay = createOutboxRelay({ db, bus: memory, logger: silentLogger, intervalMs: 60_000 });
    relay.start();
    await sleep(50);
    const event = await db
      .transaction()
      .execute((trx) => recordEvent(trx, 'campaign.published', { id: 'cmp_9' }));
    relay.notify();
    await waitFor(() => got.length === 1, 5_000, 'notified publish');
    expect(got).toEqual([event]);
    await relay.stop();
    relay.notify();
    await recordEvent(db, 'campaign.ended', {});
    await sleep(100);
    expect(got).toHaveLength(1);
  });
});
