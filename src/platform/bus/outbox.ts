import { AsyncResource } from 'node:async_hooks';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Clock } from '../clock';
import { systemClock } from '../clock';
import type { DB } from '../db';
import type { OutboxTable } from '../db/tables';
import { newId } from '../ids';
import type { Logger } from '../logger';
import type { EventBus } from './bus';
import { assertTopic, type DomainEvent } from './event';
import { eventTrace } from './trace';

/**
 * Writes an event to the outbox. Call it with the transaction that makes the change the event
 * describes, so the event exists if and only if the change committed.
 */
export async function recordEvent<T>(
  trx: Kysely<DB> | Transaction<DB>,
  topic: string,
  payload: T,
  clock: Clock = systemClock,
): Promise<DomainEvent<T>> {
  const { event, row } = outboxRow(topic, payload, clock);
  await trx.insertInto('outbox').values(row).execute();
  return event;
}

/**
 * recordEvent's event and outbox row, not yet written: for a caller that inserts the row in a
 * statement of its own (a data-modifying CTE of a larger write), still in the transaction of
 * the change the event describes.
 */
export function outboxRow<T>(topic: string, payload: T, clock: Clock = systemClock) {
  assertTopic(topic);
  const at = clock.now();
  const event: DomainEvent<T> = {
    id: newId('evt', at.getTime()),
    topic,
    occurredAt: at.toISOString(),
    payload,
  };
  // Stringified by hand: node-postgres would turn a top-level array into a Postgres array.
  const row = { event_id: event.id, topic, payload: JSON.stringify(payload ?? null), created_at: at };
  return { event, row };
}

export interface OutboxRelayOptions {
  db: Kysely<DB>;
  bus: EventBus;
  logger: Logger;
  /** Rows claimed per transaction. Default 100. */
  batchSize?: number;
  /** Poll period while started; notify() short-cuts it. Default 1000ms. */
  intervalMs?: number;
  /**
   * How long notify() waits before its round, so that the commits of a busy moment share one
   * round (one claim-and-mark statement) instead of one round each. Default 20 ms.
   */
  notifyDelayMs?: number;
  clock?: Clock;
  /**
   * Test seam: runs after a batch is published and before its mark commits; throwing simulates
   * a crash there.
   */
  beforeMark?: (events: DomainEvent[]) => void | Promise<void>;
}

export interface OutboxRelay {
  start(): void;
  /** Stops polling and waits for the round in flight. */
  stop(): Promise<void>;
  /** Publishes everything pending now; resolves to how many events this call published. */
  flush(): Promise<number>;
  /** Asks for a flush soon, e.g. right after a commit that recorded events. Coalesces. */
  notify(): void;
}

type OutboxRow = Selectable<OutboxTable>;

