import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { STORE } from '../enrollment/test-fixtures';

type Who = { cookie: string; userId: string; email: string };

describe.each(testDatabaseTargets())('store membership by invitation on $kind', (target) => {
  let h: Harness;
  let owner: Who;
  let storeId: string;
  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    who: Who | { key: string },
    payload?: object,
  ) =>
    h.app.inject({
      method,
      url,
      headers: 'key' in who ? { authorization: `Bearer ${who.key}` } : { cookie: who.cookie },
      ...(payload ? { payload } : {}),
    });
  const invite = (email: string, role: 'owner' | 'staff' = 'staff', by: Who = owner) =>
    call('POST', `/api/stores/${storeId}/invitations`, by, { email, role });
  const idOf = (res: LightMyRequestResponse) => res.json().invitation.id as string;
  const members = async () =>
    (await call('GET', `/api/stores/${storeId}/members`, owner)).json().items as Array<{
      userId: string;
      role: string;
    }>;

  beforeAll(async () => {
    h = await createHarness(await target.open());
    owner = await h.signIn('merchant');
    storeId = (await call('POST', '/api/stores', owner, STORE)).json().store.id;
  });
  afterAll(() => h.close());

  it('no longer adds members directly', async () => {
    const staff = await h.signIn('merchant');
    const res = await call('POST', `/api/stores/${storeId}/members`, owner, { userId: staff.userId });
    expect(res.statusCode).toBe(404);
  });

  it('the owner invites by e-mail; the invitee sees it, accepts, and works in the store', async () => {
    const staff = await h.signIn('merchant');
    const sent = await invite(staff.email.toUpperCase());

    expect(sent.statusCode).toBe(201);
    expect(sent.json().invitation).toMatchObject({ storeId, role: 'staff', status: 'pending' });
    expect(idOf(sent)).toMatch(/^inv_/);
    expect(errorOf(await invite(staff.email))).toMatchObject({
      code: 'INVITATION_PENDING',
      details: { field: 'email' },
    });
    // Not a member until accepted: the store answers as if it did not exist.
    expect((await call('GET', `/api/stores/${storeId}`, staff)).statusCode).toBe(404);
    const mine = await call('GET', '/api/me/store-invitations', staff);
    expect(mine.json().items).toMatchObject([{ id: idOf(sent), storeName: STORE.name, status: 'pending' }]);
    const accepted = await call('POST', `/api/store-invitations/${idOf(sent)}/accept`, staff);

    expect(accepted.statusCode).toBe(201);
    expect(accepted.json().member).toMatchObject({ storeId, userId: staff.userId, role: 'staff' });
    expect((await call('GET', `/api/stores/${storeId}`, staff)).statusCode).toBe(200);
    expect((await call('GET', '/api/me/store-invitations', staff)).json().items).toEqual([]);
    const again = await call('POST', `/api/store-invitations/${idOf(sent)}/accept`, staff);
    expect(errorOf(again).code).toBe('INVITATION_ANSWERED');
    // Staff cannot invite.
    expect((await invite('someone@test.local', 'staff', staff)).statusCode).toBe(403);
    const audit = await h.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', storeId)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['store.invite_member', 'store.member_join']),
    );
  });

  it('an invitation for someone else is 404 to you, accept or decline', async () => {
    const invitee = await h.signIn('merchant');
    const stranger = await h.signIn('merchant');
    const id = idOf(await invite(invitee.email));
    for (const action of ['accept', 'decline']) {
      const res = await call('POST', `/api/store-invitations/${id}/${action}`, stranger);
      expect(res.statusCode).toBe(404);
    }
    expect((await call('GET', '/api/me/store-invitations', stranger)).json().items).toEqual([]);
  });

  it('declining ends the invitation; it cannot be accepted afterwards', async () => {
    const invitee = await h.signIn('merchant');
    const id = idOf(await invite(invitee.email));
    expect((await call('POST', `/api/store-invitations/${id}/decline`, invitee)).statusCode).toBe(204);
    const late = await call('POST', `/api/store-invitations/${id}/accept`, invitee);
    expect(late.statusCode).toBe(409);
    expect(errorOf(late).code).toBe('INVITATION_ANSWERED');
    expect((await call('GET', `/api/stores/${storeId}`, invitee)).statusCode).toBe(404);
  });

  it('invitations expire after 7 days', async () => {
    const invitee = await h.signIn('merchant');
    const id = idOf(await invite(invitee.email));
    h.clock.advance(7 * 24 * 3600 * 1000 + 1000);
    // Both sessions idled out meanwhile; sign in again.
    owner = { ...owner, cookie: await freshCookie(owner.email) };
    const later = { ...invitee, cookie: await freshCookie(invitee.email) };
    expect((await call('GET', '/api/me/store-invitations', later)).json().items).toEqual([]);
    const res = await call('POST', `/api/store-invitations/${id}/accept`, later);
    expect(res.statusCode).toBe(409);
    expect(errorOf(res).code).toBe('INVITATION_EXPIRED');
  });

  it('only merchant accounts can accept', async () => {
    const consumer = await h.signIn('consumer');
    const id = idOf(await invite(consumer.email));
    const res = await call('POST', `/api/store-invitations/${id}/accept`, consumer);
    expect(res.statusCode).toBe(403);
  });

  it('the owner withdraws a pending invitation', async () => {
    const invitee = await h.signIn('merchant');
    const id = idOf(await invite(invitee.email));
    expect((await call('DELETE', `/api/stores/${storeId}/invitations/${id}`, owner)).statusCode).toBe(204);
    expect(errorOf(await call('POST', `/api/store-invitations/${id}/accept`, invitee)).code).toBe(
      'INVITATION_ANSWERED',
    );
  });

  it('owners remove members, members leave, and the last owner can neither leave, be removed nor be demoted', async () => {
    const staff = await join('staff');
    const leaver = await join('staff');
    // Staff cannot remove others.
    expect((await call('DELETE', `/api/stores/${storeId}/members/${leaver.userId}`, staff)).statusCode).toBe(
      403,
    );
    expect((await call('DELETE', `/api/stores/${storeId}/members/${leaver.userId}`, leaver)).statusCode).toBe(
      204,
    );
    expect((await call('DELETE', `/api/stores/${storeId}/members/${staff.userId}`, owner)).statusCode).toBe(
      204,
    );
    expect((await call('GET', `/api/stores/${storeId}`, staff)).statusCode).toBe(404);
    expect((await members()).map((m) => m.userId)).not.toContain(staff.userId);

    for (const res of [
      await call('DELETE', `/api/stores/${storeId}/members/${owner.userId}`, owner),
      await call('PUT', `/api/stores/${storeId}/members/${owner.userId}/role`, owner, { role: 'staff' }),
    ]) {
      expect(res.statusCode).toBe(409);
      expect(errorOf(res).code).toBe('LAST_OWNER');
    }
    // With a second owner, the first may step down, and then the second cannot leave.
    const second = await join('owner');
    const demoted = await call('PUT', `/api/stores/${storeId}/members/${owner.userId}/role`, owner, {
      role: 'staff',
    });
    expect(demoted.statusCode).toBe(200);
    expect(demoted.json().member.role).toBe('staff');
    expect(
      errorOf(await call('DELETE', `/api/stores/${storeId}/members/${second.userId}`, second)).code,
    ).toBe('LAST_OWNER');
    const restored = await call('PUT', `/api/stores/${storeId}/members/${owner.userId}/role`, second, {
      role: 'owner',
    });
    expect(restored.statusCode).toBe(200);
    expect((await call('DELETE', `/api/stores/${storeId}/members/usr_nobody`, owner)).statusCode).toBe(404);
  });

  it('refuses API keys and stale sessions on every membership change', async () => {
    const member = await join('staff');
    const merchantKey = await merchantApiKey(member);
    const invitee = await h.signIn('merchant');
    const id = idOf(await invite(invitee.email));
    const asKey = { key: merchantKey };
    for (const res of [
      await call('POST', `/api/stores/${storeId}/invitations`, asKey, { email: 'x@test.local' }),
      await call('POST', `/api/store-invitations/${id}/accept`, { key: await merchantApiKey(invitee) }),
      await call('POST', `/api/store-invitations/${id}/decline`, { key: await merchantApiKey(invitee) }),
      await call('DELETE', `/api/stores/${storeId}/members/${member.userId}`, asKey),
      await call('PUT', `/api/stores/${storeId}/members/${member.userId}/role`, asKey, { role: 'owner' }),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(errorOf(res).code).toBe('SESSION_REQUIRED');
    }
    // Five minutes after signing in, the password is needed again.
    h.clock.advance(5 * 60 * 1000 + 1000);
    const stale = await call('POST', `/api/store-invitations/${id}/accept`, invitee);
    expect(errorOf(stale).code).toBe('REAUTH_REQUIRED');
    const confirmed = await call('POST', `/api/store-invitations/${id}/accept`, invitee, {
      currentPassword: 'password-123',
    });
    expect(confirmed.statusCode).toBe(201);
    expect(errorOf(await invite('late@test.local')).code).toBe('REAUTH_REQUIRED');
  });

  /** A merchant who accepted an invitation of the given role. */
  async function join(role: 'owner' | 'staff'): Promise<Who> {
    const who = await h.signIn('merchant');
    const id = idOf(await invite(who.email, role));
    expect((await call('POST', `/api/store-invitations/${id}/accept`, who)).statusCode).toBe(201);
    return who;
  }

  async function freshCookie(email: string): Promise<string> {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: 'password-123' },
    });
    return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  }

  /** A key with every scope a merchant could give it: membership must still need a session. */
  async function merchantApiKey(who: Who): Promise<string> {
    const actor = {
      userId: who.userId,
      role: 'partner' as const,
      email: who.email,
      displayName: 'x',
      via: 'session' as const,
    };
    return (
      await h.services.accounts.createApiKey(actor, { name: 'test', scopes: ['stores:read', 'stores:write'] })
    ).key;
  }
});
