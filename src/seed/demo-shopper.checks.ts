import { beforeAll, describe, expect, it } from 'vitest';
import { seededDemoHarness } from '../../test/support/demo-harness';
import type { Harness } from '../../test/support/harness';
import { DEMO_ALLOWANCE, DEMO_COUPONS } from './demo-shopper';
import { DEMO_PASSWORD } from './seed';

/** The shopper's demo (issue 9): coupons to claim, an allowance and addresses for consumer@carnival.local. */
// Seeding the whole demo year takes long on a loaded 2-core runner.
describe('demo shopper', { timeout: 600_000 }, () => {
  let h: Harness;
  let cookie: string;
  let campaignId: string;
  beforeAll(async () => {
    h = await seededDemoHarness();
    const login = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'consumer@carnival.local', password: DEMO_PASSWORD },
    });
    cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    campaignId = (
      await h.ctx.db
        .selectFrom('campaigns')
        .select('id')
        .where('slug', 'like', 'year-end-festival-%')
        .executeTakeFirstOrThrow()
    ).id;
  });
  const get = (url: string) => h.app.inject({ url, headers: { cookie } });

  it('offers a platform and a store coupon in the live festival, and claiming one prices the cart', async () => {
    const coupons = (await get(`/api/coupons?campaignId=${campaignId}`)).json().items as {
      id: string;
      scope: string;
    }[];
    expect(coupons.map((c) => c.scope).sort()).toEqual(['platform', 'store']);
    const platform = coupons.find((c) => c.scope === 'platform')!;
    const claimed = await h.app.inject({
      method: 'POST',
      url: `/api/coupons/${platform.id}/claim`,
      headers: { cookie, 'idempotency-key': 'demo-claim' },
    });
    expect(claimed.statusCode, claimed.body).toBe(201);
    const venue = (await get(`/api/campaigns/${campaignId}/venue?limit=50`)).json();
    const sku = (venue.items as { sku: string; campaignPrice: number }[]).find(
      // Past the threshold after the cross-store 每满300减50 too.
      (i) => i.campaignPrice >= DEMO_COUPONS.platform.threshold + 10000 && i.campaignPrice < 99900,
    )!;
    const cart = await h.app.inject({
      method: 'PUT',
      url: '/api/cart/items',
      headers: { cookie },
      payload: { campaignId, skuId: sku.sku, quantity: 1 },
    });
    expect(cart.statusCode, cart.body).toBe(200);
    const applied = cart.json().cart.applied as { promotion: string; amount: number }[];
    expect(applied.find((a) => a.promotion === platform.id)?.amount).toBe(DEMO_COUPONS.platform.off);
  });

  it('grants the demo shopper 购物津贴 and gives them two addresses, one default', async () => {
    const allowance = (await get(`/api/me/allowance?campaignId=${campaignId}`)).json().items;
    expect(allowance[0].balance).toBe(DEMO_ALLOWANCE);
    const addresses = (await get('/api/me/addresses')).json().items as {
      isDefault: boolean;
      region: object;
    }[];
    expect(addresses.map((a) => a.isDefault)).toEqual([true, false]);
    expect(addresses[0]!.region).toEqual({ province: '浙江省', city: '杭州市', district: '西湖区' });
  });
});
