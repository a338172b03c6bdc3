import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisKv } from '../src/platform/kv';
import { deleteByPrefix, TEST_RUN_PREFIX } from '../src/platform/kv/testing';
import { createHarness, type Harness } from './support/harness';
import { expectRateLimited, pglite } from './support/limit-asserts';

const url = process.env.REDIS_URL;

/**
 * Two API processes (two apps, each with its own Redis connection) behind one load balancer
 * share one count per client: the limit holds however the requests are spread.
 */
describe.skipIf(!url)('rate limits shared across processes on Redis', () => {
  const prefix = `${TEST_RUN_PREFIX}shared-limits:`;
  let a: Harness;
  let b: Harness;
  beforeAll(async () => {
    const options = {
      limits: { writesPerIp: { max: 3, windowSeconds: 60 }, signupPerIp: { max: 1, windowSeconds: 3600 } },
      kv: () => createRedisKv({ url: url!, prefix }),
    };
    a = await createHarness(await pglite(), '2026-11-01T00:00:00Z', options);
    b = await createHarness(await pglite(), '2026-11-01T00:00:00Z', options);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await deleteByPrefix(url!, prefix);
  });

  const logout = (h: Harness, ip: string) =>
    h.app.inject({ method: 'POST', url: '/api/auth/logout', remoteAddress: ip });

  it('counts one client once across both processes', async () => {
    const ip = '203.0.113.50';
    expect((await logout(a, ip)).statusCode).toBe(204);
    expect((await logout(b, ip)).statusCode).toBe(204);
    expect((await logout(a, ip)).statusCode).toBe(204);
    expectRateLimited(await logout(b, ip), 3, 'writes');
    expectRateLimited(await logout(a, ip), 3, 'writes');
  });

  it('a named limit too: one sign-up per hour per IP, whichever process answers', async () => {
    const ip = '203.0.113.51';
    const signup = (h: Harness, email: string) =>
      h.app.inject({
        method: 'POST',
        url: '/api/auth/signup',
        remoteAddress: ip,
        payload: { email, password: 'long enough 123', displayName: 'x' },
      });
    expect((await signup(a, 'redis1@limits.test')).statusCode).toBe(201);
    expectRateLimited(await signup(b, 'redis2@limits.test'), 1, 'signupPerIp');
  });
});
