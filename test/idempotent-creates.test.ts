/**
 * Issue 13, item 5: every POST a partner's key may call that creates something takes
 * Idempotency-Key. These routes created a second campaign, store, product... on a retry; now
 * (config.idempotent, platform/http/idempotent-route.ts) a retry under the same key gets the
 * first answer's bytes, flagged `idempotent-replayed`, and nothing new is created. Calls go
 * through API keys, as a partner's would. Routes that move money or stock had it already.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPE_NAMES } from '../src/platform/auth';
import { testDatabaseTargets } from '../src/platform/db/testing';
import { keyFor } from './support/api-keys';
import { createShop, type Shop } from './support/checkout-fixtures';
import { createHarness, errorOf, type Harness } from './support/harness';

/** The routes that gained it; the document must list exactly these as idempotent creations. */
const CREATES = [
  'POST /api/campaigns',
  'POST /api/series',
  'POST /api/series/{id}/spawn',
  'POST /api/stores',
  'POST /api/stores/{id}/products',
  'POST /api/products/{id}/skus',
  'POST /api/coupons',
  'POST /api/campaigns/{id}/enrollments',
  'POST /api/enrollments/{id}/nominations',
  'POST /api/nominations/{id}/price-drops',
  'POST /api/admin/charities',
  'POST /api/admin/charity-projects',
  'POST /api/admin/charity-projects/{id}/updates',
  'POST /api/me/addresses',
  'POST /api/stores/{id}/trace-codes',
  'POST /api/trace/{code}/events',
  'POST /api/admin/campaign-presets/harvest-festival',
  'POST /api/events/{id}/ticket-holds',
  'POST /api/ticket-holds/{id}/checkout',
  'POST /api/ticket-types/{id}/waitlist',
  'POST /api/organizer/events/{id}/ticket-types',
  'POST /api/organizer/events/{id}/ticket-quotas',
  'POST /api/organizer/events/{id}/ticket-questions',
  'POST /api/organizer/events/{id}/ticket-vouchers',
  'POST /api/events/{eventId}/checkin-lists',
  // Not creations, but a retry must get the first answer, not a refusal (test/route-fuzz.test.ts
  // found them: a refund retried was told TICKET_NOT_VALID, a pause retried SLOT_STATE).
  'POST /api/tickets/{id}/cancel',
  'POST /api/tickets/{id}/transfer',
  'POST /api/organizer/tickets/{id}/cancel',
  'POST /api/flash-sales/{slotId}/pause',
  'POST /api/flash-sales/{slotId}/resume',
  'POST /api/organizer/events/{id}/tracks',
  'POST /api/organizer/events/{id}/rooms',
  'POST /api/organizer/events/{id}/speakers',
  'POST /api/organizer/events/{id}/sessions',
  'POST /api/organizer/events/{id}/schedule/versions',
  'POST /api/me/agenda-feed/token',
  'POST /api/sessions/{id}/seats',
  'POST /api/sessions/{id}/feedback',
  'POST /api/events/{id}/proposals',
  'POST /api/proposals/{id}/invites',
  'POST /api/proposals/{id}/confirm',
  'POST /api/organizer/events/{id}/cfp/reviewers',
];

