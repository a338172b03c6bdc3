import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { withOutage } from '../../../test/support/kv-outage';
import { createMemoryKv, createRedisKv, type Kv } from '../../platform/kv';
import { deleteByPrefix, TEST_RUN_PREFIX, type TestKvTarget, testKvTargets } from '../../platform/kv/testing';
import { type AccountsService, createAccountsService } from './service';
import { SESSION_CACHE_TTL_MS } from './session-cache';

const PASSWORD = 'password-123';
const STRONG = 'Velvet-Orbit-Harbor-7';

describe.each(testKvTargets())('the session cache on %s', (kind, makeTarget) => {
  let h: Harness;
  let target: TestKvTarget;
  beforeAll(async () => {
    target = makeTarget();
    // Memory: the harness's own KV on its manual clock, so a TTL can be walked past.
    h = await createHarness(await testDatabaseTargets()[0]!.open(), undefined, {
      ...(kind === 'redis' ? { kv: () => target.open()[0]! } : {}),
    });
  });
  afterAll(async () => {
    await h.close();
    await target.cleanup();
  });

  const me = (cookie: string) => h.app.inject({ url: '/api/auth/me', headers: { cookie } });
  /** Ends the session in PostgreSQL behind the app's back: only a cache can still answer. */
  const revokeInDatabase = (userId: string) =>
    h.ctx.db.updateTable('sessions').set({ revoked_at: new Date() }).where('user_id', '=', userId).execute();

  it('a resolved session answers from the KV: no SQL for it until the entry lapses', async () => {
    const user = await h.signIn('consumer');
    expect((await me(user.cookie)).statusCode).toBe(200);
    await revokeInDatabase(user.userId);
    expect((await me(user.cookie)).json().user.id).toBe(user.userId);
    if (kind === 'memory') {
      h.clock.advance(SESSION_CACHE_TTL_MS + 1);
      expect((await me(user.cookie)).statusCode).toBe(401);
    }
  });

  it('sign-out takes effect at once, though the session was cached', async () => {
    const user = await h.signIn('consumer');
    expect((await me(user.cookie)).statusCode).toBe(200);
    const out = await h.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: user.cookie },
    });
    expect(out.statusCode).toBe(204);
    expect((await me(user.cookie)).statusCode).toBe(401);
    expect((await me(user.cookie)).statusCode).toBe(401);
  });

  it('a role change shows on the user’s very next request', async () => {
    const op = await h.signIn('operator');
    const user = await h.signIn('consumer');
    expect((await me(user.cookie)).json().user.role).toBe('consumer');
    const res = await h.app.inject({
      method: 'PUT',
      url: `/api/admin/users/${user.userId}/role`,
      headers: { cookie: op.cookie },
      payload: { role: 'organizer', reason: 'runs the conference' },
    });
    expect(res.statusCode).toBe(200);
    expect((await me(user.cookie)).json().user.role).toBe('organizer');
  });

  it('a password change ends the other cached sessions at once and keeps this one', async () => {
    const user = await h.signIn('partner');
    const second = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: PASSWORD },
    });
    const other = second.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    expect((await me(other)).statusCode).toBe(200);
    expect((await me(user.cookie)).statusCode).toBe(200);
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: user.cookie },
      payload: { currentPassword: PASSWORD, newPassword: STRONG },
    });
    expect(res.json()).toEqual({ sessionsEnded: 1, apiKeysRevoked: 0 });
    expect((await me(other)).statusCode).toBe(401);
    expect((await me(user.cookie)).statusCode).toBe(200);
  });

  it('re-authenticating refreshes the cached recentAuthAt', async () => {
    const user = await h.signIn('partner');
    expect((await me(user.cookie)).statusCode).toBe(200);
    h.clock.advance(6 * 60_000);
    const mint = () =>
      h.app.inject({
        method: 'POST',
        url: '/api/auth/api-keys',
        headers: { cookie: user.cookie },
        payload: { name: 'k', scopes: ['orders:read'] },
      });
    expect((await mint()).json().error.code).toBe('REAUTH_REQUIRED');
    const reauth = await h.app.inject({
      method: 'POST',
      url: '/api/auth/reauthenticate',
      headers: { cookie: user.cookie },
      payload: { password: PASSWORD },
    });
    expect(reauth.statusCode).toBe(200);
    expect((await mint()).statusCode).toBe(201);
  });

  it('primes the account-age cache from the session', async () => {
    const user = await h.signIn('consumer');
    await me(user.cookie);
    const row = await h.ctx.db
      .selectFrom('users')
      .select('created_at')
      .where('id', '=', user.userId)
      .executeTakeFirstOrThrow();
    expect(await h.services.accounts.accountCreatedAt(user.userId)).toEqual(new Date(row.created_at));
    expect(await h.services.accounts.accountCreatedAt('usr_nobody')).toBeNull();
  });
});

