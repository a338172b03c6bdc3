import type { LightMyRequestResponse } from 'fastify';
import type { Harness } from '../../../test/support/harness';
import type { Actor } from '../../platform/auth';

/** Test helpers for the merchant modules (not part of the public surface). */
export type Who = { cookie: string; userId: string } | null;

export function api(h: Harness) {
  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    who: Who,
    payload?: unknown,
  ): Promise<LightMyRequestResponse> =>
    h.app.inject({
      method,
      url,
      headers: who ? { cookie: who.cookie } : {},
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
  return {
    get: (url: string, who: Who = null) => call('GET', url, who),
    post: (url: string, who: Who, payload?: unknown) => call('POST', url, who, payload ?? {}),
    put: (url: string, who: Who, payload: unknown) => call('PUT', url, who, payload),
    patch: (url: string, who: Who, payload: unknown) => call('PATCH', url, who, payload),
  };
}

export const operatorActor = (userId: string): Actor => ({
  userId,
  role: 'operator',
  email: 'op@test.local',
  displayName: 'op',
  via: 'session',
});

/** A shopping festival, published: Dec 1–13 2026 (the harness clock starts Nov 1). */
export async function publishedCampaign(h: Harness, operatorId: string, slug: string, publish = true) {
  const actor = operatorActor(operatorId);
  const c = await h.services.campaigns.create(actor, {
    slug,
    kind: 'shopping_festival',
    audiences: ['consumers', 'merchants'],
    title: { 'zh-CN': `测试大促 ${slug}`, 'en-US': `Test festival ${slug}` },
    summary: { 'zh-CN': '', 'en-US': '' },
    body: { 'zh-CN': '', 'en-US': '' },
    theme: { primaryColor: '#ff5000', bannerUrl: null },
    organizer: { name: 'Carnival' },
    timezone: 'Asia/Shanghai',
    startsAt: '2026-12-01T00:00:00+08:00',
    endsAt: '2026-12-13T00:00:00+08:00',
    phases: [],
  });
  if (publish) {
    await h.services.campaigns.transition(actor, c.id, 'in_review');
    await h.services.campaigns.transition(actor, c.id, 'published');
  }
  return c;
}

/** 跨店每满300减50 and the window Nov 1 – Nov 20, 90% of the 30-day lowest price. */
export const RULES = {
  eligibleCategories: ['apparel', 'beauty'],
  minRating: 4.5,
  opensAt: '2026-11-01T00:00:00+08:00',
  closesAt: '2026-11-20T00:00:00+08:00',
  maxPriceBp: 9000,
  promotions: [
    { id: 'x300', layer: 'cross_store', type: 'every', step: 30000, off: 5000 },
    { id: 'p-coupon', layer: 'platform', type: 'coupon', threshold: 20000, off: 2000 },
  ],
  requiredPromotionIds: ['x300'],
};

export const STORE = {
  name: '云裳女装旗舰店',
  mainCategory: 'apparel.women',
  region: '浙江杭州',
  qualifications: [{ type: 'business_license', number: '91330100MA2XXXX', expiresAt: '2030-12-31' }],
};

export const PRODUCT = {
  title: '羊毛大衣',
  category: 'apparel.women',
  imageUrls: ['https://img.example.com/coat.jpg'],
  skus: [
    { attributes: { 颜色: '红', 尺码: 'M' }, price: 9900, stock: 100 },
    { attributes: { 颜色: '黑', 尺码: 'L' }, price: 19900, stock: 50 },
    { attributes: { 颜色: '白', 尺码: 'S' }, price: 29900, stock: 10 },
  ],
};
