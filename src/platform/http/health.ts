import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { EventBus } from '../bus';
import type { Kv } from '../kv';
import type { SameType } from './api-schemas';

export interface DependencyCheck {
  ok: boolean;
  latencyMs: number;
  /** Only when not ok: `timeout` or `error`. Never the server's address or message. */
  reason?: 'timeout' | 'error';
}

export interface Readiness {
  status: 'ready' | 'unavailable';
  checks: { database: DependencyCheck; kv: DependencyCheck; bus: DependencyCheck };
}

const dependencyCheckSchema = z.object({
  ok: z.boolean(),
  latencyMs: z.number().int(),
  reason: z.enum(['timeout', 'error']).optional().describe('Only when not ok'),
});

/** The /readyz answer, 200 when ready and 503 when not (the same shape, so a balancer can read why). */
const readinessSchema = z
  .object({
    status: z.enum(['ready', 'unavailable']),
    checks: z.object({
      database: dependencyCheckSchema,
      kv: dependencyCheckSchema,
      bus: dependencyCheckSchema,
    }),
  })
  .meta({ id: 'Readiness' });
type _ReadinessMatches = SameType<z.infer<typeof readinessSchema>, Readiness>;

const livenessSchema = z.object({ status: z.literal('ok') });

export interface HealthDeps {
  // biome-ignore lint/suspicious/noExplicitAny: `select 1` needs no tables
  db: Kysely<any>;
  kv: Kv;
  bus: EventBus;
  /** Each check answers within this. Default 1 s. */
  checkTimeoutMs?: number;
}

const TIMED_OUT = Symbol('timeout');

async function timed(run: () => Promise<unknown>, timeoutMs: number): Promise<DependencyCheck> {
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const outcome = await Promise.race([
      run(),
      new Promise<typeof TIMED_OUT>((resolve) => {
        timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
      }),
    ]);
    const latencyMs = Math.round(performance.now() - start);
    return outcome === TIMED_OUT ? { ok: false, latencyMs, reason: 'timeout' } : { ok: true, latencyMs };
  } catch {
    return { ok: false, latencyMs: Math.round(performance.now() - start), reason: 'error' };
  } finally {
    clearTimeout(timer);
  }
}

/** The three checks in parallel, each bounded, so readiness answers fast during any outage. */
export async function checkReadiness(deps: HealthDeps): Promise<Readiness> {
  const timeoutMs = deps.checkTimeoutMs ?? 1_000;
  const [database, kv, bus] = await Promise.all([
    timed(() => sql`select 1`.execute(deps.db), timeoutMs),
    timed(() => deps.kv.get('readyz:probe'), timeoutMs),
    timed(async () => {
      const status = deps.bus.status?.();
      if (status && !status.ready) throw new Error(status.detail);
    }, timeoutMs),
  ]);
  const ready = database.ok && kv.ok && bus.ok;
  return { status: ready ? 'ready' : 'unavailable', checks: { database, kv, bus } };
}

/**
 * /healthz is liveness: the process answers. It touches no dependency and names none, so a
 * database outage never makes a supervisor restart healthy processes (that would not help).
 * /readyz is readiness: a load balancer sends traffic only while the database, the KV and the
 * bus are reachable. Both are public; readiness names the dependencies but no addresses,
 * versions or error messages.
 */
export function installHealthRoutes(app: FastifyInstance, deps: HealthDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/healthz',
    {
      schema: { tags: ['ops'], summary: 'Liveness: the process answers', response: { 200: livenessSchema } },
    },
    async () => ({ status: 'ok' as const }),
  );
  r.get(
    '/readyz',
    {
      schema: {
        tags: ['ops'],
        summary: 'Readiness: database, KV and bus reachable',
        response: { 200: readinessSchema, 503: readinessSchema },
      },
    },
    async (_request, reply) => {
      const readiness = await checkReadiness(deps);
      reply.header('cache-control', 'no-store');
      return reply.status(readiness.status === 'ready' ? 200 : 503).send(readiness);
    },
  );
}
