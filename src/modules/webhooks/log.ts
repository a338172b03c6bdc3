import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { badRequest, notFound, unprocessable } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import { ownedEndpoint, runOptionallyIdempotent } from './access';
import { webhookBody } from './fanout';
import type { WebhookDelivery } from './model';
import type { ReplayRange } from './schemas';
import { findEndpoint, toAttempt, toDelivery } from './store';

/** Deliveries one bulk replay may queue. */
export const MAX_BULK_REPLAY = 1000;

export interface DeliveryLogDeps {
  db: Kysely<DB>;
  clock: Clock;
  /** Wakes the delivery worker after something was queued. */
  onQueued?: () => void;
}

/** The owner's view of deliveries: the log, test pings, and replays (one, or a time range). */
export function createDeliveryLog(deps: DeliveryLogDeps) {
  const { db, clock } = deps;

  /** A `webhook.ping` queued for the worker (never sent inline); the log shows how it went. */
  async function ping(actor: Actor, id: string): Promise<WebhookDelivery> {
    const endpoint = await ownedEndpoint(db, actor, id);
    assertEnabled(endpoint);
    const now = clock.now();
    const messageId = newId('evt', now.getTime());
    const body = webhookBody({
      topic: 'webhook.ping',
      occurredAt: now.toISOString(),
      payload: { endpointId: endpoint.id },
    });
    const row = await db
      .insertInto('webhook_deliveries')
      .values({
        id: newId('whd', now.getTime()),
        endpoint_id: id,
        event_id: messageId,
        event_type: 'webhook.ping',
        event_occurred_at: now,
        message_id: messageId,
        body,
        kind: 'ping',
        next_attempt_at: now,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    deps.onQueued?.();
    return toDelivery(row);
  }

  async function deliveries(
    actor: Actor,
    id: string,
    query: { status?: string; eventType?: string; limit: number; before?: string },
  ): Promise<WebhookDelivery[]> {
    await ownedEndpoint(db, actor, id);
    let q = db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('endpoint_id', '=', id)
      .orderBy('id', 'desc')
      .limit(query.limit);
    if (query.status) q = q.where('status', '=', query.status as WebhookDelivery['status']);
    if (query.eventType) q = q.where('event_type', '=', query.eventType);
    if (query.before) q = q.where('id', '<', query.before);
    return (await q.execute()).map(toDelivery);
  }

  async function ownedDelivery(actor: Actor, deliveryId: string) {
    const row = await db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('id', '=', deliveryId)
      .executeTakeFirst();
    if (!row) throw notFound('Webhook delivery', deliveryId);
    const endpoint = await findEndpoint(db, row.endpoint_id);
    if (!endpoint || (endpoint.owner_id !== actor.userId && actor.role !== 'operator'))
      throw notFound('Webhook delivery', deliveryId);
    return { row, endpoint };
  }

  async function delivery(actor: Actor, deliveryId: string) {
    const { row } = await ownedDelivery(actor, deliveryId);
    const attempts = await db
      .selectFrom('webhook_attempts')
      .selectAll()
      .where('delivery_id', '=', deliveryId)
      .orderBy('attempt')
      .execute();
    return { delivery: toDelivery(row), attempts: attempts.map(toAttempt) };
  }

  /** Copies of deliveries: the same body and `webhook-id` (receivers dedupe), a fresh attempt count. */
  const copies = (
    rows: {
      id: string;
      endpoint_id: string;
      event_id: string;
      event_type: string;
      event_occurred_at: Date;
      message_id: string;
      body: string;
    }[],
    now: Date,
  ) =>
    rows.map((r) => ({
      id: newId('whd', now.getTime()),
      endpoint_id: r.endpoint_id,
      event_id: r.event_id,
      event_type: r.event_type,
      event_occurred_at: r.event_occurred_at,
      message_id: r.message_id,
      body: r.body,
      kind: 'replay' as const,
      replay_of: r.id,
      next_attempt_at: now,
      created_at: now,
    }));

  function assertEnabled(endpoint: { id: string; status: string }) {
    if (endpoint.status !== 'enabled')
      throw unprocessable('ENDPOINT_DISABLED', 'Enable the endpoint before replaying to it', {
        endpointId: endpoint.id,
      });
  }

  async function replay(actor: Actor, deliveryId: string, idempotencyKey?: string) {
    const { row, endpoint } = await ownedDelivery(actor, deliveryId);
    assertEnabled(endpoint);
    const result = await runOptionallyIdempotent(
      db,
      actor,
      'webhook-replay',
      [deliveryId],
      idempotencyKey,
      async (trx) => {
        const inserted = await trx
          .insertInto('webhook_deliveries')
          .values(copies([row], clock.now()))
          .returningAll()
          .executeTakeFirstOrThrow();
        return { status: 202, body: { delivery: toDelivery(inserted) } };
      },
    );
    deps.onQueued?.();
    return result;
  }

  /**
   * Re-sends every event the endpoint was sent (or was to be sent) that occurred in [from, to):
   * one new delivery per event, whatever became of the first, in the order they occurred.
   */
  async function replayRange(actor: Actor, id: string, range: ReplayRange, idempotencyKey?: string) {
    const endpoint = await ownedEndpoint(db, actor, id);
    assertEnabled(endpoint);
    const from = new Date(range.from);
    const to = new Date(range.to);
    if (from >= to) throw badRequest('to must be after from', 'to');
    const result = await runOptionallyIdempotent(
      db,
      actor,
      'webhook-replay-range',
      [id, range],
      idempotencyKey,
      async (trx) => {
        const originals = await trx
          .selectFrom('webhook_deliveries')
          .selectAll()
          .where('endpoint_id', '=', id)
          .where('kind', '=', 'event')
          .where('event_occurred_at', '>=', from)
          .where('event_occurred_at', '<', to)
          .$if(range.status === 'failed', (q) => q.where('status', 'in', ['failed', 'cancelled']))
          .orderBy('event_occurred_at')
          .limit(MAX_BULK_REPLAY + 1)
          .execute();
        if (originals.length > MAX_BULK_REPLAY)
          throw unprocessable(
            'REPLAY_TOO_LARGE',
            `At most ${MAX_BULK_REPLAY} events per replay; narrow the range`,
            {
              field: 'to',
              limit: MAX_BULK_REPLAY,
            },
          );
        const now = clock.now();
        if (originals.length > 0)
          await trx.insertInto('webhook_deliveries').values(copies(originals, now)).execute();
        await recordAudit(trx, clock, {
          actor,
          action: 'webhook.endpoint.replay',
          entityType: 'webhook_endpoint',
          entityId: id,
          after: { ...range, queued: originals.length },
        });
        return { status: 202, body: { queued: originals.length } };
      },
    );
    deps.onQueued?.();
    return result;
  }

  return { ping, deliveries, delivery, replay, replayRange };
}

export type DeliveryLog = ReturnType<typeof createDeliveryLog>;
