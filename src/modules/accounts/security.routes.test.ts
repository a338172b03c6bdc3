import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { ManualClock } from '../../platform/clock';
import { createAccountsService } from './service';

const HARNESS_PASSWORD = 'password-123';
const STRONG = 'Velvet-Orbit-Harbor-7';

describe.each(testDatabaseTargets())('account security on $kind', (target) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(await target.open(), undefined, { sessionIdleMinutes: 120 });
  });
  afterAll(() => h.close());

  const post = (url: string, auth: { cookie?: string; key?: string }, payload?: object) =>
    h.app.inject({
      method: 'POST',
      url,
      headers: auth.key ? { authorization: `Bearer ${auth.key}` } : { cookie: auth.cookie ?? '' },
      ...(payload ? { payload } : {}),
    });
  const me = (cookie: string) => h.app.inject({ url: '/api/auth/me', headers: { cookie } });
  const mintKey = async (cookie: string) => {
    const res = await post('/api/auth/api-keys', { cookie }, { name: 'ci', scopes: ['orders:read'] });
    expect(res.statusCode).toBe(201);
    return res.json() as { key: string; info: { id: string } };
  };

  it('refuses bearer API keys on every credential route with 403 SESSION_REQUIRED', async () => {
    const op = await h.signIn('operator');
    const other = await h.signIn('consumer');
    const { key, info } = await mintKey(op.cookie);
    const asKey = { key };
    const attempts = [
      post('/api/auth/password', asKey, { currentPassword: HARNESS_PASSWORD, newPassword: STRONG }),
      post('/api/auth/api-keys', asKey, {
        name: 'more',
        scopes: ['orders:read'],
        currentPassword: HARNESS_PASSWORD,
      }),
      h.app.inject({
        method: 'DELETE',
        url: `/api/auth/api-keys/${info.id}`,
        headers: { authorization: `Bearer ${key}` },
      }),
      h.app.inject({
        method: 'PUT',
        url: `/api/admin/users/${other.userId}/role`,
        headers: { authorization: `Bearer ${key}` },
        payload: { role: 'organizer', reason: 'x', currentPassword: HARNESS_PASSWORD },
      }),
      post('/api/auth/reauthenticate', asKey, { password: HARNESS_PASSWORD }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.statusCode).toBe(403);
      expect(errorOf(res).code).toBe('SESSION_REQUIRED');
      expect(errorOf(res).message).toMatch(/^API keys cannot/);
    }
    // Nothing changed: the key still works and the role is the old one.
    expect(
      (await h.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${key}` } })).statusCode,
    ).toBe(200);
    expect((await h.services.accounts.getUser(other.userId)).role).toBe('consumer');
  });

  it('requires a password typed within 5 minutes for API keys and roles: reauth, currentPassword, expiry', async () => {
    const op = await h.signIn('operator');
    const target = await h.signIn('consumer');
    // Signing in counts as authentication: right away it works.
    await mintKey(op.cookie);
    h.clock.advance(5 * 60 * 1000 + 1000);
    const stale = await post('/api/auth/api-keys', op, { name: 'late', scopes: ['orders:read'] });
    expect(stale.statusCode).toBe(403);
    expect(errorOf(stale)).toMatchObject({ code: 'REAUTH_REQUIRED', details: { field: 'currentPassword' } });
    const role = (payload: object) =>
      h.app.inject({
        method: 'PUT',
        url: `/api/admin/users/${target.userId}/role`,
        headers: { cookie: op.cookie },
        payload: { role: 'organizer', reason: 'conference', ...payload },
      });
    expect(errorOf(await role({})).code).toBe('REAUTH_REQUIRED');
    const wrong = await role({ currentPassword: 'not-the-password' });
    expect(wrong.statusCode).toBe(422);
    expect(errorOf(wrong)).toMatchObject({ code: 'WRONG_PASSWORD', details: { field: 'currentPassword' } });
    expect((await role({ currentPassword: HARNESS_PASSWORD })).statusCode).toBe(200);
    // currentPassword covered that one request only.
    expect(
      errorOf(await post('/api/auth/api-keys', op, { name: 'late', scopes: ['orders:read'] })).code,
    ).toBe('REAUTH_REQUIRED');

    const badReauth = await post('/api/auth/reauthenticate', op, { password: 'not-the-password' });
    expect(badReauth.statusCode).toBe(422);
    expect(errorOf(badReauth)).toMatchObject({ code: 'WRONG_PASSWORD', details: { field: 'password' } });
    const reauth = await post('/api/auth/reauthenticate', op, { password: HARNESS_PASSWORD });
    expect(reauth.statusCode).toBe(200);
    expect(reauth.json().validForSeconds).toBe(300);
    h.clock.advance(4 * 60 * 1000);
    await mintKey(op.cookie);
    h.clock.advance(2 * 60 * 1000);
    expect(
      errorOf(await post('/api/auth/api-keys', op, { name: 'late', scopes: ['orders:read'] })).code,
    ).toBe('REAUTH_REQUIRED');
  });

  it('ends a session idle for longer than the idle timeout, and moves last_seen_at at most once a minute', async () => {
    const user = await h.signIn('consumer');
    const sessionRow = () =>
      h.ctx.db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select(['sessions.last_seen_at'])
        .where('users.id', '=', user.userId)
        .executeTakeFirstOrThrow();
    const signedInAt = (await sessionRow()).last_seen_at;
    h.clock.advance(30 * 1000);
    expect((await me(user.cookie)).statusCode).toBe(200);
    expect((await sessionRow()).last_seen_at).toEqual(signedInAt);
    h.clock.advance(119 * 60 * 1000);
    expect((await me(user.cookie)).statusCode).toBe(200);
    expect(new Date((await sessionRow()).last_seen_at!).getTime()).toBe(h.clock.now().getTime());
    h.clock.advance(119 * 60 * 1000);
    expect((await me(user.cookie)).statusCode).toBe(200);
    h.clock.advance(120 * 60 * 1000 + 1000);
    expect((await me(user.cookie)).statusCode).toBe(401);
  });

  it('changes the password: ends every other session, keeps this one, and revokes API keys when asked', async () => {
    const partner = await h.signIn('partner');
    const second = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: partner.email, password: HARNESS_PASSWORD },
    });
    const otherCookie = second.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const { key } = await mintKey(partner.cookie);
    const res = await post('/api/auth/password', partner, {
      currentPassword: HARNESS_PASSWORD,
      newPassword: STRONG,
      revokeApiKeys: true,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ sessionsEnded: 1, apiKeysRevoked: 1 });
    expect((await me(partner.cookie)).statusCode).toBe(200);
    expect((await me(otherCookie)).statusCode).toBe(401);
    expect(
      (await h.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${key}` } })).statusCode,
    ).toBe(401);
    const audit = await h.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user.password_change')
      .where('entity_id', '=', partner.userId)
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(partner.userId);
    expect(audit.after).toMatchObject({ sessionsEnded: 1, apiKeysRevoked: 1 });
  });

  it('keeps API keys on a password change unless asked', async () => {
    const partner = await h.signIn('partner');
    const { key } = await mintKey(partner.cookie);
    const res = await post('/api/auth/password', partner, {
      currentPassword: HARNESS_PASSWORD,
      newPassword: STRONG,
    });
    expect(res.json()).toEqual({ sessionsEnded: 0, apiKeysRevoked: 0 });
    expect(
      (await h.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${key}` } })).statusCode,
    ).toBe(200);
  });

  it('refuses weak new passwords with 400 WEAK_PASSWORD naming newPassword and saying why', async () => {
    const user = await h.signIn('consumer', `zhang.wei@shop-${Date.now()}.example.com`);
    for (const [newPassword, why] of [
      ['password1234', /common/i],
      [`zhangwei${new Date().getFullYear()}!`, /e-mail/i],
      ['aaaaaaaaaaaa', /repeat/i],
    ] as const) {
      const res = await post('/api/auth/password', user, { currentPassword: HARNESS_PASSWORD, newPassword });
      expect(res.statusCode).toBe(400);
      expect(errorOf(res)).toMatchObject({ code: 'WEAK_PASSWORD', details: { field: 'newPassword' } });
      expect(errorOf(res).message).toMatch(why);
    }
    const short = await post('/api/auth/password', user, {
      currentPassword: HARNESS_PASSWORD,
      newPassword: 'Xy7#q',
    });
    expect(short.statusCode).toBe(400);
    expect(errorOf(short).details?.field).toBe('newPassword');
    const wrongCurrent = await post('/api/auth/password', user, {
      currentPassword: 'nope-nope',
      newPassword: STRONG,
    });
    expect(errorOf(wrongCurrent)).toMatchObject({
      code: 'WRONG_PASSWORD',
      details: { field: 'currentPassword' },
    });
  });

  it('refuses weak passwords at sign-up: common, e-mail-derived, the display name, too short', async () => {
    const signup = (email: string, password: string, displayName = 'Li Na') =>
      h.app.inject({ method: 'POST', url: '/api/auth/signup', payload: { email, password, displayName } });
    for (const [email, password, why] of [
      ['li.na@example.com', 'qwertyuiop12', /./],
      ['li.na@example.com', 'lina-2024-lina', /e-mail/i],
      ['x@example.com', 'HuangXiaoming', /./],
    ] as const) {
      const res = await signup(email, password, 'Huang Xiaoming');
      expect(res.statusCode).toBe(400);
      expect(errorOf(res)).toMatchObject({ code: 'WEAK_PASSWORD', details: { field: 'password' } });
      expect(errorOf(res).message).toMatch(why);
    }
    const short = await signup('li.na@example.com', 'short-1');
    expect(errorOf(short)).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'password' } });
    expect((await signup('li.na@example.com', STRONG)).statusCode).toBe(201);
  });

  it('audits failed sign-ins with no actor, naming the user or the e-mail typed', async () => {
    const user = await h.signIn('consumer');
    await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: 'nope-nope' },
    });
    await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'Nobody@Example.com', password: 'nope-nope' },
    });
    const rows = await h.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.login_failed')
      .where('entity_id', 'in', [user.userId, 'nobody@example.com'])
      .execute();
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.actor_id).toBeNull();
  });
});

describe('the bootstrap operator', () => {
  it('refuses to start with a weak configured password, and accepts a strong one', async () => {
    const database = await testDatabaseTargets()[0]!.open();
    try {
      const accounts = createAccountsService({ db: database.db, clock: new ManualClock() });
      await expect(accounts.ensureBootstrapOperator('root@carnival.local', 'carnival123')).rejects.toThrow(
        /CARNIVAL_ADMIN_PASSWORD is too weak/,
      );
      expect(await accounts.ensureBootstrapOperator('root@carnival.local', STRONG)).toEqual({
        email: 'root@carnival.local',
        oneTimePassword: undefined,
      });
    } finally {
      await database.close();
    }
  });
});
