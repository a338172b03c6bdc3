import fastifyCookie from '@fastify/cookie';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { currentRequestContext, installRequestContext } from '../../platform/request-context';
import { installActorResolution } from './auth-hook';

describe('the actor resolution hook', () => {
  let h: Harness;
  const probe = Fastify();
  beforeAll(async () => {
    h = await createHarness(await testDatabaseTargets()[0]!.open());
    await probe.register(fastifyCookie);
    installRequestContext(probe);
    installActorResolution(probe, h.services.accounts);
    probe.get('/probe', async (request) => ({
      actor: request.actor,
      context: { ...currentRequestContext() },
    }));
    await probe.ready();
  });
  afterAll(async () => {
    await probe.close();
    await h.close();
  });

  it('puts the session id on the actor and into the request context', async () => {
    const user = await h.signIn('partner');
    const res = (await probe.inject({ url: '/probe', headers: { cookie: user.cookie } })).json();
    expect(res.actor).toMatchObject({
      userId: user.userId,
      via: 'session',
      credentialId: expect.stringMatching(/^ses_/),
    });
    expect(res.context).toMatchObject({ credentialId: res.actor.credentialId, credentialKind: 'session' });
  });

  it('puts the API key id there for bearer requests, and nothing for anonymous ones', async () => {
    const user = await h.signIn('partner');
    const created = await h.app.inject({
      method: 'POST',
      url: '/api/auth/api-keys',
      headers: { cookie: user.cookie },
      payload: { name: 'probe', scopes: ['orders:read'] },
    });
    const { key, info } = created.json();
    const res = (await probe.inject({ url: '/probe', headers: { authorization: `Bearer ${key}` } })).json();
    expect(res.actor).toMatchObject({ via: 'api_key', credentialId: info.id });
    expect(res.context).toMatchObject({ credentialId: info.id, credentialKind: 'api_key' });
    const anonymous = (await probe.inject({ url: '/probe' })).json();
    expect(anonymous.context).toMatchObject({ credentialId: null, credentialKind: null });
  });

  it('leaves the probes alone: /healthz answers with a cookie even when sessions cannot be read', async () => {
    const broken = Fastify();
    await broken.register(fastifyCookie);
    installActorResolution(broken, {
      ...h.services.accounts,
      authenticateSession: () => Promise.reject(new Error('database down')),
    });
    broken.get('/healthz', async () => ({ status: 'ok' }));
    broken.get('/other', async () => ({ status: 'ok' }));
    const cookie = 'carnival_session=whatever';
    expect((await broken.inject({ url: '/healthz', headers: { cookie } })).statusCode).toBe(200);
    expect((await broken.inject({ url: '/other', headers: { cookie } })).statusCode).toBe(500);
    await broken.close();
  });
});
