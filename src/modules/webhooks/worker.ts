import { type Kysely, type Selectable, sql } from 'kysely';
import { recordEvent } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import { newId } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import type { DB } from '../../schema';
import { MAX_ATTEMPTS, retryDelayMs, shouldDisable, truncate } from './model';
import { type SendResult, sendWebhook } from './sender';
import { signedHeaders } from './signing';
import { type Resolver, resolveTarget, SsrfRefusal } from './ssrf';
import { findEndpoint, signingSecrets } from './store';
import type { WebhookDeliveriesTable } from './tables';

export interface DeliveryWorkerOptions {
  db: Kysely<DB>;
  clock: Clock;
  logger: Logger;
  /** CARNIVAL_WEBHOOKS_ALLOW_PRIVATE: private and loopback targets allowed (tests, on-prem). */
  allowPrivate: boolean;
  /** One attempt's whole exchange (default 10 s). */
  timeoutMs?: number;
  /** Attempts one endpoint has in flight at once, across the processes (default 4). */
  perEndpointInFlight?: number;
  /** Attempts this process has in flight at once (default 16). */
  maxInFlight?: number;
  /** Poll period while started (default 1 s); notify() short-cuts it. */
  intervalMs?: number;
  /** Jitter source (tests pass a constant). */
  random?: () => number;
  /** DNS seam for tests. */
  resolve?: Resolver;
  onEventsRecorded?: () => void;
  /** How long finished deliveries and their attempts stay in the log (default 30 days). */
  retentionDays?: number;
}

type DeliveryRow = Selectable<WebhookDeliveriesTable>;

/**
 * Sends due deliveries, away from any request: the fan-out only queues rows, and this loop
 * claims them (a conditional UPDATE, so workers in several processes never send one attempt
 * twice), sends each with a timeout, and records the attempt. A failure is retried on the
 * RETRY_DELAYS_MS schedule with jitter; a claim whose worker died is taken over once its lease
 * (the timeout plus a margin) has passed, which is what makes delivery at-least-once.
 */
