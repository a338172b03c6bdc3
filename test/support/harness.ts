import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type createServices } from '../../src/app';
import { type ConfigOverrides, loadConfig } from '../../src/config';
import { type AppContext, createContextOn } from '../../src/context';
import type { Role } from '../../src/platform/auth';
import { createMemoryBus, type EventBus } from '../../src/platform/bus';
import { ManualClock } from '../../src/platform/clock';
import type { Database } from '../../src/platform/db';
import { testDatabaseTargets } from '../../src/platform/db/testing';
import { createMemoryKv, type Kv } from '../../src/platform/kv';
import { silentLogger } from '../../src/platform/logger';
import { relaxedLimits } from './limits';

/**
 * One app per test file on a given database target, with a manual clock and in-process KV
 * and bus (those seams have their own contract suites on Redis and NATS).
 */
export interface Harness {
  app: FastifyInstance;
  ctx: AppContext;
  services: ReturnType<typeof createServices>;
  clock: ManualClock;
  /** Creates a user of the role and returns a cookie header for it. */
  signIn(role: Role, email?: string): Promise<{ cookie: string; userId: string; email: string }>;
  close(): Promise<void>;
}

export { testDatabaseTargets };

let counter = 0;

export interface HarnessOptions extends Omit<ConfigOverrides, 'limits'> {
  /** Limit overrides; by default every rate limit is out of reach (test/support/limits.ts). */
  limits?: Parameters<typeof relaxedLimits>[0];
  /** The KV to run on (default: a fresh in-process one on the harness clock). */
  kv?: (clock: ManualClock) => Kv;
  /** The event bus (default: a fresh in-process one); the NATS suites pass theirs. */
  bus?: EventBus;
}

/** `options` also takes settings of the app under test (publicUrl, trustProxy...). */
export async function createHarness(
  database: Database,
  start = '2026-11-01T00:00:00Z',
  options: HarnessOptions = {},
): Promise<Harness> {
  const { limits, kv: makeKv, bus, ...overrides } = options;
  const clock = new ManualClock(start);
  const config = loadConfig(
    {
      dataDir: 'memory://',
      logLevel: 'silent',
      seedDemo: false,
      // Suites move the clock by days and keep their cookies; the idle timeout has its own tests.
      sessionIdleMinutes: 20160,
      // Admission control off by default (the manual clock stands still, so no bucket would
      // refill); suites about it pass their own flashSales.
      flashSales: {
        maxInFlight: 100_000,
        defaultSlotRatePerSec: 0,
        defaultCustomerRatePerSec: 0,
        defaultIpRatePerSec: 0,
      },
      ...overrides,
      limits: relaxedLimits(limits),
    },
    {},
  );
  const ctx = await createContextOn(config, database, {
    clock,
    logger: silentLogger,
    kv: makeKv?.(clock) ?? createMemoryKv({ prefix: 'test:', clock }),
    bus: bus ?? createMemoryBus({ logger: silentLogger }),
  });
  const { app, services } = await buildApp(ctx, { serveWeb: false });
  await app.ready();
  return {
    app,
    ctx,
    services,
    clock,
    async signIn(role, email) {
      const address = email ?? `${role}${++counter}-${Math.random().toString(36).slice(2, 8)}@test.local`;
      const user = await services.accounts.createUser({
        email: address,
        password: 'password-123',
        displayName: `${role} ${counter}`,
        role,
      });
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: address, password: 'password-123' },
      });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
      const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      return { cookie, userId: user.id, email: address };
    },
    async close() {
      await app.close();
      await ctx.close();
    },
  };
}

/** The error envelope of a response, for concise assertions. */
export function errorOf(res: LightMyRequestResponse): {
  code: string;
  message: string;
  details?: { field?: string };
} {
  return (res.json() as { error: { code: string; message: string; details?: { field?: string } } }).error;
}
