import type { Kysely } from 'kysely';
import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { forbidden, unprocessable } from '../../platform/errors';
import type { IdempotentResult } from '../../platform/http/idempotency';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import { ownedEndpoint, runOptionallyIdempotent } from './access';
import { DEFAULT_ROTATION_OVERLAP_MS, WEBHOOK_ROLES, type WebhookEndpoint } from './model';
import type { EndpointDraft, EndpointPatch } from './schemas';
import { newSecret } from './signing';
import { type Resolver, resolveTarget } from './ssrf';
import { currentSecret, toEndpoint } from './store';

/** Endpoints one owner may have: enough for staging + production per integration, no more. */
export const MAX_ENDPOINTS_PER_OWNER = 20;

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

/** Endpoint management: subscribe, change, enable/disable, delete, secrets and their rotation. */
export function createWebhooksService(deps: WebhooksServiceDeps) {
  const { db, clock } = deps;
  const checkUrl = (url: string) =>
    resolveTarget(url, { allowPrivate: deps.allowPrivate, resolve: deps.resolve });

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
    return runOptionallyIdempotent(db, actor, 'webhook-endpoint-create', [draft], idempotencyKey, work);
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

  /** Operators: every owner's endpoints (support, and finding the ones disabled for failing). */
  async function listAll(query: {
    ownerId?: string;
    status?: 'enabled' | 'disabled';
    limit: number;
    offset: number;
  }) {
    let q = db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .orderBy('created_at', 'desc')
      .limit(query.limit)
      .offset(query.offset);
    if (query.ownerId) q = q.where('owner_id', '=', query.ownerId);
    if (query.status) q = q.where('status', '=', query.status);
    return (await q.execute()).map((r) => ({ ...toEndpoint(r), ownerId: r.owner_id }));
  }

  async function update(actor: Actor, id: string, patch: EndpointPatch): Promise<WebhookEndpoint> {
    const before = await ownedEndpoint(db, actor, id);
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
    const before = await ownedEndpoint(db, actor, id);
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
    const before = await ownedEndpoint(db, actor, id);
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
    await ownedEndpoint(db, actor, id);
    return { secret: (await currentSecret(db, id))! };
  }

  /**
   * A new secret signs from now on; the current one keeps signing beside it until the overlap
   * ends (0 ends it at once, for a leaked secret). Secrets already rotated out keep their end.
   */
  async function rotateSecret(actor: Actor, id: string, overlapMs = DEFAULT_ROTATION_OVERLAP_MS) {
    await ownedEndpoint(db, actor, id);
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

  return {
    create,
    list,
    listAll,
    get: async (actor: Actor, id: string) => toEndpoint(await ownedEndpoint(db, actor, id)),
    update,
    setEnabled,
    remove,
    secret,
    rotateSecret,
  };
}

export type WebhooksService = ReturnType<typeof createWebhooksService>;
