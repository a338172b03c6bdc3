import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createHarness } from '../../../test/support/harness';
import type { createServices } from '../../app';
import type { AppContext } from '../../context';
import type { ManualClock } from '../../platform/clock';
import { testDatabaseTargets } from '../../platform/db/testing';
import type { Kv } from '../../platform/kv';

/**
 * An app on PGlite (the shared test harness) with the KV the test chooses (memory, a real Redis, or one
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
  // The shared harness, with loopback trusted as a proxy so `options.ip` (X-Forwarded-For) is
  // the client address the per-IP limits see, as behind a real proxy.
  const h = await createHarness(await testDatabaseTargets()[0]!.open(), undefined, {
    kv: makeKv,
    trustProxy: ['loopback'],
  });
  return {
    app: h.app,
    ctx: h.ctx,
    services: h.services,
    clock: h.clock,
    login: (email, password, options = {}) =>
      h.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: {
          'x-forwarded-for': options.ip ?? '203.0.113.1',
          ...(options.cookie ? { cookie: options.cookie } : {}),
        },
        payload: { email, password },
      }),
    close: h.close,
  };
}

/** `name=value; ...` of every cookie a response set, for the next request. */
export const cookiesOf = (res: LightMyRequestResponse) =>
  res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
