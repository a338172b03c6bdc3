import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness';
import { withOutage } from '../../../test/support/kv-outage';
import { expectRateLimited, pglite } from '../../../test/support/limit-asserts';
import { createMemoryKv } from '../kv';

const logout = (h: Harness, headers: Record<string, string> = {}, remoteAddress?: string) =>
  h.app.inject({ method: 'POST', url: '/api/auth/logout', headers, remoteAddress });

describe('the default write limit', () => {
  let h: Harness;
  const outage = { setDown: (_: boolean) => {} };
  beforeAll(async () => {
    h = await createHarness(await pglite(), '2026-11-01T00:00:00Z', {
      limits: { writesPerIp: { max: 3, windowSeconds: 60 }, writesPerActor: { max: 5, windowSeconds: 60 } },
      kv: (clock) => {
        const o = withOutage(createMemoryKv({ prefix: 'test:', clock }));
        outage.setDown = o.setDown;
        return o.kv;
      },
    });
  });
  afterAll(() => h.close());

  it('refuses an anonymous IP its 4th write in a minute with 429, Retry-After and the envelope', async () => {
    const ip = '203.0.113.1';
    for (let i = 0; i < 3; i++) expect((await logout(h, {}, ip)).statusCode).toBe(204);
    const refused = await logout(h, {}, ip);
    const retryAfter = expectRateLimited(refused, 3, 'writes');
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another address has its own allowance.
    expect((await logout(h, {}, '203.0.113.2')).statusCode).toBe(204);
    // The window ends: served again.
    h.clock.advance(61_000);
    expect((await logout(h, {}, ip)).statusCode).toBe(204);
  });

  it('never counts reads', async () => {
    const ip = '203.0.113.3';
    for (let i = 0; i < 10; i++)
      expect((await h.app.inject({ url: '/healthz', remoteAddress: ip })).statusCode).toBe(200);
    expect((await logout(h, {}, ip)).statusCode).toBe(204);
  });

  it('counts a signed-in user as themself, across addresses, with the actor allowance', async () => {
    const a = await h.signIn('consumer');
    const b = await h.signIn('consumer');
    const write = (cookie: string, ip: string) =>
      h.app.inject({
        method: 'PUT',
        url: '/api/cart/items',
        headers: { cookie },
        payload: {},
        remoteAddress: ip,
      });
    // Five writes of user a from five addresses (the body is wrong on purpose: it still counts).
    for (let i = 0; i < 5; i++) expect((await write(a.cookie, `198.51.100.${i}`)).statusCode).not.toBe(429);
    expectRateLimited(await write(a.cookie, '198.51.100.9'), 5, 'writes');
    // User b on the same address as a's last attempt is unaffected.
    expect((await write(b.cookie, '198.51.100.9')).statusCode).not.toBe(429);
  });

  it('degrades open when the KV is unavailable: writes are served', async () => {
    const ip = '203.0.113.4';
    outage.setDown(true);
    try {
      for (let i = 0; i < 5; i++) expect((await logout(h, {}, ip)).statusCode).toBe(204);
    } finally {
      outage.setDown(false);
    }
  });
});
