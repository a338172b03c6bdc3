/**
 * A festival of the browser tests' own, opened through the API: the demo year's festivals are over
 * or not yet on at the real date. Live from an hour ago for 20 days, 跨店每满300减50, with the demo
 * merchant's coat (899.00 → 799.00) and shirt (459.00 → 399.00) approved at campaign prices.
 */
import type { APIRequestContext } from 'playwright-core';
import { expect } from 'vitest';

const HOUR = 60 * 60 * 1000;

export async function ok<T>(
  res: Promise<{ ok(): boolean; status(): number; text(): Promise<string> }>,
): Promise<T> {
  const r = await res;
  const body = await r.text();
  if (!r.ok()) throw new Error(`${r.status()}: ${body}`);
  return (body ? JSON.parse(body) : undefined) as T;
}

export interface Festival {
  id: string;
  slug: string;
  storeId: string;
  coat: string;
  shirt: string;
  /** The shirt's nomination (for a price drop). */
  shirtNomination: string;
}

export async function openFestival(
  url: string,
  operator: APIRequestContext,
  merchant: APIRequestContext,
  slugPrefix = 'e2e-checkout',
): Promise<Festival> {
  const now = Date.now();
  const slug = `${slugPrefix}-${now}`;
  const { campaign } = await ok<{ campaign: { id: string } }>(
    operator.post(`${url}/api/campaigns`, {
      data: {
        slug,
        kind: 'shopping_festival',
        audiences: ['consumers', 'merchants'],
        title: { 'zh-CN': '冬季狂欢节', 'en-US': 'Winter Shopping Festival' },
        summary: { 'zh-CN': '跨店每满300减50', 'en-US': '50 off every 300 across stores' },
        body: { 'zh-CN': '', 'en-US': '' },
        theme: { primaryColor: '#ff5000', bannerUrl: null },
        organizer: { name: 'Carnival' },
        timezone: 'Asia/Shanghai',
        startsAt: new Date(now - HOUR).toISOString(),
        endsAt: new Date(now + 20 * 24 * HOUR).toISOString(),
        phases: [],
        seriesId: null,
      },
    }),
  );
  for (const to of ['in_review', 'published'])
    await ok(operator.post(`${url}/api/campaigns/${campaign.id}/transitions`, { data: { to } }));
  await ok(
    operator.put(`${url}/api/campaigns/${campaign.id}/enrollment-rules`, {
      data: {
        eligibleCategories: ['apparel'],
        minRating: 4.5,
        opensAt: new Date(now - HOUR).toISOString(),
        closesAt: new Date(now + 10 * 24 * HOUR).toISOString(),
        maxPriceBp: 9000,
        promotions: [{ id: 'e2e-x300', layer: 'cross_store', type: 'every', step: 30000, off: 5000 }],
        requiredPromotionIds: ['e2e-x300'],
      },
    }),
  );

  const stores = (await ok<{ items: { id: string; name: string }[] }>(merchant.get(`${url}/api/stores`)))
    .items;
  const store = stores.find((s) => s.name === '示例旗舰店')!;
  const products = (
    await ok<{ items: { title: string; skus: { id: string; attributes: Record<string, string> }[] }[] }>(
      merchant.get(`${url}/api/stores/${store.id}/products?limit=200`),
    )
  ).items;
  const coat = products
    .find((p) => p.title === '双面羊毛大衣')!
    .skus.find((s) => s.attributes.颜色 === '黑色')!;
  const shirt = products
    .find((p) => p.title === '桑蚕丝衬衫')!
    .skus.find((s) => s.attributes.颜色 === '雾蓝')!;
  const { enrollment } = await ok<{ enrollment: { id: string } }>(
    merchant.post(`${url}/api/campaigns/${campaign.id}/enrollments`, {
      data: { storeId: store.id, commitments: ['e2e-x300'] },
    }),
  );
  const nominated = await ok<{ nominations: { id: string; skuId: string }[]; failures: unknown[] }>(
    merchant.post(`${url}/api/enrollments/${enrollment.id}/nominations`, {
      data: {
        dryRun: false,
        items: [
          { sku: coat.id, campaignPrice: 79900, campaignStock: 50 },
          { sku: shirt.id, campaignPrice: 39900, campaignStock: 50 },
        ],
      },
    }),
  );
  expect(nominated.failures).toEqual([]);
  for (const n of nominated.nominations)
    await ok(operator.post(`${url}/api/nominations/${n.id}/review`, { data: { decision: 'approve' } }));
  return {
    id: campaign.id,
    slug,
    storeId: store.id,
    coat: coat.id,
    shirt: shirt.id,
    shirtNomination: nominated.nominations.find((n) => n.skuId === shirt.id)!.id,
  };
}
