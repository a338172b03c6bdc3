import { type Kysely, sql } from 'kysely';
import { type DomainEvent, type EventBus, idempotentHandler, type Subscription } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import { audienceOf, isWebhookEventType, ownerMaySee, WEBHOOK_EVENT_TYPES } from './catalog';
import { WEBHOOK_ROLES } from './model';
import { endpointsFor } from './store';

/** The durable consumer's name: processes sharing the bus share its events (one fan-out each). */
export const FANOUT_CONSUMER = 'webhooks-fanout';

/**
 * One pattern per topic family rather than one per event type: each pattern is a durable
 * consumer on NATS, and the catalog filters the rest (order.* also carries order types that
 * are not subscribable; plan() drops them).
 */
const FANOUT_PATTERNS = [...new Set(WEBHOOK_EVENT_TYPES.map((t) => `${t.split('.')[0]}.*`))];

export interface FanoutDeps {
  db: Kysely<DB>;
  clock: Clock;
  /** The stores a user works in (merchants' index), to decide what an endpoint's owner may see. */
  storeIdsOf: (userId: string) => Promise<string[]>;
  /**
   * The owner's role now (accounts' index; null for a user who is gone): an operator demoted
   * since subscribing no longer gets everything. Absent, the role at subscribe time counts.
   */
  roleOf?: (userId: string) => Promise<string | null>;
  /** After deliveries were queued: wakes the delivery worker. */
  onQueued?: () => void;
}

/** The body every attempt of every delivery of this event sends, byte for byte. */
export function webhookBody(event: Pick<DomainEvent, 'topic' | 'occurredAt' | 'payload'>): string {
  return JSON.stringify({ type: event.topic, timestamp: event.occurredAt, data: event.payload });
}

/**
 * Turns each event into one delivery row per endpoint that subscribes to it and whose owner may
 * see it. Runs as a durable bus consumer wrapped in idempotentHandler, and the rows are inserted
 * with ON CONFLICT DO NOTHING on (endpoint, event): a redelivered event, or one seen by two
 * processes, queues nothing twice. Nothing is sent here; the delivery worker sends.
 *
 * The reads (endpoints, audience, owners' stores) run before the claiming transaction: on PGlite
 * that transaction holds the only connection, and they are the same on a rerun.
 */
export function createFanout(deps: FanoutDeps) {
  const { db, clock } = deps;

  async function plan(event: DomainEvent) {
    if (!isWebhookEventType(event.topic)) return [];
    const endpoints = await endpointsFor(db, event.topic);
    if (endpoints.length === 0) return [];
    const payload = (event.payload ?? {}) as Record<string, unknown>;
    const audience = await audienceOf(db, event.topic, payload);
    const chosen = [];
    for (const e of endpoints) {
      if (e.campaign_id && e.campaign_id !== audience.campaignId) continue;
      const role = deps.roleOf ? await deps.roleOf(e.owner_id) : e.owner_role;
      if (!role || !(WEBHOOK_ROLES as readonly string[]).includes(role)) continue;
      const storeIds = role === 'operator' ? [] : await deps.storeIdsOf(e.owner_id);
      if (ownerMaySee({ id: e.owner_id, role, storeIds }, audience)) chosen.push(e);
    }
    return chosen;
  }

  const queue = (event: DomainEvent, endpointIds: string[]) =>
    idempotentHandler(db, FANOUT_CONSUMER, async (e, trx) => {
      if (endpointIds.length === 0) return;
      const now = clock.now();
      const body = webhookBody(e);
      await trx
        .insertInto('webhook_deliveries')
        .values(
          endpointIds.map((endpointId) => ({
            id: newId('whd', now.getTime()),
            endpoint_id: endpointId,
            event_id: e.id,
            event_type: e.topic,
            event_occurred_at: e.occurredAt,
            message_id: e.id,
            body,
            kind: 'event' as const,
            next_attempt_at: now,
            created_at: now,
          })),
        )
        // The predicate is a literal: PostgreSQL matches a partial unique index only by its text,
        // and a bound parameter ($1) would not infer it.
        .onConflict((oc) =>
          oc.columns(['endpoint_id', 'event_id']).where(sql<boolean>`kind = 'event'`).doNothing(),
        )
        .execute();
    })(event);

  async function handle(event: DomainEvent): Promise<void> {
    const endpoints = await plan(event);
    // No subscriber: nothing to queue and nothing to remember (the checkout's order.created
    // must not cost a transaction per event). A redelivery simply plans again.
    if (endpoints.length === 0) return;
    await queue(
      event,
      endpoints.map((e) => e.id),
    );
    deps.onQueued?.();
  }

  return {
    handle,
    subscribe: (bus: EventBus): Promise<Subscription> =>
      bus.subscribe(FANOUT_CONSUMER, [...FANOUT_PATTERNS], handle),
  };
}
