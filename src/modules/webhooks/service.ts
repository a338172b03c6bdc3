import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { badRequest, forbidden, notFound, unprocessable } from '../../platform/errors';
import { type IdempotentResult, requestFingerprint, runIdempotent } from '../../platform/http/idempotency';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import { webhookBody } from './fanout';
import { DEFAULT_ROTATION_OVERLAP_MS, type WebhookDelivery, type WebhookEndpoint } from './model';
import type { EndpointDraft, EndpointPatch, ReplayRange } from './schemas';
import { newSecret } from './signing';
import { type Resolver, resolveTarget } from './ssrf';
import { currentSecret, findEndpoint, toAttempt, toDelivery, toEndpoint } from './store';

export const WEBHOOK_ROLES = ['partner', 'merchant', 'operator'] as const;
/** Endpoints one owner may have: enough for staging + production per integration, no more. */
export const MAX_ENDPOINTS_PER_OWNER = 20;
/** Deliveries one bulk replay may queue. */
export const MAX_BULK_REPLAY = 1000;

export interface WebhooksServiceDeps {
  db: Kysely<DB>;
  clock: Clock;
  allowPrivate: boolean;
  /** Throws (404) when the actor may not see the campaign: an endpoint filters only on visible ones. */
  assertCampaignVisible: (actor: Actor, campaignId: string) => Promise<void>;
  /** Wakes the delivery worker after something was queued. */
  onQueued?: () => void;
  resolve?: Resolver;
}

