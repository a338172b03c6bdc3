import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';

describe.each(testDatabaseTargets())('accounts routes on $kind', (target) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(await target.open());
  });
  afterAll(() => h.close());

  it('signs up, is signed in by the cookie, and logs out', async () => {
    const signup = await h.app.inject({
      method: 'POST',
      url: '/api/auth/signup',
      payload: {
        email: 'Mei@Example.com',
        password: 'Quiet-Lantern-42',
        displayName: '美',
        role: 'merchant',
      },
    });
    expect(signup.statusCode).toBe(201);
    const cookie = signup.cookies.find((c) => c.name === 'carnival_session')!;
    expect(cookie.httpOnly).toBe(true);
    const me = await h.app.inject({
      url: '/api/auth/me',
      headers: { cookie: `carnival_session=${cookie.value}` },
    });
    expect(me.json().user).toMatchObject({ email: 'Mei@Example.com', role: 'merchant' });
    const out = await h.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: `carnival_session=${cookie.value}` },
    });
    expect(out.statusCode).toBe(204);
    const after = await h.app.inject({
      url: '/api/auth/me',
      headers: { cookie: `carnival_session=${cookie.value}` },
    });
    expect(after.statusCode).toBe(401);
  });

  it('stores an argon2id hash, never the password', async () => {
    const row = await h.ctx.db
      .selectFrom('users')
      .select('password_hash')
      .where('email', '=', 'Mei@Example.com')
      .executeTakeFirstOrThrow();
    expect(row.password_hash.startsWith('$argon2id$')).toBe(true);
  });

  it('refuses a taken email (case-insensitively) with 409 naming the field', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/signup',
      payload: { email: 'mei@example.com', password: 'Quiet-Lantern-42', displayName: 'x' },
    });
    expect(res.statusCode).toBe(409);
    expect(errorOf(res)).toMatchObject({ code: 'EMAIL_TAKEN', details: { field: 'email' } });
  });

  it('refuses bad input with 400 naming the field', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/signup',
      payload: { email: 'nope', password: 'short', displayName: 'x' },
    });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    expect(errorOf(res).details?.field).toBe('email');
  });

  it('refuses signing up as an operator', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/signup',
      payload: {
        email: 'boss@example.com',
        password: 'Quiet-Lantern-42',
        displayName: 'x',
        role: 'operator',
      },
    });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).details?.field).toBe('role');
  });

  it('refuses a wrong password with 401 and the same message as an unknown email', async () => {
    const wrong = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'mei@example.com', password: 'wrongwrong' },
    });
    const unknown = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'who@example.com', password: 'wrongwrong' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(errorOf(wrong).message).toBe(errorOf(unknown).message);
  });

  it('refuses malformed JSON with 400 BAD_JSON', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('BAD_JSON');
  });

  it('lets a partner mint an API key, authenticate with it, and revoke it', async () => {
    const partner = await h.signIn('partner');
    const created = await h.app.inject({
      method: 'POST',
      url: '/api/auth/api-keys',
      headers: { cookie: partner.cookie },
      payload: { name: 'ci', scopes: ['campaigns:read'] },
    });
    expect(created.statusCode).toBe(201);
    const { key, info } = created.json();
    expect(key).toMatch(/^ck_live_/);
    const me = await h.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${key}` } });
    expect(me.json().user.role).toBe('partner');
    const mint = await h.app.inject({
      method: 'POST',
      url: '/api/auth/api-keys',
      headers: { authorization: `Bearer ${key}` },
      payload: { name: 'x' },
    });
    expect(mint.statusCode).toBe(403);
    expect(errorOf(mint).code).toBe('SESSION_REQUIRED');
    const revoke = await h.app.inject({
      method: 'DELETE',
      url: `/api/auth/api-keys/${info.id}`,
      headers: { cookie: partner.cookie },
    });
    expect(revoke.statusCode).toBe(204);
    const again = await h.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${key}` } });
    expect(again.statusCode).toBe(401);
    const twice = await h.app.inject({
      method: 'DELETE',
      url: `/api/auth/api-keys/${info.id}`,
      headers: { cookie: partner.cookie },
    });
    expect(twice.statusCode).toBe(404);
  });

  it('refuses API keys to consumers (403) and to strangers (401)', async () => {
    const consumer = await h.signIn('consumer');
    expect(
      (
        await h.app.inject({
          method: 'POST',
          url: '/api/auth/api-keys',
          headers: { cookie: consumer.cookie },
          payload: { name: 'x', scopes: ['campaigns:read'] },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await h.app.inject({ method: 'POST', url: '/api/auth/api-keys', payload: { name: 'x' } })).statusCode,
    ).toBe(401);
  });

  it('lets an operator change a role, audited with before/after and reason; others get 403', async () => {
    const op = await h.signIn('operator');
    const target = await h.signIn('consumer');
    const merchant = await h.signIn('merchant');
    const denied = await h.app.inject({
      method: 'PUT',
      url: `/api/admin/users/${target.userId}/role`,
      headers: { cookie: merchant.cookie },
      payload: { role: 'organizer', reason: 'x' },
    });
    expect(denied.statusCode).toBe(403);
    const res = await h.app.inject({
      method: 'PUT',
      url: `/api/admin/users/${target.userId}/role`,
      headers: { cookie: op.cookie },
      payload: { role: 'organizer', reason: 'runs the merchant conference' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.role).toBe('organizer');
    const audit = await h.app.inject({
      url: `/api/admin/audit?entityType=user&entityId=${target.userId}`,
      headers: { cookie: op.cookie },
    });
    expect(audit.json().items[0]).toMatchObject({
      actorId: op.userId,
      action: 'user.set_role',
      before: { role: 'consumer' },
      after: { role: 'organizer' },
      reason: 'runs the merchant conference',
    });
    const missing = await h.app.inject({
      method: 'PUT',
      url: '/api/admin/users/usr_nope/role',
      headers: { cookie: op.cookie },
      payload: { role: 'consumer', reason: 'x' },
    });
    expect(missing.statusCode).toBe(404);
    const self = await h.app.inject({
      method: 'PUT',
      url: `/api/admin/users/${op.userId}/role`,
      headers: { cookie: op.cookie },
      payload: { role: 'consumer', reason: 'x' },
    });
    expect(self.statusCode).toBe(422);
  });

  it('creates the bootstrap operator once, with a one-time password that must be changed', async () => {
    const first = await h.services.accounts.ensureBootstrapOperator('root@carnival.local');
    // The harness signed in an operator above, so none is created here.
    expect(first).toBeNull();
  });

  it('answers unknown routes with the JSON envelope', async () => {
    const res = await h.app.inject({ url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).code).toBe('NOT_FOUND');
  });
});
