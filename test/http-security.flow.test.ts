/**
 * The HTTP security layer on the real app: CSRF on a real body-less route (cancel), input
 * hygiene on several routes, Fastify's own errors in the envelope, the security headers,
 * escaped ILIKE searches, and iCalendar URLs that a client cannot redirect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUserWith } from '../src/modules/promotions';
import { createShop, type Shop } from './support/checkout-fixtures';
import { shopper } from './support/checkout-helpers';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from './support/harness';

const draft = (slug: string, over: Record<string, unknown> = {}) => ({
  slug,
  kind: 'tech_summit',
  audiences: ['developers'],
  title: { 'zh-CN': '云栖大会', 'en-US': 'Apsara Conference' },
  summary: { 'zh-CN': '', 'en-US': '' },
  organizer: { name: 'Carnival' },
  timezone: 'Asia/Shanghai',
  startsAt: '2026-11-10T09:00:00+08:00',
  endsAt: '2026-11-12T18:00:00+08:00',
  phases: [
    {
      key: 'main',
      name: { 'zh-CN': '主论坛', 'en-US': 'Main forum' },
      startsAt: '2026-11-10T09:00:00+08:00',
      endsAt: '2026-11-12T18:00:00+08:00',
    },
  ],
  ...over,
});

describe.each(testDatabaseTargets())('HTTP security on $kind', (target) => {
  let h: Harness;
  let op: { cookie: string; userId: string };
  let shop: Shop;

  beforeAll(async () => {
    h = await createHarness(await target.open());
    op = await h.signIn('operator');
    shop = await createShop(h.services, h.ctx.db, { now: h.clock.now() });
  }, 120_000);
  afterAll(() => h.close());

  const post = (url: string, cookie: string, payload: unknown, headers: Record<string, string> = {}) =>
    h.app.inject({ method: 'POST', url, headers: { cookie, ...headers }, payload: payload as object });

  describe('CSRF', () => {
    it('a text/plain form post cannot cancel an order; the same cancel as JSON can', async () => {
      h.clock.set(shop.liveAt);
      const alice = await h.signIn('consumer');
      const me = shopper(h.services, shop.campaignId, alice.userId);
      await me.put(shop.sku.a1, 1);
      const order = await me.checkout();
      const cancel = (headers: Record<string, string>, payload?: string) =>
        h.app.inject({
          method: 'POST',
          url: `/api/orders/${order.id}/cancel`,
          headers: { cookie: alice.cookie, 'idempotency-key': `csrf-cancel-${order.id}`, ...headers },
          payload,
        });

      const form = await cancel({ 'content-type': 'text/plain', origin: 'https://evil.test' }, 'a=b');
      expect(form.statusCode).toBe(415);
      expect(errorOf(form).code).toBe('UNSUPPORTED_MEDIA_TYPE');
      const sameOriginText = await cancel({ 'content-type': 'text/plain' }, '');
      expect(sameOriginText.statusCode).toBe(415);
      const crossJson = await cancel(
        { 'content-type': 'application/json', origin: 'https://evil.test', 'sec-fetch-site': 'cross-site' },
        '{}',
      );
      expect(crossJson.statusCode).toBe(403);
      expect(errorOf(crossJson).code).toBe('CSRF_REJECTED');
      expect((await h.services.orders.get(me.me, order.id)).status).toBe('created');

      // The SPA's own request (same origin) and curl (no Origin) work.
      const ok = await cancel(
        { 'content-type': 'application/json', origin: 'http://localhost:80', host: 'localhost:80' },
        '{}',
      );
      expect(ok.statusCode).toBe(200);
      expect(ok.json().order.status).toBe('closed');
    });

    it('logout is a state change too: a cross-site post leaves the session signed in', async () => {
      const bob = await h.signIn('consumer');
      const out = await post('/api/auth/logout', bob.cookie, undefined, {
        origin: 'https://evil.test',
        'sec-fetch-site': 'cross-site',
      });
      expect(out.statusCode).toBe(403);
      const me = await h.app.inject({ url: '/api/auth/me', headers: { cookie: bob.cookie } });
      expect(me.statusCode).toBe(200);
    });
  });

  describe('input hygiene', () => {
    it('refuses a NUL in the search query with 400 naming query.q (was a 500)', async () => {
      const res = await h.app.inject({ url: '/api/campaigns?q=%00abc' });
      expect(res.statusCode).toBe(400);
      expect(errorOf(res)).toMatchObject({ code: 'INVALID_CHARACTERS', details: { field: 'query.q' } });
      const users = await h.app.inject({ url: '/api/admin/users?q=a%00', headers: { cookie: op.cookie } });
      expect(users.statusCode).toBe(400);
      expect(errorOf(users).details?.field).toBe('query.q');
    });

    it('refuses a NUL or a lone surrogate anywhere in a nested body, naming its path', async () => {
      const nul = await post(
        '/api/campaigns',
        op.cookie,
        draft('nul-title', { title: { 'zh-CN': 'a\u0000b', 'en-US': 'x' } }),
      );
      expect(nul.statusCode).toBe(400);
      expect(errorOf(nul).details?.field).toBe('body.title.zh-CN');
      // A lone surrogate only exists as a JSON escape: send the raw text.
      const raw = JSON.stringify(draft('lone-surrogate')).replace('主论坛', '\\ud800');
      const lone = await h.app.inject({
        method: 'POST',
        url: '/api/campaigns',
        headers: { cookie: op.cookie, 'content-type': 'application/json' },
        payload: raw,
      });
      expect(lone.statusCode).toBe(400);
      expect(errorOf(lone)).toMatchObject({
        code: 'INVALID_CHARACTERS',
        details: { field: 'body.phases.0.name.zh-CN' },
      });
      const key = await post('/api/campaigns', op.cookie, { ...draft('bad-key'), 'x\u0000': 1 });
      expect(key.statusCode).toBe(400);
      expect(errorOf(key).details?.field).toBe('body.x\\u0000');
      // Nothing was written.
      const found = await h.app.inject({ url: '/api/campaigns/nul-title', headers: { cookie: op.cookie } });
      expect(found.statusCode).toBe(404);
      // A paired surrogate (an emoji) is ordinary text.
      const emoji = await post(
        '/api/campaigns',
        op.cookie,
        draft('emoji', { organizer: { name: 'Carnival 🎪' } }),
      );
      expect(emoji.statusCode).toBe(201);
    });

    it('refuses a NUL in a path parameter', async () => {
      const res = await h.app.inject({ url: '/api/campaigns/ab%00c', headers: { cookie: op.cookie } });
      expect(res.statusCode).toBe(400);
      expect(errorOf(res).details?.field).toBe('params.id');
      const grant = await post(
        `/api/campaigns/${shop.campaignId}/allowance-grants`,
        op.cookie,
        {
          email: 'x@test.local',
          amount: 100,
          reason: 'r\u0000',
        },
        { 'idempotency-key': 'k-nul' },
      );
      expect(grant.statusCode).toBe(400);
      expect(errorOf(grant).details?.field).toBe('body.reason');
    });
  });

  describe("Fastify's own errors use the envelope", () => {
    it('a malformed URL is 400 BAD_URL', async () => {
      const res = await h.app.inject({ url: '/api/campaigns/%E0%A4%A' });
      expect(res.statusCode).toBe(400);
      expect(errorOf(res)).toMatchObject({ code: 'BAD_URL', details: { field: 'url' } });
    });

    it('an over-long path parameter is 414 URI_TOO_LONG', async () => {
      const res = await h.app.inject({ url: `/api/campaigns/${'a'.repeat(150)}` });
      expect(res.statusCode).toBe(414);
      expect(errorOf(res)).toMatchObject({ code: 'URI_TOO_LONG', details: { field: 'url' } });
    });

    it('a JSON array or string where an object is expected names the body', async () => {
      for (const payload of ['[]', '"text"', '42']) {
        const res = await h.app.inject({
          method: 'POST',
          url: '/api/campaigns',
          headers: { cookie: op.cookie, 'content-type': 'application/json' },
          payload,
        });
        expect(res.statusCode).toBe(400);
        expect(errorOf(res)).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'body' } });
      }
    });

    it('a body over the limit is 413 and bad JSON is 400, both naming the body', async () => {
      const big = await h.app.inject({
        method: 'POST',
        url: '/api/campaigns',
        headers: { cookie: op.cookie, 'content-type': 'application/json' },
        payload: `{"x":"${'a'.repeat(1_100_000)}"}`,
      });
      expect(big.statusCode).toBe(413);
      expect(errorOf(big)).toMatchObject({ code: 'BODY_TOO_LARGE', details: { field: 'body' } });
      const bad = await h.app.inject({
        method: 'POST',
        url: '/api/campaigns',
        headers: { cookie: op.cookie, 'content-type': 'application/json' },
        payload: '{"x":',
      });
      expect(errorOf(bad)).toMatchObject({ code: 'BAD_JSON', details: { field: 'body' } });
    });
  });

  describe('security headers', () => {
    it('sends the CSP, nosniff, frame and referrer rules, and no HSTS over plain HTTP', async () => {
      const res = await h.app.inject({ url: '/api/campaigns' });
      const csp = String(res.headers['content-security-policy']);
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: https:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ])
        expect(csp).toContain(directive);
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['strict-transport-security']).toBeUndefined();
      // Errors carry them too.
      const err = await h.app.inject({ url: '/api/campaigns/%E0%A4%A' });
      expect(err.headers['x-content-type-options']).toBe('nosniff');
    });

    it('marks JSON for a signed-in caller no-store, and leaves anonymous public JSON cacheable', async () => {
      const mine = await h.app.inject({ url: '/api/auth/me', headers: { cookie: op.cookie } });
      expect(mine.statusCode).toBe(200);
      expect(mine.headers['cache-control']).toBe('no-store');
      const list = await h.app.inject({ url: '/api/campaigns', headers: { cookie: op.cookie } });
      expect(list.headers['cache-control']).toBe('no-store');
      const anonymous = await h.app.inject({ url: '/api/campaigns' });
      expect(anonymous.headers['cache-control']).toBeUndefined();
    });
  });

  describe('LIKE searches match % and _ literally', () => {
    it('in the admin user search', async () => {
      const tag = Math.random().toString(36).slice(2, 8);
      await h.services.accounts.createUser({
        email: `under_${tag}@test.local`,
        password: 'password-123',
        displayName: `100% ${tag}`,
        role: 'consumer',
      });
      await h.services.accounts.createUser({
        email: `underX${tag}@test.local`,
        password: 'password-123',
        displayName: `1000 ${tag}`,
        role: 'consumer',
      });
      const search = async (q: string) => {
        const res = await h.app.inject({
          url: `/api/admin/users?q=${encodeURIComponent(q)}`,
          headers: { cookie: op.cookie },
        });
        expect(res.statusCode).toBe(200);
        return (res.json().items as { email: string }[]).map((u) => u.email).sort();
      };
      expect(await search(`under_${tag}`)).toEqual([`under_${tag}@test.local`]);
      expect(await search(`100% ${tag}`)).toEqual([`under_${tag}@test.local`]);
      expect(await search(`%${tag}`)).toEqual([]);
      expect(await search(`under${tag}`)).toEqual([]);
    });

    it('in the grant-by-email lookup, which a crowd of wildcard matches no longer hides', async () => {
      const tag = Math.random().toString(36).slice(2, 8);
      const target = await h.services.accounts.createUser({
        email: `g_${tag}@test.local`,
        password: 'password-123',
        displayName: 'target',
        role: 'consumer',
      });
      // Newer users whose e-mails match `g_tag` with `_` as a wildcard come first in the
      // unescaped search and push the real one past the lookup's page of 20.
      // (Inserted directly: hashing 21 passwords would only slow the test.)
      for (let i = 0; i < 21; i++) {
        h.clock.advance(1000);
        await h.ctx.db
          .insertInto('users')
          .values({
            id: `usr_crowd${i}${tag}`,
            email: `c${i}gx${tag}@test.local`,
            display_name: 'crowd',
            role: 'consumer',
            password_hash: 'not-a-hash',
            locale: 'zh-CN',
            must_change_password: false,
            created_at: h.clock.now(),
          })
          .execute();
      }
      const found = await findUserWith(h.services.accounts)({ email: `g_${tag}@test.local` });
      expect(found?.id).toBe(target.id);
    });
  });

  describe('iCalendar', () => {
    it('ignores X-Forwarded-Host from a client that is not a trusted proxy', async () => {
      const made = await post('/api/campaigns', op.cookie, draft('ical-host'));
      expect(made.statusCode).toBe(201);
      const ics = await h.app.inject({
        url: `/api/campaigns/${made.json().campaign.id}/ical`,
        headers: {
          cookie: op.cookie,
          host: 'carnival.local:3000',
          'x-forwarded-host': 'evil.test',
          'x-forwarded-proto': 'https',
        },
      });
      expect(ics.statusCode).toBe(200);
      expect(ics.body).toContain('URL:http://carnival.local:3000/events/ical-host');
      expect(ics.body).not.toContain('evil.test');
    });

    it('a CR or LF in a title or organizer cannot start a property of its own', async () => {
      const made = await post(
        '/api/campaigns',
        op.cookie,
        draft('ical-inject', {
          title: { 'zh-CN': 'A\rATTENDEE:mailto:x@evil.test', 'en-US': 'B\r\nX-EVIL:1' },
          organizer: { name: 'Org\r\nX-EVIL:2;CN=x' },
        }),
      );
      expect(made.statusCode).toBe(201);
      const ics = await h.app.inject({
        url: `/api/campaigns/${made.json().campaign.id}/ical?locale=zh-CN`,
        headers: { cookie: op.cookie },
      });
      const lines = ics.body.split('\r\n');
      expect(lines.some((l) => /^(ATTENDEE|X-EVIL)/.test(l))).toBe(false);
      expect(ics.body.replace(/\r\n/g, '')).not.toMatch(/\r|\n/);
      expect(ics.body).toContain('SUMMARY:A\\nATTENDEE:mailto:x@evil.test');
      expect(ics.body).toContain('ORGANIZER;CN="Org X-EVIL:2;CN=x":mailto:');
    });
  });
});

describe('with CARNIVAL_PUBLIC_URL and a trusted proxy', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(await testDatabaseTargets()[0]!.open(), undefined, {
      publicUrl: 'https://events.example.com/',
      trustProxy: '127.0.0.1',
    });
  }, 120_000);
  afterAll(() => h.close());

  it('writes the public URL into iCalendar exports whatever the request names, and sends HSTS', async () => {
    const op = await h.signIn('operator');
    const made = await h.app.inject({
      method: 'POST',
      url: '/api/campaigns',
      headers: { cookie: op.cookie, origin: 'https://events.example.com' },
      payload: draft('public-url'),
    });
    expect(made.statusCode).toBe(201);
    const ics = await h.app.inject({
      url: `/api/campaigns/${made.json().campaign.id}/ical`,
      headers: { cookie: op.cookie, host: 'internal:3000', 'x-forwarded-host': 'evil.test' },
    });
    expect(ics.body).toContain('URL:https://events.example.com/events/public-url');
    expect(ics.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(String(ics.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
  });
});
