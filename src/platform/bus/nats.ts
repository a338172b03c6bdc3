import { createHash } from 'node:crypto';
import {
  AckPolicy,
  type ConsumerMessages,
  connect,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type NatsConnection,
  nanos,
  StorageType,
} from 'nats';
import type { Logger } from '../logger';
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

  const nc: NatsConnection = await connect({ servers: options.servers, name: `carnival-bus-${stream}` });
  let jsm: JetStreamManager;
  let js: JetStreamClient;
  try {
    jsm = await nc.jetstreamManager();
    js = nc.jetstream();
    await ensureStream(jsm, stream, `${subjectPrefix}.>`, options.duplicateWindowMs ?? 10 * 60_000);
  } catch (err) {
    await nc.close();
    throw err;
  }

  const subscriptions = new Set<Subscription>();
  let closed = false;

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
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.New,
        filter_subject: filterSubject,
        // The client decides when to give up (and logs it); the server limit is a backstop.
        max_deliver: maxDeliver + 1,
        ack_wait: nanos(ackWaitMs),
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

  return {
    async publish(event) {
      if (closed) throw new Error('event bus is closed');
      assertTopic(event.topic);
      const ack = await js.publish(`${subjectPrefix}.${event.topic}`, JSON.stringify(event), {
        msgID: event.id,
      });
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
      const iterators: ConsumerMessages[] = [];
      const loops: Promise<void>[] = [];
      try {
        for (const pattern of patterns) {
          assertTopicPattern(pattern);
          const durable = durableName(consumer, pattern);
          await ensureConsumer(durable, `${subjectPrefix}.${pattern}`);
          const messages = await (await js.consumers.get(stream, durable)).consume({
            max_messages: prefetch,
          });
          iterators.push(messages);
          loops.push(
            (async () => {
              for await (const msg of messages) await handle(msg, consumer, handler as EventHandler);
            })().catch((err) => logger.error({ err, consumer, pattern }, 'event consumer loop ended')),
          );
        }
      } catch (err) {
        await Promise.all(iterators.map((m) => m.close()));
        throw err;
      }
      const subscription: Subscription = {
        async close() {
          subscriptions.delete(subscription);
          // close() drains: messages already pulled are still handled (and acked) rather than
          // left to time out and reach the other subscribers only after ack_wait.
          await Promise.all(iterators.map((m) => m.close()));
          await Promise.all(loops);
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

    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...subscriptions].map((s) => s.close()));
      await nc.drain();
    },
  };
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
      storage: StorageType.File,
      duplicate_window: nanos(duplicateWindowMs),
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
