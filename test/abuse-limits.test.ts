import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { couponDraft, makeCampaign } from '../src/modules/promotions/test-helpers';
import { createMemoryKv } from '../src/platform/kv';
import { createHarness, errorOf, type Harness } from './support/harness';
import { withOutage } from './support/kv-outage';
import { expectRateLimited, pglite } from './support/limit-asserts';

type User = Awaited<ReturnType<Harness['signIn']>>;

/**
 * The named abuse limits over HTTP (issue 7, point 5), with small numbers so a test reaches
 * them: sign-up per IP, coupon claims per customer and per IP, wrong code guesses per customer.
 * The counters are the KV's; their Redis behaviour is the store's contract suite.
 */
describe('abuse limits', () => {
  let h: Harness;
  let outage: (down: boolean) => void;
  let op: User;
  let campaignId: string;
  let seq = 0;
  const key = () => `limits-${++seq}`;

  beforeAll(async () => {
    h = await createHarness(await pglite(), '2026-11-01T00:00:00Z', {
      limits: {
        signupPerIp: { max: 2, windowSeconds: 3600 },
        couponClaimPerCustomer: { max: 3, windowSeconds: 60 },
        couponClaimPerIp: { max: 4, windowSeconds: 60 },
        codeGuessPerCustomer: { max: 3, windowSeconds: 3600 },
      },
      kv: (clock) => {
        const o = withOutage(createMemoryKv({ prefix: 'test:', clock }));
        outage = o.setDown;
        return o.kv;
      },
    });
    op = await h.signIn('operator');
    campaignId = await makeCampaign(h, op.userId, 'limits');
  });
  afterAll(() => h.close());

  const post = (url: string, user: User | null, payload?: object, ip = '127.0.0.1') =>
    h.app.inject({
      method: 'POST',
      url,
      remoteAddress: ip,
      headers: { ...(user ? { cookie: user.cookie } : {}), 'idempotency-key': key() },
      ...(payload ? { payload } : {}),
    });
  const signup = (email: string, ip: string) =>
    post('/api/auth/signup', null, { email, password: 'long enough 123', displayName: 'x' }, ip);

  describe('sign-up per IP', () => {
    it('allows 2 sign-ups an hour from one address, refuses the 3rd with 429, and not other addresses', async () => {
      expect((await signup('s1@limits.test', '192.0.2.10')).statusCode).toBe(201);
      expect((await signup('s2@limits.test', '192.0.2.10')).statusCode).toBe(201);
      const refused = await signup('s3@limits.test', '192.0.2.10');
      expect(expectRateLimited(refused, 2, 'signupPerIp')).toBeGreaterThan(60);
      const row = await h.ctx.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 's3@limits.test')
        .executeTakeFirst();
      expect(row).toBeUndefined();
      expect((await signup('s3@limits.test', '192.0.2.11')).statusCode).toBe(201);
      h.clock.advance(3_601_000);
      expect((await signup('s4@limits.test', '192.0.2.10')).statusCode).toBe(201);
    }, 120_000); // four argon2 hashes and zxcvbn checks on a loaded 2-core runner

    it('fails closed when the KV is unavailable: 503 with Retry-After, while other writes are served', async () => {
      outage(true);
      try {
        const res = await signup('s5@limits.test', '192.0.2.12');
        expect(res.statusCode).toBe(503);
        expect(errorOf(res).code).toBe('KV_UNAVAILABLE');
        expect(res.headers['retry-after']).toBeDefined();
        const logout = await h.app.inject({
          method: 'POST',
          url: '/api/auth/logout',
          remoteAddress: '192.0.2.12',
        });
        expect(logout.statusCode).toBe(204);
      } finally {
        outage(false);
      }
    });
  });

  describe('coupon claims', () => {
    it('counts every claim per customer (refusals too) and per IP across customers', async () => {
      const coupon = (
        await post('/api/coupons', op, couponDraft({ campaignId, perCustomerLimit: 1, totalQuantity: 1000 }))
      ).json().coupon;
      const [alice, bob, carol] = [
        await h.signIn('consumer'),
        await h.signIn('consumer'),
        await h.signIn('consumer'),
      ];
      const claim = (u: User, ip: string) => post(`/api/coupons/${coupon.id}/claim`, u, undefined, ip);
      const ip = '192.0.2.20';
      expect((await claim(alice!, ip)).statusCode).toBe(201);
      expect(errorOf(await claim(alice!, ip)).code).toBe('CLAIM_LIMIT_REACHED');
      expect(errorOf(await claim(alice!, ip)).code).toBe('CLAIM_LIMIT_REACHED');
      expectRateLimited(await claim(alice!, ip), 3, 'couponClaimPerCustomer');
      // The address has made 3 counted claims; bob's first is its 4th, his second its 5th.
      expect((await claim(bob!, ip)).statusCode).toBe(201);
      expectRateLimited(await claim(bob!, ip), 4, 'couponClaimPerIp');
      expect((await claim(carol!, '192.0.2.21')).statusCode).toBe(201);
      h.clock.advance(61_000);
      expect(errorOf(await claim(alice!, ip)).code).toBe('CLAIM_LIMIT_REACHED');
    });
  });

  describe('redemption-code guesses', () => {
    let codes: string[];
    beforeAll(async () => {
      const coupon = (
        await post('/api/coupons', op, couponDraft({ campaignId, perCustomerLimit: 10, totalQuantity: 1000 }))
      ).json().coupon;
      const res = await post(`/api/coupons/${coupon.id}/codes`, op, { count: 5 });
      codes = res.json().codes;
    });
    const redeem = (u: User, code: string) => post('/api/coupon-codes/redeem', u, { code });

    it('counts only failures: good codes are free, the 4th wrong guess in an hour is 429', async () => {
      const dave = await h.signIn('consumer');
      expect((await redeem(dave, codes[0]!)).statusCode).toBe(201);
      expect((await redeem(dave, codes[1]!)).statusCode).toBe(201);
      expect((await redeem(dave, 'ZZZZ-ZZZZ-ZZZ1')).statusCode).toBe(404);
      expect(errorOf(await redeem(dave, codes[0]!)).code).toBe('CODE_ALREADY_REDEEMED');
      expect((await redeem(dave, 'ZZZZ-ZZZZ-ZZZ2')).statusCode).toBe(404);
      // Three failures: even a good code is refused until the hour is over.
      expectRateLimited(await redeem(dave, codes[2]!), 3, 'codeGuessPerCustomer');
      h.clock.advance(3_601_000);
      expect((await redeem(dave, codes[2]!)).statusCode).toBe(201);
    });

    it('holds under concurrency: 12 parallel wrong guesses get 3 answers and 9 refusals', async () => {
      const eve = await h.signIn('consumer');
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => redeem(eve, `ZZZZ-ZZZZ-${String(i).padStart(4, 'Z')}`)),
      );
      const statuses = results.map((r) => r.statusCode).sort();
      expect(statuses.filter((s) => s === 404)).toHaveLength(3);
      expect(statuses.filter((s) => s === 429)).toHaveLength(9);
    });
  });
});
