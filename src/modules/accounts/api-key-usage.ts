import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../platform/clock';
import type { Kv } from '../../platform/kv';
import type { Logger } from '../../platform/logger';

/**
 * Usage per API key (issue 13: "usage per key is visible to the partner"), counted in the KV so
 * a request costs no SQL: per UTC day, the requests, the 4xx and 5xx answers, and a sorted set of
 * routes (the route pattern, `GET /api/orders/:id`, so ids cannot blow up the set). Each day's
 * keys live 8 days; the report covers the last 7. All of one key's counters share a hash tag, so
 * on Redis Cluster they sit on one shard.
 */
export const USAGE_DAYS = 7;
const RETAIN_MS = (USAGE_DAYS + 1) * 24 * 3600 * 1000;

const dayOf = (at: Date) => at.toISOString().slice(0, 10);
const base = (keyId: string, day: string) => `keyusage:{${keyId}}:${day}`;

export interface KeyUsageDay {
  date: string;
  requests: number;
  clientErrors: number;
  serverErrors: number;
  routes: { route: string; requests: number }[];
}

export function createKeyUsage({ kv, clock, logger }: { kv: Kv; clock: Clock; logger: Logger }) {
  let lastWarning = 0;

  async function record(keyId: string, route: string, status: number): Promise<void> {
    const prefix = base(keyId, dayOf(clock.now()));
    const requests = await kv.incrBy(`${prefix}:requests`, 1, { ttlMs: RETAIN_MS });
    await kv.zincrBy(`${prefix}:routes`, route, 1);
    // The day's first request gives the route set its lifetime (zincrBy sets none).
    if (requests === 1) await kv.expire(`${prefix}:routes`, RETAIN_MS);
    if (status >= 500) await kv.incrBy(`${prefix}:5xx`, 1, { ttlMs: RETAIN_MS });
    else if (status >= 400) await kv.incrBy(`${prefix}:4xx`, 1, { ttlMs: RETAIN_MS });
  }

  /** Counting is best effort: a KV outage must not fail or slow the partner's requests. */
  function recordInBackground(keyId: string, route: string, status: number): void {
    record(keyId, route, status).catch((error: unknown) => {
      const now = Date.now();
      if (now - lastWarning < 10_000) return;
      lastWarning = now;
      logger.warn({ err: error }, 'API key usage could not be counted');
    });
  }

  async function read(keyId: string): Promise<KeyUsageDay[]> {
    const today = clock.now().getTime();
    const days: KeyUsageDay[] = [];
    for (let back = 0; back < USAGE_DAYS; back++) {
      const date = dayOf(new Date(today - back * 24 * 3600 * 1000));
      const prefix = base(keyId, date);
      const [requests, clientErrors, serverErrors, routes] = await Promise.all([
        kv.get(`${prefix}:requests`),
        kv.get(`${prefix}:4xx`),
        kv.get(`${prefix}:5xx`),
        kv.zrangeByRank(`${prefix}:routes`, 0, -1, { reverse: true }),
      ]);
      days.push({
        date,
        requests: Number(requests ?? 0),
        clientErrors: Number(clientErrors ?? 0),
        serverErrors: Number(serverErrors ?? 0),
        routes: routes.map((r) => ({ route: r.member, requests: r.score })),
      });
    }
    return days;
  }

  return { record, recordInBackground, read };
}

export type KeyUsage = ReturnType<typeof createKeyUsage>;

/** Counts every answer given to an API key, after it is sent (never in the request's way). */
export function installKeyUsageCounting(app: FastifyInstance, usage: KeyUsage): void {
  app.addHook('onResponse', async (request, reply) => {
    const actor = request.actor;
    if (actor?.via !== 'api_key' || !actor.credentialId) return;
    const route = `${request.method} ${request.routeOptions.url ?? '(no route)'}`;
    usage.recordInBackground(actor.credentialId, route, reply.statusCode);
  });
}
