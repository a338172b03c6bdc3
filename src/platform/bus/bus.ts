import type { DomainEvent } from './event';

export type EventHandler<T = unknown> = (event: DomainEvent<T>) => Promise<void>;

export interface Subscription {
  /** Stops taking new events; resolves once the handler call in flight (if any) has finished. */
  close(): Promise<void>;
}

/**
 * The seam between the outbox relay and consumers. Both implementations honour:
 *
 * - a durable consumer name gets every event published after it first subscribed, at least once;
 * - a handler that throws gets the event again after a short backoff, up to `maxDeliver`
 *   attempts in all; after that the event is logged and parked, and the consumer moves on;
 * - distinct consumer names each get every event (fan-out);
 * - several subscribers under one consumer name share the events between them (queue);
 * - publishing an event id the bus has seen recently is a no-op (the relay republishes after a
 *   crash). This is a window, not a guarantee: consumers that must apply an effect once wrap
 *   their handler in `idempotentHandler`.
 *
 * Topics are exact (`campaign.published`) or patterns: `*` is one token, a trailing `>` is
 * one or more. A (consumer, pattern) pair is the unit of durability and work sharing.
 */
export interface BusStatus {
  ready: boolean;
  /** Why it is not ready, for /readyz and the logs. */
  detail?: string;
}

export interface EventBus {
  publish(event: DomainEvent): Promise<void>;
  /** Whether the bus can publish now. Absent on the in-process bus, which always can. */
  status?(): BusStatus;
  /** Called each time the bus becomes ready again after an outage; returns an unsubscribe. */
  onReady?(listener: () => void): () => void;
  /** `T` is the caller's claim about the payloads on these topics; nothing checks it at runtime. */
  subscribe<T = unknown>(consumer: string, topics: string[], handler: EventHandler<T>): Promise<Subscription>;
  close(): Promise<void>;
}

/** How often a failing handler is retried. Shared by both implementations. */
export interface RedeliveryOptions {
  /** Attempts in all, the first included. Default 5. */
  maxDeliver?: number;
  /** Delay before attempt n+1 is backoffMs[n-1]; the last entry repeats. Default 100ms..5s. */
  backoffMs?: number[];
}

export const DEFAULT_MAX_DELIVER = 5;
export const DEFAULT_BACKOFF_MS = [100, 500, 2_000, 5_000];

export function backoffFor(attempt: number, backoffMs: number[]): number {
  if (backoffMs.length === 0) return 0;
  return backoffMs[Math.min(attempt - 1, backoffMs.length - 1)] ?? 0;
}

const CONSUMER_NAME = /^[A-Za-z0-9_-]+$/;

export function assertConsumerName(consumer: string): void {
  if (!CONSUMER_NAME.test(consumer)) throw new Error(`invalid consumer name '${consumer}'`);
}

/** The bus cannot take a publish now (disconnected, no ack in time); the outbox keeps the event. */
export class BusUnavailableError extends Error {
  constructor(message = 'The event bus is unavailable', cause?: unknown) {
    super(message, { cause });
    this.name = 'BusUnavailableError';
  }
}
