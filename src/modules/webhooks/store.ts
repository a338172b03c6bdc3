import { type Kysely, type Selectable, sql } from 'kysely';
import type { DB } from '../../schema';
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from './model';
import type { WebhookAttemptsTable, WebhookDeliveriesTable, WebhookEndpointsTable } from './tables';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function toEndpoint(row: Selectable<WebhookEndpointsTable>): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    campaignId: row.campaign_id,
    status: row.status,
    disabledReason: row.disabled_reason,
    disabledAt: iso(row.disabled_at),
    failingSince: iso(row.failing_since),
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

export function toDelivery(row: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  const open = row.status === 'pending' || row.status === 'sending';
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    messageId: row.message_id,
    kind: row.kind,
    replayOf: row.replay_of,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: open ? iso(row.next_attempt_at) : null,
    lastStatus: row.last_status,
    lastError: row.last_error,
    createdAt: iso(row.created_at)!,
    completedAt: iso(row.completed_at),
  };
}

export function toAttempt(row: Selectable<WebhookAttemptsTable>): WebhookAttempt {
  return {
    attempt: row.attempt,
    at: iso(row.at)!,
    requestHeaders: row.request_headers,
    requestBody: row.request_body,
    responseStatus: row.response_status,
    responseBody: row.response_body,
    latencyMs: row.latency_ms,
    error: row.error,
  };
}

export const findEndpoint = (db: Kysely<DB>, id: string) =>
  db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();

/** The secrets that sign at `now`: the current one and any rotated out less than the overlap ago. */
export async function signingSecrets(db: Kysely<DB>, endpointId: string, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('webhook_secrets')
    .select(['secret', 'expires_at'])
    .where('endpoint_id', '=', endpointId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => r.secret);
}

export const currentSecret = async (db: Kysely<DB>, endpointId: string) =>
  (
    await db
      .selectFrom('webhook_secrets')
      .select('secret')
      .where('endpoint_id', '=', endpointId)
      .where('expires_at', 'is', null)
      .executeTakeFirst()
  )?.secret ?? null;

/** Enabled endpoints subscribed to `topic` (filtered further by campaign and audience in fanout). */
export async function endpointsFor(db: Kysely<DB>, topic: string) {
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('status', '=', 'enabled')
    .where(sql<boolean>`event_types @> ${JSON.stringify([topic])}::jsonb`)
    .execute();
}
