/**
 * What a key is limited to beyond its scopes (issue 13, item 2): its rate per minute, with the
 * IETF RateLimit fields and 429 + Retry-After; the stores and campaigns it may touch (others are
 * 404, as for a stranger); and the usage its owner can read. In-process (memory KV, manual
 * clock); the rate across two processes sharing Redis is test/api-key-rate.redis.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productDraftSchema } from '../src/modules/catalog';
import { storeDraftSchema } from '../src/modules/merchants';
import { testDatabaseTargets } from '../src/platform/db/testing';
import { createMemoryKv } from '../src/platform/kv';
import { keyFor, userWithKey } from './support/api-keys';
import { createShop, type Shop } from './support/checkout-fixtures';
import { createHarness, errorOf, type Harness } from './support/harness';
import { withOutage } from './support/kv-outage';

const DEFAULT_RATE = 12;

describe('API key limits', () => {
  let h: Harness;
  let shop: Shop;

  beforeAll(async () => {
    h = await createHarness(await testDatabaseTargets()[0]!.open(), undefined, {
      limits: { apiKeyPerMinute: DEFAULT_RATE, apiKeyMaxPerMinute: 50 },
    });
    shop = await createShop(h.services, h.ctx.db, { now: h.clock.now() });
  });
  afterAll(() => h.close());

  const get = (url: string, headers: Record<string, string>) => h.app.inject({ url, headers });

  describe('rate per minute', () => {
    it('counts every call of a key, says so in RateLimit fields, and answers 429 with Retry-After', async () => {
      const { bearer } = await userWithKey(h, 'partner', { scopes: ['campaigns:read'], ratePerMinute: 3 });
      for (const remaining of [2, 1, 0]) {
        const res = await get('/api/auth/me', bearer);
        expect(res.statusCode).toBe(200);
        expect(res.headers['ratelimit-policy']).toBe('"api-key";q=3;w=60');
        expect(res.headers.ratelimit).toBe(`"api-key";r=${remaining};t=60`);
      }
      const refused = await get('/api/auth/me', bearer);
      expect(refused.statusCode).toBe(429);
      expect(errorOf(refused)).toMatchObject({
        code: 'RATE_LIMITED',
        details: { limit: 3, windowSeconds: 60, name: 'api-key', retryAfterSeconds: 60 },
      });
      expect(refused.headers['retry-after']).toBe('60');
      expect(refused.headers.ratelimit).toBe('"api-key";r=0;t=60');
      // Calls refused for a scope count too: the rate is the key's, whatever it asks for.
      h.clock.advance(20_000);
      expect((await get('/api/auth/me', bearer)).headers['retry-after']).toBe('40');
      h.clock.advance(41_000);
      const next = await get('/api/auth/me', bearer);
      expect(next.statusCode).toBe(200);
      expect(next.headers.ratelimit).toBe('"api-key";r=2;t=60');
    });

    it('gives a key without a rate the configured default, counts each key apart, and leaves sessions alone', async () => {
      const a = await userWithKey(h, 'partner', { scopes: ['campaigns:read'] });
      const b = await keyFor(h, { ...a, role: 'partner' }, { scopes: ['campaigns:read'] });
      for (let i = 0; i < DEFAULT_RATE; i++)
        expect((await get('/api/auth/me', a.bearer)).statusCode).toBe(200);
      expect((await get('/api/auth/me', a.bearer)).statusCode).toBe(429);
      const other = await get('/api/auth/me', b.bearer);
      expect(other.statusCode).toBe(200);
      expect(other.headers['ratelimit-policy']).toBe(`"api-key";q=${DEFAULT_RATE};w=60`);
      const session = await get('/api/auth/me', { cookie: a.cookie });
      expect(session.statusCode).toBe(200);
      expect(session.headers['ratelimit-policy']).toBeUndefined();
    });

    it('lets only operators give a key more than the default', async () => {
      const mint = (cookie: string, ratePerMinute: number) =>
        h.app.inject({
          method: 'POST',
          url: '/api/auth/api-keys',
          headers: { cookie },
          payload: { name: 'fast', scopes: ['orders:read'], ratePerMinute },
        });
      const partner = await h.signIn('partner');
      const tooFast = await mint(partner.cookie, DEFAULT_RATE + 1);
      expect(tooFast.statusCode).toBe(403);
      expect(errorOf(tooFast).details).toMatchObject({ field: 'ratePerMinute', max: DEFAULT_RATE });
      expect((await mint(partner.cookie, DEFAULT_RATE)).statusCode).toBe(201);
      const operator = await h.signIn('operator');
      expect((await mint(operator.cookie, 50)).statusCode).toBe(201);
      expect((await mint(operator.cookie, 51)).statusCode).toBe(403);
    });
  });

  describe('creating keys', () => {
    it('takes scopes from the closed list only, at least one, and shows the grant', async () => {
      const partner = await h.signIn('partner');
      const mint = (payload: object) =>
        h.app.inject({
          method: 'POST',
          url: '/api/auth/api-keys',
          headers: { cookie: partner.cookie },
          payload,
        });
      const unknown = await mint({ name: 'x', scopes: ['orders:read', 'orders:everything'] });
      expect(unknown.statusCode).toBe(400);
      expect(errorOf(unknown).details?.field).toBe('scopes.1');
      expect(errorOf(await mint({ name: 'x', scopes: [] })).details?.field).toBe('scopes');
      expect(errorOf(await mint({ name: 'x' })).details?.field).toBe('scopes');
      const made = await mint({ name: 'x', scopes: ['orders:read', 'campaigns:read'], storeIds: ['str_1'] });
      expect(made.statusCode).toBe(201);
      expect(made.json().info).toMatchObject({
        scopes: ['campaigns:read', 'orders:read'],
        storeIds: ['str_1'],
        campaignIds: null,
        ratePerMinute: null,
      });
    });

    it('lets merchants hold keys for their own store tools', async () => {
      const merchant = await h.signIn('merchant');
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/auth/api-keys',
        headers: { cookie: merchant.cookie },
        payload: { name: 'erp', scopes: ['catalog:write'] },
      });
      expect(res.statusCode).toBe(201);
    });
  });

  describe('stores and campaigns a key is limited to', () => {
    it('treats other stores as a stranger would (404), directly, through their objects and in lists', async () => {
      const merchant = { ...shop.merchantA, role: 'merchant' as const };
      const second = await h.services.merchants.create(
        shop.merchantA,
        storeDraftSchema.parse({ name: '第二家店', mainCategory: 'apparel.women', region: '浙江杭州' }),
      );
      const limited = await keyFor(h, merchant, {
        scopes: ['stores:read', 'catalog:read', 'catalog:write', 'orders:read'],
        storeIds: [shop.storeA],
      });
      const full = await keyFor(h, merchant, { scopes: ['stores:read', 'catalog:read'] });
      expect((await get(`/api/stores/${shop.storeA}`, limited.bearer)).statusCode).toBe(200);
      const other = await get(`/api/stores/${second.id}`, limited.bearer);
      expect(other.statusCode).toBe(404);
      expect(errorOf(other).code).toBe('NOT_FOUND');
      expect((await get(`/api/stores/${second.id}`, full.bearer)).statusCode).toBe(200);
      // A product of the other store: 404 through the store access rule.
      const product = await h.services.catalog.createProduct(
        shop.merchantA,
        second.id,
        productDraftSchema.parse({
          title: '围巾',
          category: 'apparel.women',
          skus: [{ attributes: { 款: '1' }, price: 100, stock: 1 }],
        }),
      );
      expect((await get(`/api/products/${product.id}`, limited.bearer)).statusCode).toBe(404);
      expect((await get(`/api/products/${product.id}`, full.bearer)).statusCode).toBe(200);
      const stock = await h.app.inject({
        method: 'POST',
        url: `/api/skus/${product.skus[0]!.id}/stock`,
        headers: { ...limited.bearer, 'idempotency-key': 'limited-stock-1' },
        payload: { delta: 5, reason: 'restock' },
      });
      expect(stock.statusCode).toBe(404);
      // Lists: the stores, and a storeId in the query.
      const stores = (await get('/api/stores', limited.bearer)).json().items as { id: string }[];
      expect(stores.map((s) => s.id)).toEqual([shop.storeA]);
      expect(((await get('/api/stores', full.bearer)).json().items as unknown[]).length).toBe(2);
      expect((await get(`/api/merchant/orders?storeId=${second.id}`, limited.bearer)).statusCode).toBe(404);
    });

    it('treats other campaigns as missing (404) in paths and queries', async () => {
      const { bearer } = await userWithKey(h, 'partner', {
        scopes: ['campaigns:read', 'enrollment:read'],
        campaignIds: ['cmp_other'],
      });
      const unlimited = await userWithKey(h, 'partner', { scopes: ['campaigns:read'] });
      expect((await get(`/api/campaigns/${shop.campaignId}`, unlimited.bearer)).statusCode).toBe(200);
      expect((await get(`/api/campaigns/${shop.campaignId}`, bearer)).statusCode).toBe(404);
      expect((await get(`/api/campaigns/${shop.campaignId}/venue`, bearer)).statusCode).toBe(404);
      expect((await get(`/api/campaigns/${shop.campaignId}/enrollment-rules`, bearer)).statusCode).toBe(404);
      const merchantKey = await keyFor(
        h,
        { ...shop.merchantA, role: 'merchant' },
        { scopes: ['enrollment:read'], campaignIds: ['cmp_other'] },
      );
      const listed = await get(`/api/enrollments?campaignId=${shop.campaignId}`, merchantKey.bearer);
      expect(errorOf(listed)).toMatchObject({ code: 'NOT_FOUND', details: { id: shop.campaignId } });
    });
  });

  describe('usage', () => {
    it('shows the owner requests per day and route, 4xx/5xx and the last use; nobody else', async () => {
      const partner = await userWithKey(h, 'partner', { scopes: ['campaigns:read'] });
      await get('/api/auth/me', partner.bearer);
      await get('/api/auth/me', partner.bearer);
      await get(`/api/campaigns/${shop.campaignId}`, partner.bearer);
      expect((await get('/api/orders', partner.bearer)).statusCode).toBe(403);
      expect((await get('/api/no-such-route', partner.bearer)).statusCode).toBe(404);
      await new Promise((resolve) => setTimeout(resolve, 50)); // counted after each answer is sent
      const res = await get(`/api/keys/${partner.keyId}/usage`, { cookie: partner.cookie });
      expect(res.statusCode).toBe(200);
      const usage = res.json();
      expect(usage).toMatchObject({
        keyId: partner.keyId,
        lastUsedAt: h.clock.now().toISOString(),
        ratePerMinute: DEFAULT_RATE,
        totals: { requests: 5, clientErrors: 2, serverErrors: 0 },
      });
      expect(usage.days).toHaveLength(7);
      expect(usage.days[0]).toMatchObject({ date: h.clock.now().toISOString().slice(0, 10), requests: 5 });
      expect(usage.days[0].routes).toEqual(
        expect.arrayContaining([
          { route: 'GET /api/auth/me', requests: 2 },
          { route: 'GET /api/campaigns/:id', requests: 1 },
          { route: 'GET /api/orders', requests: 1 },
        ]),
      );
      expect(usage.days[0].routes[0]).toEqual({ route: 'GET /api/auth/me', requests: 2 });
      // The next day starts a new bucket; the old one stays in the 7-day window.
      h.clock.advance(24 * 3600 * 1000);
      await get('/api/auth/me', partner.bearer);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const later = (await get(`/api/keys/${partner.keyId}/usage`, { cookie: partner.cookie })).json();
      expect(later.days.slice(0, 2).map((d: { requests: number }) => d.requests)).toEqual([1, 5]);

      const stranger = await h.signIn('partner');
      expect((await get(`/api/keys/${partner.keyId}/usage`, { cookie: stranger.cookie })).statusCode).toBe(
        404,
      );
      const byKey = await get(`/api/keys/${partner.keyId}/usage`, partner.bearer);
      expect(errorOf(byKey).code).toBe('SESSION_REQUIRED');
    });

    it('writes last_used_at at most once a minute', async () => {
      const partner = await userWithKey(h, 'partner', { scopes: ['campaigns:read'], ratePerMinute: 5 });
      const lastUsed = async () =>
        (
          await h.services.accounts.getOwnApiKey(
            { ...partner, role: 'partner', email: '', displayName: '', via: 'session' },
            partner.keyId,
          )
        ).lastUsedAt;
      await get('/api/auth/me', partner.bearer);
      const first = await lastUsed();
      h.clock.advance(30_000);
      await get('/api/auth/me', partner.bearer);
      expect(await lastUsed()).toBe(first);
      h.clock.advance(31_000);
      await get('/api/auth/me', partner.bearer);
      expect(await lastUsed()).toBe(h.clock.now().toISOString());
    });
  });
});

describe('API keys with the KV down', () => {
  let h: Harness;
  let outage: ReturnType<typeof withOutage>;

  beforeAll(async () => {
    h = await createHarness(await testDatabaseTargets()[0]!.open(), undefined, {
      limits: { apiKeyPerMinute: 2 },
      kv: (clock) => {
        outage = withOutage(createMemoryKv({ prefix: 'test:', clock }));
        return outage.kv;
      },
    });
  });
  afterAll(() => h.close());

  it('serves keys without the rate (no RateLimit fields) and without counting usage, then limits again', async () => {
    const partner = await userWithKey(h, 'partner', { scopes: ['campaigns:read'] });
    outage.setDown(true);
    for (let i = 0; i < 4; i++) {
      const res = await h.app.inject({ url: '/api/auth/me', headers: partner.bearer });
      expect(res.statusCode).toBe(200);
      expect(res.headers['ratelimit-policy']).toBeUndefined();
    }
    outage.setDown(false);
    await h.app.inject({ url: '/api/auth/me', headers: partner.bearer });
    expect((await h.app.inject({ url: '/api/auth/me', headers: partner.bearer })).statusCode).toBe(200);
    expect((await h.app.inject({ url: '/api/auth/me', headers: partner.bearer })).statusCode).toBe(429);
  });
});
