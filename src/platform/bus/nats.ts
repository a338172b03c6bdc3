import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type {
  ConnectionOptions,
  ConsumerMessages,
  JetStreamClient,
  JetStreamManager,
  JsMsg,
  NatsConnection,
} from 'nats';
import type { Logger } from '../logger';
import {
  assertConsumerName,
  type BusStatus,
  BusUnavailableError,
  backoffFor,
  DEFAULT_BACKOFF_MS,
  DEFAULT_MAX_DELIVER,
  type EventBus,
  type EventHandler,
  type RedeliveryOptions,
  type Subscription,
} from './bus';
import { assertTopic, assertTopicPattern, type DomainEvent, normalizePatterns } from './event';

export interface NatsBusOptions extends RedeliveryOptions {
  servers: string | string[];
  /** JetStream stream name, e.g. CARNIVAL. Created if missing. */
  stream: string;
  /** Subject prefix, e.g. `carnival`; topic `a.b` travels on `carnival.a.b`. */
  subjectPrefix: string;
  logger: Logger;
  /** How long the stream drops a republished event id. Default 10 minutes. */
  duplicateWindowMs?: number;
  /** A handler running longer than this gets its event redelivered. Default 30s. */
  ackWaitMs?: number;
  /** Messages a subscriber buffers ahead of its handler. Default 10. */
  prefetch?: number;
  /**
   * How long the first connect keeps retrying before it gives up and throws (the CLI then
   * exits non-zero). 0 retries forever. Default 60 s.
   */
  connectTimeoutMs?: number;
  /** How long a publish waits for the stream's ack. Default 2 s. */
  publishTimeoutMs?: number;
}

export interface NatsBus extends EventBus {
  /** Removes the stream and every consumer on it; for tests. */
  deleteStream(): Promise<void>;
}

// JetStream API error codes (nats-server errors.json).
const STREAM_NOT_FOUND = 10059;
const CONSUMER_NOT_FOUND = 10014;

function apiErrorCode(err: unknown): number | undefined {
  return (err as { api_error?: { err_code?: number } })?.api_error?.err_code;
}

// The NATS client (~65 modules) is required when a NATS bus is made, not when this file is
// imported: a process on the in-process bus never loads it. nats is CommonJS.
type Nats = typeof import('nats');
let natsModule: Nats | undefined;
const nats = (): Nats => {
  natsModule ??= createRequire(import.meta.url)('nats') as Nats;
  return natsModule;
};

/**
 * The event bus over NATS JetStream.
 *
 * One durable pull consumer per (consumer name, topic pattern), each with one filter subject:
 * the servers we target (2.9) have no multi-filter consumers, and the pair is also the unit the
 * memory bus uses, so both buses share work and keep positions the same way. Several
 * subscribers under one name pull from the same durable and so split its messages.
 *
 * A new durable starts at the events published after it was created (DeliverPolicy.New), as the
 * memory bus does; from then on the server keeps its position while nobody is subscribed.
 */
