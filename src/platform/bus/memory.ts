import { AsyncResource } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Logger, silentLogger } from '../logger';
import {
  assertConsumerName,
  backoffFor,
  DEFAULT_BACKOFF_MS,
  DEFAULT_MAX_DELIVER,
  type EventBus,
  type EventHandler,
  type RedeliveryOptions,
  type Subscription,
} from './bus';
import { assertTopic, type DomainEvent, normalizePatterns, topicMatches } from './event';

export interface MemoryBusOptions extends RedeliveryOptions {
  logger?: Logger;
  /** How many recent event ids publish() remembers to drop republished duplicates. */
  dedupWindow?: number;
}

export interface ParkedEvent {
  consumer: string;
  topic: string;
  event: DomainEvent;
  error: unknown;
}

export interface MemoryBus extends EventBus {
  /** Resolves when no subscribed consumer has an event waiting or in flight; for tests. */
  idle(): Promise<void>;
  /** Events whose handler failed `maxDeliver` times. */
  parked(): readonly ParkedEvent[];
}

interface Subscriber {
  handler: EventHandler;
  /**
   * The subscriber's own async scope (where it subscribed). A delivery runs in it, not in the
   * publisher's: the publisher is the outbox relay inside its transaction, maybe woken by a
   * request, and the handler is neither inside that transaction nor part of that request
   * (the embedded database's queue tells the two apart: platform/db/pglite-driver.ts).
   */
  scope: AsyncResource;
  busy: boolean;
  closed: boolean;
  inflight: Promise<void> | null;
}

/** One per (consumer, pattern): the unit that is durable and whose work subscribers share. */
interface Queue {
  consumer: string;
  pattern: string;
  pending: DomainEvent[];
  subscribers: Subscriber[];
  next: number;
}

/**
 * The in-process bus of the embedded mode.
 *
 * Durability is per process: a consumer's queue outlives its subscriptions (events published
 * while nobody is subscribed wait for the next subscriber under that name), but not the
 * process. Because the relay marks an outbox row published once it is queued here, a crash
 * between publish and handling loses that delivery; the embedded mode accepts this, the NATS
 * bus does not have the gap.
 *
 * Delivery is asynchronous to publish(): the relay publishes while holding a transaction, and
 * on PGlite that transaction holds the only connection, so a handler that used the database
 * inside publish() would deadlock.
 *
 * Subscribers under one consumer name take turns (round robin); each handles one event at a
 * time, and a failing event is retried in place, which keeps a single subscriber's order.
 */
export function createMemoryBus(options: MemoryBusOptions = {}): MemoryBus {
  const logger = options.logger ?? silentLogger;
  const maxDeliver = options.maxDeliver ?? DEFAULT_MAX_DELIVER;
  const backoffMs = options.backoffMs ?? DEFAULT_BACKOFF_MS;
  const dedupWindow = options.dedupWindow ?? 10_000;
  const queues = new Map<string, Queue>();
  const recentIds = new Set<string>();
  const parked: ParkedEvent[] = [];
  let closed = false;

  function queueFor(consumer: string, pattern: string): Queue {
    const key = `${consumer}\u0000${pattern}`;
    let q = queues.get(key);
    if (!q) {
      q = { consumer, pattern, pending: [], subscribers: [], next: 0 };
      queues.set(key, q);
    }
    return q;
  }

  function pump(q: Queue): void {
    while (q.pending.length > 0) {
      const sub = takeIdle(q);
      if (!sub) return;
      const event = q.pending.shift()!;
      sub.busy = true;
      sub.inflight = sub.scope
        .runInAsyncScope(() => deliver(q, sub, event))
        .finally(() => {
          sub.busy = false;
          sub.inflight = null;
          pump(q);
        });
    }
  }

  function takeIdle(q: Queue): Subscriber | undefined {
    const n = q.subscribers.length;
    for (let i = 0; i < n; i++) {
      const sub = q.subscribers[(q.next + i) % n]!;
      if (!sub.busy && !sub.closed) {
        q.next = (q.next + i + 1) % n;
        return sub;
      }
    }
    return undefined;
  }

  async function deliver(q: Queue, sub: Subscriber, event: DomainEvent): Promise<void> {
    // Handlers never run on the publisher's stack (see the note above createMemoryBus).
    await Promise.resolve();
    for (let attempt = 1; ; attempt++) {
      try {
        await sub.handler(event);
        return;
      } catch (error) {
        const ctx = { consumer: q.consumer, topic: q.pattern, eventId: event.id, attempt, err: error };
        if (attempt >= maxDeliver) {
          logger.error(ctx, 'event handler failed on its last attempt; event parked');
          parked.push({ consumer: q.consumer, topic: q.pattern, event, error });
          return;
        }
        logger.warn(ctx, 'event handler failed; will retry');
        await sleep(backoffFor(attempt, backoffMs));
        if (sub.closed) {
          // Hand it back rather than keep a closing subscriber alive through the backoff.
          q.pending.unshift(event);
          return;
        }
      }
    }
  }

  return {
    async publish(event) {
      if (closed) throw new Error('event bus is closed');
      assertTopic(event.topic);
      if (recentIds.has(event.id)) {
        logger.debug({ eventId: event.id }, 'duplicate event id dropped');
        return;
      }
      recentIds.add(event.id);
      if (recentIds.size > dedupWindow) recentIds.delete(recentIds.values().next().value!);
      for (const q of queues.values()) {
        if (!topicMatches(q.pattern, event.topic)) continue;
        q.pending.push(event);
        pump(q);
      }
    },

    async subscribe<T = unknown>(
      consumer: string,
      topics: string[],
      handler: EventHandler<T>,
    ): Promise<Subscription> {
      if (closed) throw new Error('event bus is closed');
      assertConsumerName(consumer);
      const patterns = normalizePatterns(topics);
      if (patterns.length === 0) throw new Error('subscribe needs at least one topic');
      const attached = patterns.map((p) => {
        const q = queueFor(consumer, p);
        const sub: Subscriber = {
          handler: handler as EventHandler,
          scope: new AsyncResource('carnival.bus.subscriber'),
          busy: false,
          closed: false,
          inflight: null,
        };
        q.subscribers.push(sub);
        pump(q);
        return { q, sub };
      });
      return {
        async close() {
          for (const { q, sub } of attached) {
            sub.closed = true;
            q.subscribers = q.subscribers.filter((s) => s !== sub);
            q.next = 0;
          }
          await Promise.all(attached.map(({ sub }) => sub.inflight));
        },
      };
    },

    async idle() {
      for (;;) {
        await sleep(1);
        const busy = [...queues.values()].some(
          (q) => q.subscribers.some((s) => s.busy) || (q.subscribers.length > 0 && q.pending.length > 0),
        );
        if (!busy) return;
      }
    },

    parked: () => parked,

    async close() {
      closed = true;
      const inflight: Promise<void>[] = [];
      for (const q of queues.values()) {
        for (const s of q.subscribers) {
          s.closed = true;
          if (s.inflight) inflight.push(s.inflight);
        }
        q.subscribers = [];
      }
      await Promise.all(inflight);
    },
  };
}