/**
 * Publishes outbox rows in `seq` order and marks them. Each round claims and marks a batch in
 * ONE statement (UPDATE ... FROM a FOR UPDATE SKIP LOCKED selection, RETURNING the rows), so
 * relays in several processes split the rows instead of blocking or doubling; the mark commits
 * only after the batch was published, so a crash in between rolls it back and the rows are
 * published again (at-least-once; consumers dedup by id). A round is three round trips (BEGIN,
 * the claim, COMMIT) for up to `batchSize` events, and notify() coalesces: while a round is
 * waiting to start, further notifies join it, so a busy checkout path costs a round per
 * several commits, not one per commit.
 *
 * Order is per relay: with several relays, batches may interleave. PGlite has one connection,
 * which the round's transaction holds, so there the rounds are simply serial.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { db, bus, logger } = options;
  const batchSize = options.batchSize ?? 100;
  const intervalMs = options.intervalMs ?? 1_000;
  const notifyDelayMs = options.notifyDelayMs ?? 20;
  const clock = options.clock ?? systemClock;

  // notify() is called after a request's commit; its round runs in the relay's own scope, not
  // the request's (the embedded database serves requests first: platform/db/pglite-driver.ts).
  const scope = new AsyncResource('carnival.outbox.relay');
  let chain: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let started = false;
  let stopped = false;
  let notifyQueued = false;
  // For eventTrace only: when the last notify() came (a commit that recorded events).
  let lastNotifyAt = 0;
  // Consecutive failed rounds; while > 0 the relay waits longer between rounds and ignores
  // notify(), so an outage of the bus or the database costs one round per backoff step, not
  // one per commit. Reset by a good round and when the bus reports it is back.
  let failures = 0;
  const maxBackoffMs = Math.max(intervalMs, 10_000);
  const backoffMs = () => Math.min(maxBackoffMs, intervalMs * 2 ** Math.min(failures - 1, 10));
  const unsubscribeReady = bus.onReady?.(() => {
    failures = 0;
    if (started && !stopped) schedule(0);
  });

  async function round(): Promise<{ published: number; failure?: unknown }> {
    return db.transaction().execute(async (trx) => {
      const rows = (
        await trx
          .with('batch', (q) =>
            q
              .selectFrom('outbox')
              .select('seq')
              .where('published_at', 'is', null)
              .orderBy('seq')
              .limit(batchSize)
              .forUpdate()
              .skipLocked(),
          )
          .updateTable('outbox')
          .set({ published_at: clock.now() })
          .from('batch')
          .whereRef('outbox.seq', '=', 'batch.seq')
          .returningAll('outbox')
          .execute()
      ).sort((a, b) => Number(a.seq) - Number(b.seq));
      if (rows.length === 0) return { published: 0 };
      if (eventTrace.enabled()) {
        const claimedAt = Date.now();
        for (const row of rows) {
          const recordedAt = new Date(row.created_at).getTime();
          if (lastNotifyAt >= recordedAt) eventTrace.mark(row.event_id, 'notified', lastNotifyAt);
          eventTrace.mark(row.event_id, 'claimed', claimedAt);
        }
      }

      const published: DomainEvent[] = [];
      let failure: unknown;
      for (const row of rows) {
        const event = toEvent(row);
        try {
          await bus.publish(event);
          eventTrace.mark(event.id, 'published');
        } catch (error) {
          // Stop at the first failure so later events never overtake it; mark what went out.
          failure = error;
          break;
        }
        published.push(event);
      }
      if (published.length > 0) await options.beforeMark?.(published);
      if (failure !== undefined) {
        // The rest stays pending: its mark is taken back before the commit keeps the others'.
        await trx
          .updateTable('outbox')
          .set({ published_at: null })
          .where(
            'seq',
            'in',
            rows.slice(published.length).map((r) => r.seq),
          )
          .execute();
        logger.error({ err: failure, eventId: rows[published.length]?.event_id }, 'outbox publish failed');
        return { published: published.length, failure };
      }
      return { published: published.length };
    });
  }

  async function drain(): Promise<number> {
    // The bus says it cannot publish: skip the database round entirely; onReady restarts us.
    const status = bus.status?.();
    if (status && !status.ready) throw new OutboxPublishError(0, new Error(status.detail ?? 'bus not ready'));
    let total = 0;
    for (;;) {
      const { published, failure } = await round();
      total += published;
      if (failure !== undefined) throw new OutboxPublishError(total, failure);
      // A short batch means the table is drained, or the rest is claimed by another relay.
      if (published < batchSize) return total;
    }
  }

  // One round at a time per relay; a flush that arrives mid-round runs after it, so it still
  // sees rows committed after the running round took its snapshot.
  function flush(): Promise<number> {
    const run = chain.then(drain, drain);
    chain = run.catch(() => undefined);
    return run;
  }

  // notify()'s flush: a round queued and not yet started will see every row committed before
  // it starts, so a notify that finds one waiting joins it instead of queuing another.
  let queued: Promise<number> | null = null;
  function flushJoining(): Promise<number> {
    if (queued) return queued;
    const start = () => {
      queued = null;
      return drain();
    };
    const run = chain.then(start, start);
    queued = run;
    chain = run.catch(() => undefined);
    return run;
  }

  function schedule(delay: number): void {
    if (stopped || !started) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      flush()
        .then(
          () => {
            failures = 0;
          },
          (err) => {
            failures++;
            // Logged on the first failure and then every tenth, not on every retry of an outage.
            if (failures === 1 || failures % 10 === 0)
              logger.error({ err, failures, retryInMs: backoffMs() }, 'outbox relay round failed');
          },
        )
        .finally(() => schedule(failures > 0 ? backoffMs() : intervalMs));
    }, delay);
    timer.unref?.();
  }

  return {
    start() {
      if (started || stopped) return;
      started = true;
      schedule(0);
    },
    async stop() {
      stopped = true;
      unsubscribeReady?.();
      if (timer) clearTimeout(timer);
      timer = null;
      await chain;
    },
    flush,
    notify() {
      if (eventTrace.enabled()) lastNotifyAt = Date.now();
      if (stopped || notifyQueued || failures > 0) return;
      notifyQueued = true;
      setTimeout(
        scope.bind(() => {
          notifyQueued = false;
          if (stopped) return;
          flushJoining().catch((err) => {
            // The timer loop owns the backoff; this only stops further notifies until it recovers.
            failures = Math.max(failures, 1);
            logger.error({ err }, 'outbox relay round failed');
          });
        }),
        notifyDelayMs,
      );
    },
  };
}

export class OutboxPublishError extends Error {
  constructor(
    readonly publishedBeforeFailure: number,
    cause: unknown,
  ) {
    super(`outbox publish failed after ${publishedBeforeFailure} event(s); the rest stay pending`, { cause });
    this.name = 'OutboxPublishError';
  }
}

function toEvent(row: OutboxRow): DomainEvent {
  return {
    id: row.event_id,
    topic: row.topic,
    occurredAt: new Date(row.created_at).toISOString(),
    payload: row.payload,
  };
}