export function createDeliveryWorker(options: DeliveryWorkerOptions) {
  const { db, clock, logger } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const leaseMs = timeoutMs + 30_000;
  const perEndpoint = options.perEndpointInFlight ?? 4;
  const maxInFlight = options.maxInFlight ?? 16;
  const intervalMs = options.intervalMs ?? 1_000;
  const random = options.random ?? Math.random;
  const retentionMs = (options.retentionDays ?? 30) * 24 * 3600_000;
  const PRUNE_EVERY_MS = 3600_000;
  let prunedAt = 0;

  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | null = null;
  let started = false;
  let stopped = false;
  let claiming: Promise<number> | null = null;

  /** Claims up to `limit` due deliveries, at most `perEndpoint` in flight per endpoint. */
  async function claim(limit: number): Promise<DeliveryRow[]> {
    if (limit <= 0) return [];
    const now = clock.now();
    const due = sql<boolean>`((d.status = 'pending' AND d.next_attempt_at <= ${now}) OR (d.status = 'sending' AND d.locked_until < ${now}))`;
    // One statement: pick (at most perEndpoint in flight per endpoint, counting other workers'
    // live claims) and claim. The UPDATE re-checks `due` on the row it locks, so a row another
    // worker claimed meanwhile is skipped, never taken twice.
    const { rows } = await sql<DeliveryRow>`
      WITH busy AS (
        SELECT endpoint_id, count(*)::int AS n FROM webhook_deliveries
        WHERE status = 'sending' AND locked_until >= ${now} GROUP BY endpoint_id
      ), ranked AS (
        SELECT d.id, d.endpoint_id, d.next_attempt_at,
          row_number() OVER (PARTITION BY d.endpoint_id ORDER BY d.next_attempt_at, d.id) AS rn
        FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.status = 'enabled'
        WHERE ${due}
      ), picked AS (
        SELECT r.id FROM ranked r LEFT JOIN busy b ON b.endpoint_id = r.endpoint_id
        WHERE r.rn <= ${perEndpoint} - coalesce(b.n, 0)
        ORDER BY r.next_attempt_at, r.id LIMIT ${limit}
      )
      UPDATE webhook_deliveries AS d
      SET status = 'sending', attempts = d.attempts + 1, locked_until = ${new Date(now.getTime() + leaseMs)}
      FROM picked
      WHERE d.id = picked.id AND ${due}
      RETURNING d.*`.execute(db);
    return rows;
  }

  async function attempt(row: DeliveryRow): Promise<void> {
    const endpoint = await findEndpoint(db, row.endpoint_id);
    if (!endpoint) return;
    const now = clock.now();
    const secrets = await signingSecrets(db, endpoint.id, now);
    const headers = signedHeaders(secrets, row.message_id, Math.floor(now.getTime() / 1000), row.body);
    let result: SendResult;
    try {
      // Checked again at every send: the name may resolve elsewhere than at subscribe time.
      const target = await resolveTarget(endpoint.url, {
        allowPrivate: options.allowPrivate,
        resolve: options.resolve,
      });
      result = await sendWebhook(target, headers, row.body, timeoutMs);
    } catch (err) {
      const message = err instanceof SsrfRefusal ? `refused: ${err.message}` : (err as Error).message;
      result = { status: null, body: null, latencyMs: 0, error: message };
    }
    await record(row, endpoint.failing_since, headers, result);
  }

  async function record(
    row: DeliveryRow,
    failingSince: Date | null,
    headers: Record<string, string>,
    result: SendResult,
  ): Promise<void> {
    const now = clock.now();
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const error = ok ? null : (result.error ?? `HTTP ${result.status}`);
    const final = ok || row.attempts >= MAX_ATTEMPTS;
    let disabled = false;
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('webhook_attempts')
        .values({
          id: newId('wha', now.getTime()),
          delivery_id: row.id,
          attempt: row.attempts,
          at: now,
          request_headers: JSON.stringify(headers),
          request_body: truncate(row.body),
          response_status: result.status,
          response_body: result.body === null ? null : truncate(result.body),
          latency_ms: result.latencyMs,
          error,
        })
        .execute();
      // Conditional on still holding this attempt's claim: a takeover after a lost lease wins.
      await trx
        .updateTable('webhook_deliveries')
        .set({
          status: ok ? 'succeeded' : final ? 'failed' : 'pending',
          next_attempt_at: final ? now : new Date(now.getTime() + retryDelayMs(row.attempts, random)),
          locked_until: null,
          last_status: result.status,
          last_error: error,
          completed_at: final ? now : null,
        })
        .where('id', '=', row.id)
        .where('status', '=', 'sending')
        .where('attempts', '=', row.attempts)
        .execute();
      if (ok) {
        await trx
          .updateTable('webhook_endpoints')
          .set({ failing_since: null })
          .where('id', '=', row.endpoint_id)
          // A healthy endpoint's row is not written at all: no lock for its concurrent successes.
          .where('failing_since', 'is not', null)
          .execute();
        return;
      }
      const since = failingSince ?? now;
      if (!failingSince)
        await trx
          .updateTable('webhook_endpoints')
          .set({ failing_since: now })
          .where('id', '=', row.endpoint_id)
          .where('failing_since', 'is', null)
          .execute();
      // Pings and replays are the owner's own tests; only real events count towards disabling.
      if (final && row.kind === 'event' && shouldDisable(since, now))
        disabled = await disable(trx, row.endpoint_id, now);
    });
    if (disabled) {
      logger.warn({ endpointId: row.endpoint_id }, 'webhook endpoint disabled after failing for a day');
      options.onEventsRecorded?.();
    }
  }

  /** Disables a failing endpoint, cancels what it still had queued, and tells its owner (an event). */
  async function disable(trx: Kysely<DB>, endpointId: string, now: Date): Promise<boolean> {
    const updated = await trx
      .updateTable('webhook_endpoints')
      .set({ status: 'disabled', disabled_reason: 'failing', disabled_at: now, updated_at: now })
      .where('id', '=', endpointId)
      .where('status', '=', 'enabled')
      .returning(['id', 'owner_id', 'url', 'failing_since'])
      .executeTakeFirst();
    if (!updated) return false;
    await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'cancelled', completed_at: now, last_error: 'endpoint disabled' })
      .where('endpoint_id', '=', endpointId)
      .where('status', '=', 'pending')
      .execute();
    await recordEvent(
      trx,
      'webhook.endpoint_disabled',
      {
        endpointId,
        ownerId: updated.owner_id,
        url: updated.url,
        reason: 'failing',
        failingSince: updated.failing_since ? new Date(updated.failing_since).toISOString() : null,
      },
      { now: () => now },
    );
    return true;
  }

  /** Drops finished deliveries (their attempts cascade) older than the retention; at most hourly. */
  async function prune(): Promise<number> {
    const before = new Date(clock.now().getTime() - retentionMs);
    const deleted = await db
      .deleteFrom('webhook_deliveries')
      .where('status', 'in', ['succeeded', 'failed', 'cancelled'])
      .where('completed_at', '<', before)
      .executeTakeFirst();
    return Number(deleted.numDeletedRows);
  }

  function pruneNowAndThen(): void {
    const now = Date.now();
    if (now - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = now;
    prune().catch((err) => logger.error({ err }, 'webhook log pruning failed'));
  }

  /** Claims what is due and starts sending it; resolves once the claim is made (not the sends). */
  function tick(): Promise<number> {
    if (claiming) return claiming;
    claiming = (async () => {
      try {
        const rows = await claim(maxInFlight - inFlight.size);
        for (const row of rows) {
          const p: Promise<void> = attempt(row)
            .catch((err) => logger.error({ err, deliveryId: row.id }, 'webhook attempt failed to record'))
            .finally(() => {
              inFlight.delete(p);
              // A slot freed: more may be due (another endpoint's, or this one's next).
              if (started && !stopped) schedule(0);
            });
          inFlight.add(p);
        }
        return rows.length;
      } finally {
        claiming = null;
      }
    })();
    return claiming;
  }

  function schedule(delay: number): void {
    if (!started || stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      pruneNowAndThen();
      tick()
        .catch((err) => logger.error({ err }, 'webhook delivery round failed'))
        .finally(() => schedule(intervalMs));
    }, delay);
    timer.unref?.();
  }

  return {
    start() {
      if (started || stopped) return;
      started = true;
      schedule(0);
    },
    notify() {
      schedule(0);
    },
    prune,
    /** Sends everything due now, and what falls due meanwhile, to the end; for tests and the CLI. */
    async drain(): Promise<number> {
      let sent = 0;
      for (;;) {
        const n = await tick();
        sent += n;
        if (n === 0 && inFlight.size === 0) return sent;
        if (inFlight.size > 0) await Promise.race(inFlight);
      }
    },
    /** Stops claiming and waits for the attempts in flight. */
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await claiming;
      await Promise.allSettled([...inFlight]);
    },
  };
}

export type DeliveryWorker = ReturnType<typeof createDeliveryWorker>;
