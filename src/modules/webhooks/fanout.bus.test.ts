import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBus, createNatsBus, type EventBus } from '../../platform/bus';
import { ManualClock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import { testDatabaseTargets } from '../../platform/db/testing';
import { newId } from '../../platform/ids';
import { silentLogger } from '../../platform/logger';
import { createFanout } from './fanout';

/**
 * The fan-out as a durable consumer shared by two processes (two subscribers under one name; on
 * NATS two connections): every event becomes exactly one delivery per subscribed endpoint, even
 * when the relay republishes events.
 */
interface Target {
  name: string;
  /** Two buses that share one stream, as two processes would; the memory bus is one process. */
  open(): Promise<[EventBus, EventBus]>;
  cleanup(): Promise<void>;
}

const targets: Target[] = [
  {
    name: 'memory',
    open: async () => {
      const bus = createMemoryBus({ logger: silentLogger });
      return [bus, bus];
    },
    cleanup: async () => {},
  },
];
const natsUrl = process.env.NATS_URL;
if (natsUrl) {
  const suffix = randomBytes(4).toString('hex');
  const config = {
    servers: natsUrl,
    stream: `CARNIVAL_T_${suffix}`,
    subjectPrefix: `t${suffix}`,
    logger: silentLogger,
  };
  targets.push({
    name: 'nats',
    open: async () => [await createNatsBus(config), await createNatsBus(config)],
    cleanup: async () => {
      const bus = await createNatsBus(config);
      await bus.deleteStream();
      await bus.close();
    },
  });
}

describe.each(targets)('webhook fan-out on the $name bus', (target) => {
  let database: Database;
  let buses: [EventBus, EventBus];
  const clock = new ManualClock('2026-11-11T00:00:00Z');

  beforeAll(async () => {
    database = await testDatabaseTargets()[0]!.open();
    buses = await target.open();
  });
  afterAll(async () => {
    await buses[0].close();
    if (buses[1] !== buses[0]) await buses[1].close();
    await target.cleanup();
    await database.close();
  });

  it('queues each event once per subscribed endpoint across two processes, republishes included', async () => {
    const db = database.db;
    const ownerId = newId('usr');
    await db
      .insertInto('users')
      .values({
        id: ownerId,
        email: `${ownerId}@t`,
        display_name: 'o',
        role: 'operator',
        password_hash: 'x',
        created_at: new Date(),
      })
      .execute();
    const endpointIds = [newId('whk'), newId('whk')];
    for (const id of endpointIds)
      await db
        .insertInto('webhook_endpoints')
        .values({
          id,
          owner_id: ownerId,
          owner_role: 'operator',
          url: 'https://hooks.example.com/',
          event_types: JSON.stringify(['campaign.published']),
          created_at: clock.now(),
          updated_at: clock.now(),
        })
        .execute();
    const subs = await Promise.all(
      buses.map((bus) => createFanout({ db, clock, storeIdsOf: async () => [] }).subscribe(bus)),
    );
    const events = Array.from({ length: 30 }, (_, i) => ({
      id: newId('evt'),
      topic: 'campaign.published',
      occurredAt: clock.now().toISOString(),
      payload: { campaignId: `cmp_${i}` },
    }));
    for (const e of events) await buses[0].publish(e);
    // The relay republishes after a crash; the second process sees some events again.
    for (const e of events.slice(0, 10)) await buses[1].publish(e);
    const count = async () =>
      Number(
        (
          await db
            .selectFrom('webhook_deliveries')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    let n = 0;
    for (let i = 0; i < 200 && n < 60; i++) {
      n = await count();
      await sleep(50);
    }
    await sleep(300);
    expect(await count()).toBe(60);
    const rows = await db.selectFrom('webhook_deliveries').select(['endpoint_id', 'event_id']).execute();
    expect(new Set(rows.map((r) => `${r.endpoint_id}/${r.event_id}`)).size).toBe(60);
    await Promise.all(subs.map((s) => s.close()));
  });
});