export async function createNatsBus(options: NatsBusOptions): Promise<NatsBus> {
  const { stream, subjectPrefix, logger } = options;
  assertTopic(subjectPrefix);
  const maxDeliver = options.maxDeliver ?? DEFAULT_MAX_DELIVER;
  const backoffMs = options.backoffMs ?? DEFAULT_BACKOFF_MS;
  const ackWaitMs = options.ackWaitMs ?? 30_000;
  const prefetch = options.prefetch ?? 10;

  const publishTimeoutMs = options.publishTimeoutMs ?? 2_000;
  // Reconnect attempts since the connection was last up; drives the backoff.
  let reconnectAttempt = 0;

  const { nc, jsm, js } = await connectWithRetry(options, async (jsm) => {
    await ensureStream(jsm, stream, `${subjectPrefix}.>`, options.duplicateWindowMs ?? 10 * 60_000);
  });

  const subscriptions = new Set<Subscription>();
  let closed = false;
  // Tracked from the connection's status events: while disconnected, publish fails at once
  // (the outbox keeps the rows) instead of buffering into a client that may never flush.
  let connected = true;
  let downSince: number | undefined;
  const readyListeners = new Set<() => void>();
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') {
        if (connected) logger.error({ server: String(s.data) }, 'NATS connection lost; reconnecting');
        connected = false;
        downSince ??= Date.now();
      } else if (s.type === 'reconnect') {
        connected = true;
        const downMs = downSince === undefined ? 0 : Date.now() - downSince;
        downSince = undefined;
        reconnectAttempt = 0;
        logger.info({ server: String(s.data), downMs }, 'NATS connection restored');
        for (const listener of [...readyListeners]) listener();
      }
    }
  })().catch(() => undefined);

  async function ensureConsumer(durable: string, filterSubject: string): Promise<void> {
    try {
      await jsm.consumers.info(stream, durable);
      return;
    } catch (err) {
      if (apiErrorCode(err) !== CONSUMER_NOT_FOUND) throw err;
    }
    try {
      await jsm.consumers.add(stream, {
        durable_name: durable,
        ack_policy: nats().AckPolicy.Explicit,
        deliver_policy: nats().DeliverPolicy.New,
        filter_subject: filterSubject,
        // The client decides when to give up (and logs it); the server limit is a backstop.
        max_deliver: maxDeliver + 1,
        ack_wait: nats().nanos(ackWaitMs),
        max_ack_pending: 1_000,
      });
    } catch (err) {
      // Another subscriber may have created it between our info and add.
      await jsm.consumers.info(stream, durable).catch(() => Promise.reject(err));
    }
  }

  async function handle(msg: JsMsg, consumer: string, handler: EventHandler): Promise<void> {
    let event: DomainEvent;
    try {
      event = msg.json<DomainEvent>();
    } catch (err) {
      logger.error({ err, consumer, subject: msg.subject, seq: msg.seq }, 'undecodable event; terminated');
      msg.term('undecodable');
      return;
    }
    const attempt = msg.info.redeliveryCount;
    try {
      await handler(event);
      msg.ack();
    } catch (err) {
      const ctx = { consumer, topic: event.topic, eventId: event.id, attempt, err };
      if (attempt >= maxDeliver) {
        logger.error(ctx, 'event handler failed on its last attempt; event parked');
        // The stream keeps the message; an operator can replay it with a new consumer.
        msg.term('handler failed');
        return;
      }
      logger.warn(ctx, 'event handler failed; will retry');
      msg.nak(backoffFor(attempt, backoffMs));
    }
  }

  interface ConsumerLoop {
    /** Resolves once the first consume() is live; rejects if it could not start. */
    started: Promise<void>;
    close(): Promise<void>;
  }

  /*
   * One durable's pull loop, restarted whenever its iterator ends or fails (a long outage, the
   * consumer lost with a non-persistent server, a JetStream error) until the subscription is
   * closed. The durable keeps the position, so a restart resumes where the last one stopped.
   */
  function startConsumerLoop(consumer: string, pattern: string, handler: EventHandler): ConsumerLoop {
    const durable = durableName(consumer, pattern);
    let stopped = false;
    let current: ConsumerMessages | undefined;
    let wake: (() => void) | undefined;
    let markStarted!: (error?: unknown) => void;
    let hasStarted = false;
    const started = new Promise<void>((resolve, reject) => {
      markStarted = (error) => (error === undefined ? resolve() : reject(error));
    });
    const pause = (ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    const loop = (async () => {
      let failures = 0;
      while (!stopped && !closed) {
        try {
          await ensureConsumer(durable, `${subjectPrefix}.${pattern}`);
          const messages = await (await js.consumers.get(stream, durable)).consume({
            max_messages: prefetch,
          });
          current = messages;
          if (!hasStarted) {
            hasStarted = true;
            markStarted();
          }
          if (stopped) break;
          for await (const msg of messages) {
            failures = 0;
            await handle(msg, consumer, handler);
          }
          if (stopped || closed) break;
          logger.warn({ consumer, pattern }, 'event consumer ended; restarting it');
        } catch (err) {
          if (!hasStarted) {
            markStarted(err);
            return;
          }
          if (stopped || closed) break;
          logger.warn({ consumer, pattern, err: errorText(err) }, 'event consumer failed; restarting it');
        }
        failures++;
        await pause(Math.min(5_000, 250 * 2 ** Math.min(failures, 5)));
      }
    })();
    return {
      started,
      async close() {
        stopped = true;
        wake?.();
        // close() drains: messages already pulled are still handled (and acked) rather than
        // left to time out and reach the other subscribers only after ack_wait. Bounded, so a
        // dead connection cannot hold shutdown.
        await withTimeout(
          Promise.resolve(current?.close()).catch(() => undefined),
          3_000,
        );
        await withTimeout(loop, 3_000);
      },
    };
  }

  return {
    status(): BusStatus {
      if (closed) return { ready: false, detail: 'closed' };
      if (!connected) return { ready: false, detail: 'disconnected from NATS; reconnecting' };
      return { ready: true };
    },

    onReady(listener) {
      readyListeners.add(listener);
      return () => readyListeners.delete(listener);
    },

    async publish(event) {
      if (closed) throw new Error('event bus is closed');
      assertTopic(event.topic);
      if (!connected) throw new BusUnavailableError('NATS is disconnected');
      const ack = await js
        .publish(`${subjectPrefix}.${event.topic}`, JSON.stringify(event), {
          msgID: event.id,
          timeout: publishTimeoutMs,
        })
        .catch((err) =>
          Promise.reject(new BusUnavailableError(`NATS publish failed: ${errorText(err)}`, err)),
        );
      if (ack.duplicate) logger.debug({ eventId: event.id }, 'duplicate event id dropped by the stream');
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
      const loops: ConsumerLoop[] = [];
      try {
        for (const pattern of patterns) {
          assertTopicPattern(pattern);
          const loop = startConsumerLoop(consumer, pattern, handler as EventHandler);
          loops.push(loop);
          await loop.started;
        }
      } catch (err) {
        await Promise.all(loops.map((l) => l.close()));
        throw err;
      }
      const subscription: Subscription = {
        async close() {
          subscriptions.delete(subscription);
          await Promise.all(loops.map((l) => l.close()));
        },
      };
      subscriptions.add(subscription);
      return subscription;
    },

    async deleteStream() {
      try {
        await jsm.streams.delete(stream);
      } catch (err) {
        if (apiErrorCode(err) !== STREAM_NOT_FOUND) throw err;
      }
    },

    // Never throws, and is bounded: a shutdown during an outage must still go on to close the
    // KV and the database (context.ts).
    async close() {
      if (closed) return;
      closed = true;
      readyListeners.clear();
      await Promise.all([...subscriptions].map((s) => s.close().catch(() => undefined)));
      if (nc.isClosed()) return;
      if (connected)
        await withTimeout(
          nc.drain().catch(() => undefined),
          3_000,
        );
      if (!nc.isClosed()) await nc.close().catch(() => undefined);
    },
  };

  async function connectWithRetry(
    opts: NatsBusOptions,
    prepare: (jsm: JetStreamManager) => Promise<void>,
  ): Promise<{ nc: NatsConnection; jsm: JetStreamManager; js: JetStreamClient }> {
    const giveUpAfterMs = opts.connectTimeoutMs ?? 60_000;
    const startedAt = Date.now();
    const connection: ConnectionOptions = {
      servers: opts.servers,
      name: `carnival-bus-${stream}`,
      timeout: 2_000,
      // Reconnect forever: an outage of any length ends with the bus working again. The
      // library default (10 attempts 2 s apart) closed the connection for good after ~20 s.
      maxReconnectAttempts: -1,
      reconnectDelayHandler: () => natsReconnectDelay(++reconnectAttempt),
      // A server that stops answering without closing the socket is noticed in ~20 s.
      pingInterval: 10_000,
      maxPingOut: 2,
    };
    for (let attempt = 1; ; attempt++) {
      let nc: NatsConnection | undefined;
      try {
        nc = await nats().connect(connection);
        const jsm = await nc.jetstreamManager();
        await prepare(jsm);
        if (attempt > 1) logger.info({ attempt }, 'NATS reachable; event bus connected');
        return { nc, jsm, js: nc.jetstream() };
      } catch (err) {
        await nc?.close().catch(() => undefined);
        const elapsed = Date.now() - startedAt;
        if (giveUpAfterMs > 0 && elapsed >= giveUpAfterMs)
          throw new BusUnavailableError(
            `NATS at ${String(opts.servers)} unreachable for ${Math.round(elapsed / 1000)} s; giving up (CARNIVAL_BUS_CONNECT_TIMEOUT_MS)`,
            err,
          );
        const delay = natsReconnectDelay(attempt);
        logger.warn(
          { attempt, retryInMs: delay, servers: opts.servers, err: errorText(err) },
          'NATS unreachable at start; retrying',
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}

/** 250 ms doubling to 5 s, plus up to 50% jitter so many processes do not reconnect in step. */
export function natsReconnectDelay(attempt: number): number {
  const base = Math.min(5_000, 250 * 2 ** Math.min(Math.max(attempt - 1, 0), 5));
  return Math.round(base + Math.random() * base * 0.5);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function ensureStream(
  jsm: JetStreamManager,
  stream: string,
  subject: string,
  duplicateWindowMs: number,
): Promise<void> {
  try {
    const info = await jsm.streams.info(stream);
    if (!info.config.subjects?.includes(subject)) {
      await jsm.streams.update(stream, { subjects: [...(info.config.subjects ?? []), subject] });
    }
    return;
  } catch (err) {
    if (apiErrorCode(err) !== STREAM_NOT_FOUND) throw err;
  }
  try {
    await jsm.streams.add({
      name: stream,
      subjects: [subject],
      storage: nats().StorageType.File,
      duplicate_window: nats().nanos(duplicateWindowMs),
    });
  } catch (err) {
    // Lost a creation race with another process: fine if the stream is there now.
    await jsm.streams.info(stream).catch(() => Promise.reject(err));
  }
}

/**
 * Durable names cannot contain `.`, `*` or `>`; the readable part helps operators, the hash
 * keeps `a_b.c` and `a.b_c` apart.
 */
function durableName(consumer: string, pattern: string): string {
  const readable = pattern.replaceAll('.', '_').replaceAll('*', 'any').replaceAll('>', 'rest');
  const hash = createHash('sha256').update(pattern).digest('hex').slice(0, 8);
  return `${consumer}__${readable}_${hash}`;
}