describe('idempotent creations', () => {
  let h: Harness;
  let shop: Shop;
  let operator: Record<string, string>;
  let merchant: Record<string, string>;
  let n = 0;

  beforeAll(async () => {
    h = await createHarness(await testDatabaseTargets()[0]!.open());
    shop = await createShop(h.services, h.ctx.db, { now: h.clock.now() });
    const all = { scopes: [...SCOPE_NAMES] };
    operator = (await keyFor(h, { ...shop.operator, role: 'operator' }, all)).bearer;
    merchant = (await keyFor(h, { ...shop.merchantA, role: 'merchant' }, all)).bearer;
  });
  afterAll(() => h.close());

  const post = (url: string, auth: Record<string, string>, payload: object, key?: string) =>
    h.app.inject({
      method: 'POST',
      url,
      headers: { ...auth, ...(key ? { 'idempotency-key': key } : {}) },
      payload,
    });

  /** Sends the request twice under one key: one creation, one replay of the very same bytes. */
  async function onceUnderOneKey(url: string, auth: Record<string, string>, payload: object) {
    const key = `create-${++n}`;
    const first = await post(url, auth, payload, key);
    expect(first.statusCode, first.body).toBeLessThan(300);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await post(url, auth, payload, key);
    expect(again.statusCode).toBe(first.statusCode);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(first.body);
    return first.json();
  }

  const campaignDraft = (slug: string) => ({
    slug,
    kind: 'merchant_growth',
    organizer: { name: 'Carnival' },
    audiences: ['merchants'],
    title: { 'zh-CN': '商家大会', 'en-US': 'Merchant conference' },
    timezone: 'Asia/Shanghai',
    startsAt: '2026-12-01T09:00:00+08:00',
    endsAt: '2026-12-01T18:00:00+08:00',
  });

  it('lists these routes as idempotent creations in the OpenAPI document', async () => {
    const doc = (await h.app.inject({ url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    const marked = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op['x-carnival-idempotent'] === true)
        .map(([m]) => `${m.toUpperCase()} ${path}`),
    );
    expect(marked.sort()).toEqual([...CREATES].sort());
  });

  it('POST /api/campaigns: one campaign per key; without a key, a second', async () => {
    const body = await onceUnderOneKey('/api/campaigns', operator, campaignDraft('idem-conf'));
    const other = await post('/api/campaigns', operator, campaignDraft('idem-conf-2'));
    expect(other.statusCode).toBe(201);
    expect(other.json().campaign.id).not.toBe(body.campaign.id);
  });

  it('refuses another request under a used key (422 IDEMPOTENCY_KEY_REUSED), and keys are per user', async () => {
    await post('/api/campaigns', operator, campaignDraft('idem-reuse'), 'reused-key');
    const reused = await post('/api/campaigns', operator, campaignDraft('idem-reuse-b'), 'reused-key');
    expect(reused.statusCode).toBe(422);
    expect(errorOf(reused)).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      details: { field: 'Idempotency-Key' },
    });
    const store = { name: '同名店', mainCategory: 'apparel.women', region: '浙江杭州' };
    const mine = await post('/api/stores', merchant, store, 'shared-key');
    const otherMerchant = (
      await keyFor(h, { ...shop.merchantB, role: 'merchant' }, { scopes: ['stores:write'] })
    ).bearer;
    const theirs = await post('/api/stores', otherMerchant, store, 'shared-key');
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.json().store.id).not.toBe(mine.json().store.id);
  });

  it('POST /api/series and /api/series/:id/spawn', async () => {
    const { series } = await onceUnderOneKey('/api/series', operator, {
      slug: 'idem-series',
      name: { 'zh-CN': '年度大会', 'en-US': 'Yearly' },
      rrule: 'FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=1',
    });
    // No published edition to copy yet: the refusal is the answer, and it is replayed as well.
    const first = await post(`/api/series/${series.id}/spawn`, operator, {}, 'spawn-1');
    expect(errorOf(first).code).toBe('SERIES_EMPTY');
    const again = await post(`/api/series/${series.id}/spawn`, operator, {}, 'spawn-1');
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(first.body);
  });

  it('POST /api/stores, /api/stores/:id/products and /api/products/:id/skus', async () => {
    const { store } = await onceUnderOneKey('/api/stores', merchant, {
      name: '幂等小店',
      mainCategory: 'apparel.women',
      region: '浙江杭州',
    });
    const { product } = await onceUnderOneKey(`/api/stores/${shop.storeA}/products`, merchant, {
      title: '幂等大衣',
      category: 'apparel.women',
      skus: [{ attributes: { 款: '1' }, price: 1000, stock: 5 }],
    });
    await onceUnderOneKey(`/api/products/${product.id}/skus`, merchant, {
      attributes: { 款: '2' },
      price: 1200,
      stock: 3,
    });
    const products = (
      await h.app.inject({ url: `/api/stores/${shop.storeA}/products`, headers: merchant })
    ).json();
    expect(products.items.filter((p: { title: string }) => p.title === '幂等大衣')).toHaveLength(1);
    expect(store.id).toMatch(/^str_/);
  });

  it('POST /api/coupons', async () => {
    await onceUnderOneKey('/api/coupons', merchant, {
      scope: 'store',
      storeId: shop.storeA,
      promotion: { layer: 'store', type: 'percent_coupon', percent: 10, maxOff: 2000 },
      claimStartsAt: '2026-11-01T00:00:00+08:00',
      claimEndsAt: '2026-11-30T00:00:00+08:00',
      totalQuantity: 100,
    });
  });

  it('POST /api/me/addresses: one address per key', async () => {
    const shopper = await h.signIn('consumer');
    const consumer = (
      await keyFor(h, { ...shopper, role: 'consumer' }, { scopes: ['orders:read', 'orders:write'] })
    ).bearer;
    await onceUnderOneKey('/api/me/addresses', consumer, {
      name: '张三',
      phone: '13800138000',
      provinceCode: '11',
      cityCode: '1101',
      districtCode: '110105',
      detail: '建国路 88 号',
    });
    const list = (await h.app.inject({ url: '/api/me/addresses', headers: consumer })).json();
    expect(list.items).toHaveLength(1);
  });

  it('POST /api/campaigns/:id/enrollments, /api/enrollments/:id/nominations, /api/nominations/:id/price-drops', async () => {
    const { store } = (
      await post('/api/stores', merchant, { name: '新店', mainCategory: 'apparel.women', region: '浙江杭州' })
    ).json();
    const created = await h.services.catalog.createProduct(shop.merchantA, store.id, {
      title: '新品',
      category: 'apparel.women',
      imageUrls: [],
      skus: [{ attributes: { 款: '1' }, price: 10000, stock: 100 }],
    } as never);
    await h.services.merchants.setRating(shop.operator, store.id, 49, 'test');
    const enrolled = await onceUnderOneKey(`/api/campaigns/${shop.campaignId}/enrollments`, merchant, {
      storeId: store.id,
      commitments: ['x300'],
    });
    const enrollmentId = (enrolled.enrollment ?? enrolled).id as string;
    await onceUnderOneKey(`/api/enrollments/${enrollmentId}/nominations`, merchant, {
      items: [{ sku: created.skus[0]!.id, campaignPrice: 8000, campaignStock: 10 }],
    });
    const approved = (
      await h.app.inject({
        url: `/api/nominations?campaignId=${shop.campaignId}&storeId=${shop.storeA}`,
        headers: merchant,
      })
    ).json().items as { id: string; status: string }[];
    h.clock.set(shop.liveAt);
    await onceUnderOneKey(
      `/api/nominations/${approved.find((x) => x.status === 'approved')!.id}/price-drops`,
      merchant,
      {
        campaignPrice: 7000,
        reason: '第二波',
      },
    );
  });

  it('POST /api/events/:eventId/checkin-lists', async () => {
    const { campaign } = (await post('/api/campaigns', operator, campaignDraft('idem-checkin'))).json();
    await onceUnderOneKey(`/api/events/${campaign.id}/checkin-lists`, operator, {
      name: '主会场',
      kind: 'event',
    });
    const lists = (
      await h.app.inject({ url: `/api/events/${campaign.id}/checkin-lists`, headers: operator })
    ).json();
    expect(lists.items).toHaveLength(1);
  });
});