/** Endpoint management, the delivery log and replay: everything the owner does by hand. */
export function createWebhooksService(deps: WebhooksServiceDeps) {
  const { db, clock } = deps;
  const checkUrl = (url: string) =>
    resolveTarget(url, { allowPrivate: deps.allowPrivate, resolve: deps.resolve });

  /** The actor's own endpoint; an operator may manage any. Someone else's is 404, as if absent. */
  async function owned(actor: Actor, id: string) {
    const row = await findEndpoint(db, id);
    if (!row || (row.owner_id !== actor.userId && actor.role !== 'operator'))
      throw notFound('Webhook endpoint', id);
    return row;
  }

  async function create(
    actor: Actor,
    draft: EndpointDraft,
    idempotencyKey?: string,
  ): Promise<IdempotentResult<{ endpoint: WebhookEndpoint; secret: string }>> {
    if (!(WEBHOOK_ROLES as readonly string[]).includes(actor.role)) throw forbidden();
    // Checked before the key is claimed: a refused URL is not an answer worth storing.
    await checkUrl(draft.url);
    if (draft.campaignId) await deps.assertCampaignVisible(actor, draft.campaignId);
    const work = async (trx: Kysely<DB>) => {
      const count = await trx
        .selectFrom('webhook_endpoints')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('owner_id', '=', actor.userId)
        .executeTakeFirstOrThrow();
      if (Number(count.n) >= MAX_ENDPOINTS_PER_OWNER)
        throw unprocessable(
          'TOO_MANY_ENDPOINTS',
          `At most ${MAX_ENDPOINTS_PER_OWNER} webhook endpoints per account`,
          {
            limit: MAX_ENDPOINTS_PER_OWNER,
          },
        );
      const now = clock.now();
      const row = await trx
        .insertInto('webhook_endpoints')
        .values({
          id: newId('whk', now.getTime()),
          owner_id: actor.userId,
          owner_role: actor.role,
          url: draft.url,
          description: draft.description ?? '',
          event_types: JSON.stringify(draft.eventTypes),
          campaign_id: draft.campaignId ?? null,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const secret = newSecret();
      await trx
        .insertInto('webhook_secrets')
        .values({ id: newId('whs', now.getTime()), endpoint_id: row.id, secret, created_at: now })
        .execute();
      await recordAudit(trx, clock, {
        actor,
        action: 'webhook.endpoint.create',
        entityType: 'webhook_endpoint',
        entityId: row.id,
        after: { url: row.url, eventTypes: draft.eventTypes, campaignId: row.campaign_id },
      });
      return { status: 201, body: { endpoint: toEndpoint(row), secret } };
    };
    return runOptionallyIdempotent(actor, 'webhook-endpoint-create', [draft], idempotencyKey, work);
  }

  /** With a key, a retry gets the first answer (item 5 of issue 13); without, it simply runs. */
  async function runOptionallyIdempotent<T>(
    actor: Actor,
    what: string,
    request: unknown[],
    key: string | undefined,
    work: (trx: Kysely<DB>) => Promise<{ status: number; body: T }>,
  ): Promise<IdempotentResult<T>> {
    if (key)
      return runIdempotent(
        db,
        { scope: `${what}:${actor.userId}`, key, fingerprint: requestFingerprint([what, ...request]) },
        work,
      );
    const result = await db.transaction().execute(work);
    return { ...result, text: JSON.stringify(result.body), replayed: false };
  }

  async function list(actor: Actor) {
    const rows = await db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('owner_id', '=', actor.userId)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(toEndpoint);
  }

  async function update(actor: Actor, id: string, patch: EndpointPatch): Promise<WebhookEndpoint> {
    const before = await owned(actor, id);
    if (patch.url !== undefined) await checkUrl(patch.url);
    if (patch.campaignId) await deps.assertCampaignVisible(actor, patch.campaignId);
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('webhook_endpoints')
        .set({
          ...(patch.url !== undefined ? { url: patch.url } : {}),
          ...(patch.description !== undefined ? { description: patch.description } : {}),
          ...(patch.eventTypes !== undefined ? { event_types: JSON.stringify(patch.eventTypes) } : {}),
          ...(patch.campaignId !== undefined ? { campaign_id: patch.campaignId } : {}),
          updated_at: now,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, clock, {
        actor,
        action: 'webhook.endpoint.update',
        entityType: 'webhook_endpoint',
        entityId: id,
        before: { url: before.url, eventTypes: before.event_types, campaignId: before.campaign_id },
        after: patch,
      });
      return toEndpoint(row);
    });
  }

  /** Enabling clears the failure record, so a repaired endpoint starts with a clean day. */
  async function setEnabled(actor: Actor, id: string, enabled: boolean): Promise<WebhookEndpoint> {
    const before = await owned(actor, id);
    if (enabled) await checkUrl(before.url);
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('webhook_endpoints')
        .set(
          enabled
            ? {
                status: 'enabled',
                disabled_reason: null,
                disabled_at: null,
                failing_since: null,
                updated_at: now,
              }
            : { status: 'disabled', disabled_reason: 'owner', disabled_at: now, updated_at: now },
        )
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (!enabled)
        await trx
          .updateTable('webhook_deliveries')
          .set({ status: 'cancelled', completed_at: now, last_error: 'endpoint disabled' })
          .where('endpoint_id', '=', id)
          .where('status', '=', 'pending')
          .execute();
      await recordAudit(trx, clock, {
        actor,
        action: enabled ? 'webhook.endpoint.enable' : 'webhook.endpoint.disable',
        entityType: 'webhook_endpoint',
        entityId: id,
        before: { status: before.status },
        after: { status: row.status },
      });
      return toEndpoint(row);
    });
  }

  async function remove(actor: Actor, id: string): Promise<void> {
    const before = await owned(actor, id);
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
      await recordAudit(trx, clock, {
        actor,
        action: 'webhook.endpoint.delete',
        entityType: 'webhook_endpoint',
        entityId: id,
        before: { url: before.url, eventTypes: before.event_types },
      });
    });
  }

  async function secret(actor: Actor, id: string) {
    await owned(actor, id);
    return { secret: (await currentSecret(db, id))! };
  }

  /**
   * A new secret signs from now on; the current one keeps signing beside it until the overlap
   * ends (0 ends it at once, for a leaked secret). Secrets already rotated out keep their end.
   */
  async function rotateSecret(actor: Actor, id: string, overlapMs = DEFAULT_ROTATION_OVERLAP_MS) {
    await owned(actor, id);
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + overlapMs);
    return db.transaction().execute(async (trx) => {
      await trx
        .updateTable('webhook_secrets')
        .set({ expires_at: expiresAt })
        .where('endpoint_id', '=', id)
        .where('expires_at', 'is', null)
        .execute();
      // Secrets whose overlap is over sign nothing any more; they are dropped, not kept.
      await trx
        .deleteFrom('webhook_secrets')
        .where('endpoint_id', '=', id)
        .where('expires_at', '<=', now)
        .execute();
      const secret = newSecret();
      await trx
        .insertInto('webhook_secrets')
        .values({ id: newId('whs', now.getTime()), endpoint_id: id, secret, created_at: now })
        .execute();
      await recordAudit(trx, clock, {
        actor,
        action: 'webhook.endpoint.rotate_secret',
        entityType: 'webhook_endpoint',
        entityId: id,
        after: { previousSecretSignsUntil: expiresAt.toISOString() },
      });
      return { secret, previousSecretExpiresAt: expiresAt.toISOString() };
    });
  }

  /** A `webhook.ping` queued for the worker (never sent inline); the log shows how it went. */
  async function ping(actor: Actor, id: string): Promise<WebhookDelivery> {
    const endpoint = await owned(actor, id);
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
    await owned(actor, id);
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
    const endpoint = await owned(actor, id);
    assertEnabled(endpoint);
    const from = new Date(range.from);
    const to = new Date(range.to);
    if (from >= to) throw badRequest('to must be after from', 'to');
    const result = await runOptionallyIdempotent(
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

  return {
    create,
    list,
    get: async (actor: Actor, id: string) => toEndpoint(await owned(actor, id)),
    update,
    setEnabled,
    remove,
    secret,
    rotateSecret,
    ping,
    deliveries,
    delivery,
    replay,
    replayRange,
  };
}

export type WebhooksService = ReturnType<typeof createWebhooksService>;