describe('the session cache and the idle timeout', () => {
  let h: Harness;
  const outage = withOutage(createMemoryKv({ prefix: 'idle:' }));
  beforeAll(async () => {
    h = await createHarness(await testDatabaseTargets()[0]!.open(), undefined, {
      sessionIdleMinutes: 2,
      kv: () => outage.kv,
    });
  });
  afterAll(() => h.close());
  const me = (cookie: string) => h.app.inject({ url: '/api/auth/me', headers: { cookie } });

  it('a busy session stays signed in (last_seen_at still written), an idle one ends', async () => {
    const user = await h.signIn('consumer');
    for (let i = 0; i < 6; i++) {
      h.clock.advance(50_000);
      expect((await me(user.cookie)).statusCode).toBe(200);
    }
    const row = await h.ctx.db
      .selectFrom('sessions')
      .select('last_seen_at')
      .where('user_id', '=', user.userId)
      .executeTakeFirstOrThrow();
    expect(h.clock.now().getTime() - new Date(row.last_seen_at!).getTime()).toBeLessThan(60_000);
    h.clock.advance(2 * 60_000 + 1);
    expect((await me(user.cookie)).statusCode).toBe(401);
  });

  it('with the KV down, sessions resolve from PostgreSQL', async () => {
    const user = await h.signIn('consumer');
    outage.setDown(true);
    try {
      expect((await me(user.cookie)).statusCode).toBe(200);
    } finally {
      outage.setDown(false);
    }
  });
});

const redisUrl = process.env.REDIS_URL;

/** Two "processes" (two accounts services, two Redis connections) on one database and one Redis. */
describe.skipIf(!redisUrl)('the session cache across processes (Redis)', () => {
  let h: Harness;
  let otherKv: Kv;
  let other: AccountsService;
  const prefix = `${TEST_RUN_PREFIX}sessions-x:`;
  beforeAll(async () => {
    h = await createHarness(await testDatabaseTargets()[0]!.open(), undefined, {
      kv: () => createRedisKv({ url: redisUrl!, prefix, commandTimeoutMs: 5_000 }),
    });
    otherKv = createRedisKv({ url: redisUrl!, prefix, commandTimeoutMs: 5_000 });
    other = createAccountsService({ db: h.ctx.db, clock: h.clock, kv: otherKv });
  });
  afterAll(async () => {
    await otherKv?.close();
    await h?.close();
    await deleteByPrefix(redisUrl!, prefix);
  });

  it('a sign-out in one process ends the session in the other at once', async () => {
    const user = await h.signIn('consumer');
    const token = user.cookie.split(';')[0]!.split('=')[1]!;
    expect((await other.authenticateSession(token))?.userId).toBe(user.userId);
    expect(
      (await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: user.cookie } }))
        .statusCode,
    ).toBe(204);
    expect(await other.authenticateSession(token)).toBeNull();
  });

  it('a role change in one process shows in the other at once', async () => {
    const op = await h.signIn('operator');
    const user = await h.signIn('consumer');
    const token = user.cookie.split(';')[0]!.split('=')[1]!;
    expect((await other.authenticateSession(token))?.role).toBe('consumer');
    await h.app.inject({
      method: 'PUT',
      url: `/api/admin/users/${user.userId}/role`,
      headers: { cookie: op.cookie },
      payload: { role: 'merchant', reason: 'opened a store' },
    });
    expect((await other.authenticateSession(token))?.role).toBe('merchant');
  });
});
