import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { newId } from '../ids';
import { silentLogger } from '../logger';
import type { EventBus, RedeliveryOptions } from './bus';
import type { DomainEvent } from './event';
import { createMemoryBus } from './memory';
import { createNatsBus } from './nats';
import { waitFor } from './testing-helpers';

interface BusTarget {
  name: string;
  open(redelivery?: RedeliveryOptions): Promise<EventBus>;
  cleanup(): Promise<void>;
}

const targets: BusTarget[] = [
  {
    name: 'memory',
    open: async (redelivery) => createMemoryBus({ logger: silentLogger, ...redelivery }),
    cleanup: async () => {},
  },
];

const natsUrl = process.env.NATS_URL;
if (natsUrl) {
  // Each run gets its own stream and subjects, so parallel runs and leftovers never interfere.
  const suffix = randomBytes(4).toString('hex');
  const config = { servers: natsUrl, stream: `CARNIVAL_T_${suffix}`, subjectPrefix: `t${suffix}` };
  targets.push({
    name: 'nats',
    open: (redelivery) => createNatsBus({ ...config, logger: silentLogger, ...redelivery }),
    cleanup: async () => {
      const bus = await createNatsBus({ ...config, logger: silentLogger });
      await bus.deleteStream();
      await bus.close();
    },
  });
}

let counter = 0;
/** A topic root and consumer names unique to one test, so durables and filters never overlap. */
const unique = (label: string) => `${label}${++counter}x${randomBytes(3).toString('hex')}`;

function event<T>(topic: string, payload: T): DomainEvent<T> {
  return { id: newId('evt'), topic, occurredAt: new Date().toISOString(), payload };
}

