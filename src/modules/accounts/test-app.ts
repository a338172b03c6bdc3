import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type createServices } from '../../app';
import { loadConfig } from '../../config';
import { type AppContext, createContextOn } from '../../context';
import { createMemoryBus } from '../../platform/bus';
import { ManualClock } from '../../platform/clock';
import { migrateToLatest, openDatabase } from '../../platform/db';
import type { Kv } from '../../platform/kv';
import { silentLogger } from '../../platform/logger';

/**
 * An app on an in-memory PGlite with the KV the test chooses (memory, a real Redis, or one
 * that fails), for the sign-in tests that are about the KV rather than the database.
 */
export interface AccountsTestApp {
  app: FastifyInstance;
  ctx: AppContext;
  services: ReturnType<typeof createServices>;
  clock: ManualClock;
  login(
    email: string,
    password: string,
    options?: { ip?: string; cookie?: string },
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function openAccountsTestApp(makeKv: (clock: ManualClock) => Kv): Promise<AccountsTestApp> {
  const clock = new ManualClock();
  const database = await openDatabase({ pgliteDir: 'memory://' });
  await migrateToLatest(database.db);
  const config = loadConfig({ dataDir: 'memory://', logLevel: 'silent', seedDemo: false }, {});
  const ctx = await createContextOn(config, database, {
    clock,
    logger: silentLogger,
    kv: makeKv(clock),
    bus: createMemoryBus({ logger: silentLogger }),
  });
  const { app, services } = await buildApp(ctx, { serveWeb: false });
  await app.ready();
  return {
    app,
    ctx,
    services,
    clock,
    login: (email, password, options = {}) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: {
          'x-forwarded-for': options.ip ?? '203.0.113.1',
          ...(options.cookie ? { cookie: options.cookie } : {}),
        },
        payload: { email, password },
      }),
    async close() {
      await app.close();
      await ctx.close();
    },
  };
}

/** `name=value; ...` of every cookie a response set, for the next request. */
export const cookiesOf = (res: LightMyRequestResponse) =>
  res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
