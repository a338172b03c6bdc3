import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, publishedCampaign, RULES, STORE } from '../src/modules/enrollment/test-fixtures';
import { createHarness, type Harness, testDatabaseTargets } from './support/harness';

/**
 * The whole 招商 story over HTTP: a merchant builds a catalog and plays with a price, the
 * operator sets the rules, the merchant nominates (one SKU caught by the real-discount rule),
 * the operator reviews in bulk, and the venue sells the approved SKUs at campaign prices.
 */
describe.each(testDatabaseTargets())('enrollment flow on $kind', (target) => {
  let h: Harness;
  let a: ReturnType<typeof api>;
  let merchant: Awaited<ReturnType<Harness['signIn']>>;
  let operator: Awaited<ReturnType<Harness['signIn']>>;
  const relogin = async (who: { email: string; userId: string }) => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: who.email, password: 'password-123' },
    });
    return { ...who, cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; ') };
  };

  beforeAll(async () => {
    h = await createHarness(await target.open(), '2026-10-01T02:00:00Z');
    a = api(h);
    [merchant, operator] = await Promise.all([h.signIn('merchant'), h.signIn('operator')]);
  });
  afterAll(() => h.close());

  it('runs from an empty store to a priced cart in the venue', async () => {
    const campaign = await publishedCampaign(h, operator.userId, 'flow-festival');

    // Oct 1: the merchant opens a store with two products.
    const store = (await a.post('/api/stores', merchant, STORE)).json().store;
    const coat = (
      await a.post(`/api/stores/${store.id}/products`, merchant, {
        title: '双面羊毛大衣',
        category: 'apparel.women',
        imageUrls: ['https://img.example.com/coat.jpg'],
        skus: [
          { attributes: { 颜色: '红', 尺码: 'M' }, price: 9900, stock: 100 },
          { attributes: { 颜色: '黑', 尺码: 'L' }, price: 19900, stock: 80 },
        ],
      })
    ).json().product;
    const serum = (
      await a.post(`/api/stores/${store.id}/products`, merchant, {
        title: '修护精华液 30ml',
        category: 'beauty.skincare',
        skus: [{ attributes: { 规格: '30ml' }, price: 29900, stock: 40 }],
      })
    ).json().product;
    const [red, black] = coat.skus.map((s: { id: string }) => s.id);
    const serumSku = serum.skus[0].id;

    // Oct 10 a sale to 8900, Oct 20 the price "before the festival" goes up to 12900.
    h.clock.set('2026-10-10T02:00:00Z');
    await a.put(`/api/skus/${red}/price`, merchant, { price: 8900, version: 1 });
    h.clock.set('2026-10-14T02:00:00Z');
    merchant = await relogin(merchant);
    operator = await relogin(operator);
    h.clock.set('2026-10-20T02:00:00Z');
    await a.put(`/api/skus/${red}/price`, merchant, { price: 12900, version: 2 });
    const history = (await a.get(`/api/skus/${red}/price-history`, merchant)).json();
    expect(history.items.map((p: { price: number }) => p.price)).toEqual([9900, 8900, 12900]);

    // Nov 2: the operator rates the store and sets the rules (跨店每满300减50, 90% of the 30-day lowest).
    h.clock.set('2026-10-27T02:00:00Z');
    merchant = await relogin(merchant);
    operator = await relogin(operator);
    h.clock.set('2026-11-02T02:00:00Z');
    expect(
      (await a.put(`/api/stores/${store.id}/rating`, operator, { rating: 4.9, reason: 'DSR Q3' })).statusCode,
    ).toBe(200);
    expect((await a.put(`/api/campaigns/${campaign.id}/enrollment-rules`, operator, RULES)).statusCode).toBe(
      200,
    );

    // The merchant finds the campaign open, enrolls, and nominates three SKUs.
    const open = (await a.get('/api/enrollment/open-campaigns', merchant)).json().items;
    expect(open.map((o: { campaign: { slug: string } }) => o.campaign.slug)).toContain('flow-festival');
    const enrollment = (
      await a.post(`/api/campaigns/${campaign.id}/enrollments`, merchant, {
        storeId: store.id,
        commitments: ['x300'],
      })
    ).json().enrollment;
    const nominated = await a.post(`/api/enrollments/${enrollment.id}/nominations`, merchant, {
      items: [
        { sku: red, campaignPrice: 11000, campaignStock: 50 }, // 85% of 12900, but the 30-day lowest is 8900
        { sku: black, campaignPrice: 15900, campaignStock: 60 },
        { sku: serumSku, campaignPrice: 23900, campaignStock: 30 },
      ],
    });
    expect(nominated.statusCode).toBe(201);
    const { nominations, failures } = nominated.json();
    expect(failures).toEqual([
      {
        rule: 'DISCOUNT_DEPTH',
        sku: red,
        field: 'items.0.campaignPrice',
        needed: 8010,
        given: 11000,
        message: expect.stringContaining('30-day lowest price 89.00 CNY'),
      },
    ]);
    expect(nominations.map((n: { skuId: string; status: string }) => [n.skuId, n.status])).toEqual([
      [black, 'pending'],
      [serumSku, 'pending'],
    ]);
    const [blackNom, serumNom] = nominations.map((n: { id: string }) => n.id);

    // The operator's queue; approve one in bulk, reject the other in bulk with a reason.
    const queue = (await a.get(`/api/nominations?campaignId=${campaign.id}&status=pending`, operator)).json();
    expect(queue.items.map((n: { id: string }) => n.id).sort()).toEqual([blackNom, serumNom].sort());
    const approved = (
      await a.post('/api/nominations/review', operator, { ids: [blackNom], decision: 'approve' })
    ).json();
    expect(approved).toMatchObject({ succeeded: 1, failed: 0 });
    const rejected = (
      await a.post('/api/nominations/review', operator, {
        ids: [serumNom, blackNom],
        decision: 'reject',
        reason: '库存深度不足',
      })
    ).json();
    expect(rejected.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, false]);

    // The merchant sees each status.
    const mine = (await a.get(`/api/nominations?campaignId=${campaign.id}`, merchant)).json().items;
    expect(
      Object.fromEntries(mine.map((n: { skuId: string; status: string }) => [n.skuId, n.status])),
    ).toEqual({ [black]: 'approved', [serumSku]: 'rejected' });
    expect(mine.find((n: { skuId: string }) => n.skuId === serumSku).reason).toBe('库存深度不足');

    // The venue, public: the approved SKU at its campaign price.
    const venue = (await a.get('/api/campaigns/flow-festival/venue')).json();
    expect(venue.items).toEqual([
      expect.objectContaining({
        sku: black,
        title: '双面羊毛大衣',
        listPrice: 19900,
        campaignPrice: 15900,
        attributes: { 颜色: '黑', 尺码: 'L' },
      }),
    ]);
    expect((await a.get('/api/campaigns/flow-festival/venue?category=beauty')).json().items).toEqual([]);

    // The cart: one coat is 159 yuan, 141 short of 跨店每满300减50.
    const quote = (
      await a.post('/api/campaigns/flow-festival/venue/quote', null, { lines: [{ sku: black, quantity: 1 }] })
    ).json();
    expect(quote).toMatchObject({ subtotal: 19900, total: 15900 });
    expect(quote.hints).toEqual([
      expect.objectContaining({ promotion: 'x300', shortBy: 14100, extraOff: 5000 }),
    ]);
    const two = (
      await a.post('/api/campaigns/flow-festival/venue/quote', null, { lines: [{ sku: black, quantity: 2 }] })
    ).json();
    expect(two.total).toBe(2 * 15900 - 5000);
  });
});