describe.each(targets)('event bus contract: $name', (target) => {
  const open: EventBus[] = [];
  const bus = async (redelivery?: RedeliveryOptions) => {
    const b = await target.open(redelivery);
    open.push(b);
    return b;
  };

  afterEach(async () => {
    await Promise.all(open.splice(0).map((b) => b.close()));
  });
  afterAll(() => target.cleanup());

  it('delivers a published event to a subscriber of its exact topic, and nothing else', async () => {
    const b = await bus();
    const root = unique('exact');
    const got: DomainEvent[] = [];
    await b.subscribe(unique('c'), [`${root}.created`], async (e) => {
      got.push(e);
    });
    const sent = event(`${root}.created`, { amount: 1999, currency: 'CNY', tags: ['a', 'b'] });
    await b.publish(event(`${root}.deleted`, {}));
    await b.publish(sent);
    await waitFor(() => got.length >= 1);
    await sleep(150);
    expect(got).toEqual([sent]);
  });

  it('matches a `*` pattern against exactly one token', async () => {
    const b = await bus();
    const root = unique('wild');
    const topics: string[] = [];
    await b.subscribe(unique('c'), [`${root}.*`], async (e) => {
      topics.push(e.topic);
    });
    for (const t of [`${root}.published`, `${root}.x.y`, `other${root}.published`, `${root}.ended`]) {
      await b.publish(event(t, null));
    }
    await waitFor(() => topics.length >= 2);
    await sleep(150);
    expect(topics.sort()).toEqual([`${root}.ended`, `${root}.published`]);
  });

  it('gives every consumer name every event (fan-out)', async () => {
    const b = await bus();
    const root = unique('fan');
    const seen: Record<string, string[]> = { a: [], b: [] };
    for (const name of ['a', 'b'] as const) {
      await b.subscribe(unique(name), [`${root}.happened`], async (e) => {
        seen[name]!.push(e.id);
      });
    }
    const sent = Array.from({ length: 5 }, (_, i) => event(`${root}.happened`, { i }));
    for (const e of sent) await b.publish(e);
    await waitFor(() => seen.a!.length >= 5 && seen.b!.length >= 5);
    const ids = sent.map((e) => e.id);
    expect(seen.a!.sort()).toEqual([...ids].sort());
    expect(seen.b!.sort()).toEqual([...ids].sort());
  });

  it('splits one consumer name between its subscribers (queue)', async () => {
    const b = await bus();
    const root = unique('queue');
    const consumer = unique('workers');
    const handled: string[][] = [[], []];
    for (const i of [0, 1]) {
      await b.subscribe(consumer, [`${root}.job`], async (e) => {
        await sleep(5);
        handled[i]!.push(e.id);
      });
    }
    const sent = Array.from({ length: 20 }, (_, i) => event(`${root}.job`, { i }));
    for (const e of sent) await b.publish(e);
    await waitFor(() => handled[0]!.length + handled[1]!.length >= 20);
    await sleep(150);
    expect([...handled[0]!, ...handled[1]!].sort()).toEqual(sent.map((e) => e.id).sort());
  });

  it('redelivers an event whose handler threw', async () => {
    const b = await bus({ maxDeliver: 5, backoffMs: [20] });
    const root = unique('retry');
    let attempts = 0;
    const done: string[] = [];
    await b.subscribe(unique('c'), [`${root}.flaky`], async (e) => {
      attempts++;
      if (attempts < 3) throw new Error('transient');
      done.push(e.id);
    });
    const sent = event(`${root}.flaky`, {});
    await b.publish(sent);
    await waitFor(() => done.length === 1);
    expect(attempts).toBe(3);
    expect(done).toEqual([sent.id]);
  });

  it('parks an event after maxDeliver failed attempts and moves on', async () => {
    const b = await bus({ maxDeliver: 3, backoffMs: [20] });
    const root = unique('park');
    const attempts: Record<string, number> = {};
    await b.subscribe(unique('c'), [`${root}.*`], async (e) => {
      attempts[e.topic] = (attempts[e.topic] ?? 0) + 1;
      if (e.topic.endsWith('.poison')) throw new Error('always');
    });
    await b.publish(event(`${root}.poison`, {}));
    await b.publish(event(`${root}.fine`, {}));
    await waitFor(() => attempts[`${root}.fine`] === 1 && attempts[`${root}.poison`] === 3);
    await sleep(300);
    expect(attempts).toEqual({ [`${root}.poison`]: 3, [`${root}.fine`]: 1 });
  });

  it('drops a republished event id', async () => {
    const b = await bus();
    const root = unique('dup');
    const got: string[] = [];
    await b.subscribe(unique('c'), [`${root}.x`], async (e) => {
      got.push(e.id);
    });
    const first = event(`${root}.x`, { n: 1 });
    await b.publish(first);
    await b.publish({ ...first });
    const marker = event(`${root}.x`, { n: 2 });
    await b.publish(marker);
    await waitFor(() => got.includes(marker.id));
    await sleep(100);
    expect(got).toEqual([first.id, marker.id]);
  });

  it('keeps a durable consumer position while nobody is subscribed', async () => {
    const b = await bus();
    const root = unique('durable');
    const consumer = unique('c');
    const got: number[] = [];
    const handler = async (e: DomainEvent<{ n: number }>) => {
      got.push(e.payload.n);
    };
    const sub = await b.subscribe(consumer, [`${root}.tick`], handler);
    await b.publish(event(`${root}.tick`, { n: 1 }));
    await waitFor(() => got.length === 1);
    await sub.close();
    await b.publish(event(`${root}.tick`, { n: 2 }));
    await b.publish(event(`${root}.tick`, { n: 3 }));
    await sleep(100);
    expect(got).toEqual([1]);
    await b.subscribe(consumer, [`${root}.tick`], handler);
    await waitFor(() => got.length === 3);
    expect(got).toEqual([1, 2, 3]);
  });

  it('rejects topics with wildcards on publish and malformed patterns on subscribe', async () => {
    const b = await bus();
    await expect(b.publish(event('campaign.*', {}))).rejects.toThrow(/invalid event topic/);
    await expect(b.subscribe('c', ['campaign.>.x'], async () => {})).rejects.toThrow(/invalid topic pattern/);
    await expect(b.subscribe('bad.name', ['campaign.*'], async () => {})).rejects.toThrow(/consumer name/);
  });
});
