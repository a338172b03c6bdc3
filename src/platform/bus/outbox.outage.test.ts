import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db';
import { testDatabaseTargets } from '../db/testing';
import { silentLogger } from '../logger';
import type { BusStatus, EventBus } from './bus';
import type { DomainEvent } from './event';
import { createOutboxRelay, recordEvent } from './outbox';
import { waitFor } from './testing-helpers';

/**
 * A bus that reports itself down (NATS disconnected): the relay must not spin on it, must keep
 * the rows, and must publish them at once when the bus says it is back.
 */
function switchableBus() {
  const published: DomainEvent[] = [];
  const listeners = new Set<() => void>();
  let status: BusStatus = { ready: true };
  let attempts = 0;
  const bus: EventBus = {
    async publish(event) {
      attempts++;
      if (!status.ready) throw new Error('bus down');
      published.push(event);
    },
    subscribe: () => Promise.reject(new Error('not used')),
    close: async () => {},
    status: () => status,
    onReady(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    bus,
    published,
    attempts: () => attempts,
    down() {
      status = { ready: false, detail: 'disconnected' };
    },
    up() {
      status = { ready: true };
      for (const l of listeners) l();
    },
  };
}

describe('outbox relay during a bus outage', () => {
  let database: Database;
  beforeAll(async () => {
    database = await testDatabaseTargets()[0]!.open();
  });
  afterAll(() => database?.close());

  it('keeps the rows without publish attempts while the bus is down, and delivers them when it is back', async () => {
    const sw = switchableBus();
    // A long poll period: delivery after the outage must come from onReady, not the timer.
    const relay = createOutboxRelay({
      db: database.db,
      bus: sw.bus,
      logger: silentLogger,
      intervalMs: 60_000,
    });
    relay.start();
    sw.down();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const e = await database.db.transaction().execute((trx) => recordEvent(trx, 'test.outage', { i }));
      ids.push(e.id);
      relay.notify();
    }
    await expect(relay.flush()).rejects.toThrow(/outbox publish failed after 0/);
    await new Promise((r) => setImmediate(r));
    expect(sw.attempts()).toBe(0);
    const pending = await database.db
      .selectFrom('outbox')
      .select('event_id')
      .where('published_at', 'is', null)
      .where('topic', '=', 'test.outage')
      .execute();
    expect(pending.map((r) => r.event_id).sort()).toEqual([...ids].sort());

    sw.up();
    await waitFor(() => ids.every((id) => sw.published.some((e) => e.id === id)), 5_000);
    expect(sw.published.filter((e) => ids.includes(e.id))).toHaveLength(5);
    await relay.stop();
  });
});
