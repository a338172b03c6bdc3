import type { Logger } from '../logger';
import type { EventBus, RedeliveryOptions } from './bus';
import { createMemoryBus } from './memory';
import { createNatsBus } from './nats';

export type {
  BusStatus,
  EventBus,
  EventHandler,
  RedeliveryOptions,
  Subscription,
} from './bus';
export { BusUnavailableError } from './bus';
export { idempotentHandler } from './consume';
export { type DomainEvent, topicMatches } from './event';
export { createMemoryBus, type MemoryBus, type MemoryBusOptions, type ParkedEvent } from './memory';
export { createNatsBus, type NatsBus, type NatsBusOptions } from './nats';
export {
  createOutboxRelay,
  OutboxPublishError,
  type OutboxRelay,
  type OutboxRelayOptions,
  outboxRow,
  recordEvent,
} from './outbox';
export { eventTrace, type StageMarks, type TraceStage } from './trace';

export interface CreateBusOptions extends RedeliveryOptions {
  /** nats://...; without it the in-process bus is used (the embedded mode). */
  natsUrl?: string;
  /** Default CARNIVAL. */
  stream?: string;
  /** Default carnival. */
  subjectPrefix?: string;
  logger: Logger;
  /** NATS only: how long the first connect retries before giving up; 0 forever. */
  connectTimeoutMs?: number;
}

export async function createBus(opts: CreateBusOptions): Promise<EventBus> {
  const { natsUrl, stream, subjectPrefix, ...rest } = opts;
  if (!natsUrl) return createMemoryBus(rest);
  return createNatsBus({
    ...rest,
    servers: natsUrl,
    stream: stream ?? 'CARNIVAL',
    subjectPrefix: subjectPrefix ?? 'carnival',
  });
}
