import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { api, PRODUCT, publishedCampaign, RULES, STORE } from './test-fixtures';

type Failure = {
  rule: string;
  sku?: string;
  field?: string;
  needed: unknown;
  given: unknown;
  message: string;
};
const failuresOf = (res: { json(): unknown }) =>
  (res.json() as { error: { details: { failures: Failure[] } } }).error.details.failures;

describe.each(testDatabaseTargets())('enrollment routes on $kind', (target) => {
  let h: Harness;
  let a: ReturnType<typeof api>;
  let m: Awaited<ReturnType<Harness['signIn']>>;
  let other: Awaited<ReturnType<Harness['signIn']>>;
  let op: Awaited<ReturnType<Harness['signIn']>>;
  let campaignId: string;
  let draftId: string;
  let storeId: string;
  let otherStoreId: string;
  let skus: string[];
  let enrollmentId: string;
  let pendingId: string;
  beforeAll(async () => {
    h = await createHarness(await target.open());
    a = api(h);
    [m, other, op] = await Promise.all([h.signIn('merchant'), h.signIn('merchant'), h.signIn('operator')]);
    campaignId = (await publishedCampaign(h, op.userId, 'enroll-fest')).id;
    draftId = (await publishedCampaign(h, op.userId, 'enroll-draft', false)).id;
    storeId = (await a.post('/api/stores', m, STORE)).json().store.id;
    otherStoreId = (await a.post('/api/stores', other, { ...STORE, name: '别家店' })).json().store.id;
    const product = (await a.post(`/api/stores/${storeId}/products`, m, PRODUCT)).json().product;
    skus = product.skus.map((s: { id: string }) => s.id);
  });
  afterAll(() => h.close());

  describe('rules', () => {
    it('an operator sets them (audited, event recorded); anyone who sees the campaign reads them', async () => {
      const res = await a.put(`/api/campaigns/${campaignId}/enrollment-rules`, op, RULES);
      expect(res.statusCode).toBe(200);
      expect(res.json().rules).toMatchObject({
        campaignId,
        minRatingTenths: 45,
        maxPriceBp: 9000,
        version: 1,
        open: true,
        requiredPromotionIds: ['x300'],
      });
      const pub = await a.get('/api/campaigns/enroll-fest/enrollment-rules');
      expect(pub.json().rules.promotions[0]).toEqual(RULES.promotions[0]);
      const audit = await a.get(`/api/admin/audit?entityType=campaign&entityId=${campaignId}`, op);
      expect(audit.json().items[0]).toMatchObject({ action: 'enrollment.set_rules', actorId: op.userId });
      const events = await h.ctx.db
        .selectFrom('outbox')
        .select('topic')
        .where('topic', '=', 'enrollment.rules_set')
        .execute();
      expect(events).toHaveLength(1);
    });

    it('edits need the version read (409 otherwise)', async () => {
      const stale = await a.put(`/api/campaigns/${campaignId}/enrollment-rules`, op, RULES);
      expect(stale.statusCode).toBe(409);
      expect(errorOf(stale)).toMatchObject({ code: 'VERSION_CONFLICT', details: { field: 'version' } });
      const ok = await a.put(`/api/campaigns/${campaignId}/enrollment-rules`, op, { ...RULES, version: 1 });
      expect(ok.json().rules.version).toBe(2);
    });

    it('refuses bad rules with 400 naming the field, promotions checked by the pricing schema', async () => {
      const url = `/api/campaigns/${campaignId}/enrollment-rules`;
      const step = await a.put(url, op, {
        ...RULES,
        version: 2,
        promotions: [{ id: 'x', layer: 'cross_store', type: 'every', step: 0, off: 5 }],
      });
      expect(step.statusCode).toBe(400);
      expect(errorOf(step).details?.field).toBe('promotions.0.step');
      const layer = await a.put(url, op, {
        ...RULES,
        version: 2,
        promotions: [{ id: 'x', layer: 'item', type: 'every', step: 10, off: 5 }],
      });
      expect(errorOf(layer).details?.field).toBe('promotions.0.layer');
      const window = await a.put(url, op, { ...RULES, version: 2, closesAt: RULES.opensAt });
      expect(errorOf(window).details?.field).toBe('closesAt');
      const req = await a.put(url, op, { ...RULES, version: 2, requiredPromotionIds: ['nope'] });
      expect(errorOf(req).details?.field).toBe('requiredPromotionIds.0');
      const bp = await a.put(url, op, { ...RULES, version: 2, maxPriceBp: 90.5 });
      expect(errorOf(bp).details?.field).toBe('maxPriceBp');
      const late = await a.put(url, op, { ...RULES, version: 2, closesAt: '2027-01-01T00:00:00+08:00' });
      expect(late.statusCode).toBe(422);
      expect(errorOf(late)).toMatchObject({ code: 'WINDOW_AFTER_CAMPAIGN', details: { field: 'closesAt' } });
    });

    it('only operators set rules (401/403); unknown or hidden campaigns are 404', async () => {
      expect((await a.put(`/api/campaigns/${campaignId}/enrollment-rules`, null, RULES)).statusCode).toBe(
        401,
      );
      expect((await a.put(`/api/campaigns/${campaignId}/enrollment-rules`, m, RULES)).statusCode).toBe(403);
      expect((await a.put('/api/campaigns/cmp_missing/enrollment-rules', op, RULES)).statusCode).toBe(404);
      expect((await a.get(`/api/campaigns/${draftId}/enrollment-rules`)).statusCode).toBe(404);
      expect((await a.get(`/api/campaigns/${draftId}/enrollment-rules`, op)).statusCode).toBe(404); // no rules yet
    });

    it('lists the campaigns open for enrollment', async () => {
      const res = await a.get('/api/enrollment/open-campaigns', m);
      expect(res.json().items.map((i: { campaign: { id: string } }) => i.campaign.id)).toEqual([campaignId]);
      // Owner ids are the event's staff's business, as on GET /api/campaigns/{id}.
      expect(res.json().items[0].campaign).not.toHaveProperty('ownerId');
      const staff = (await a.get('/api/enrollment/open-campaigns', op)).json().items;
      expect(staff[0].campaign.ownerId).toEqual(expect.any(String));
      expect((await a.get('/api/enrollment/open-campaigns')).statusCode).toBe(401);
    });
  });

  describe('enrolling a store', () => {
    it('explains every store rule it fails (422)', async () => {
      const res = await a.post(`/api/campaigns/${campaignId}/enrollments`, m, { storeId, commitments: [] });
      expect(res.statusCode).toBe(422);
      expect(errorOf(res).code).toBe('ENROLLMENT_REFUSED');
      expect(failuresOf(res)).toEqual([
        expect.objectContaining({ rule: 'STORE_RATING', needed: 45, given: 0 }),
        expect.objectContaining({ rule: 'PROMOTION_COMMITMENT', needed: ['x300'], given: [] }),
      ]);
      const food = (
        await a.post('/api/stores', m, { ...STORE, name: '零食铺', mainCategory: 'food.snacks' })
      ).json().store.id;
      const cat = await a.post(`/api/campaigns/${campaignId}/enrollments`, m, {
        storeId: food,
        commitments: ['x300'],
      });
      expect(failuresOf(cat)[0]).toMatchObject({
        rule: 'STORE_CATEGORY',
        needed: ['apparel', 'beauty'],
        given: 'food.snacks',
      });
      const unknown = await a.post(`/api/campaigns/${campaignId}/enrollments`, m, {
        storeId,
        commitments: ['nope'],
      });
      expect(unknown.statusCode).toBe(422);
      expect(errorOf(unknown)).toMatchObject({
        code: 'UNKNOWN_PROMOTION',
        details: { field: 'commitments' },
      });
    });

    it('enrolls once the store qualifies; twice is 409', async () => {
      await a.put(`/api/stores/${storeId}/rating`, op, { rating: 4.8, reason: 'DSR' });
      const res = await a.post(`/api/campaigns/${campaignId}/enrollments`, m, {
        storeId,
        commitments: ['x300'],
      });
      expect(res.statusCode).toBe(201);
      enrollmentId = res.json().enrollment.id;
      expect(enrollmentId).toMatch(/^enr_/);
      const again = await a.post(`/api/campaigns/${campaignId}/enrollments`, m, {
        storeId,
        commitments: ['x300'],
      });
      expect(again.statusCode).toBe(409);
      expect(errorOf(again)).toMatchObject({ code: 'ALREADY_ENROLLED', details: { field: 'storeId' } });
    });

    it('refuses others’ stores and missing stores and campaigns (404), strangers (401), operators (403), bad input (400)', async () => {
      expect(
        (await a.post(`/api/campaigns/${campaignId}/enrollments`, other, { storeId, commitments: ['x300'] }))
          .statusCode,
      ).toBe(404);
      expect(
        (await a.post(`/api/campaigns/${campaignId}/enrollments`, m, { storeId: 'str_missing' })).statusCode,
      ).toBe(404);
      expect((await a.post('/api/campaigns/cmp_missing/enrollments', m, { storeId })).statusCode).toBe(404);
      expect((await a.post(`/api/campaigns/${draftId}/enrollments`, m, { storeId })).statusCode).toBe(404);
      expect((await a.post(`/api/campaigns/${campaignId}/enrollments`, null, { storeId })).statusCode).toBe(
        401,
      );
      expect((await a.post(`/api/campaigns/${campaignId}/enrollments`, op, { storeId })).statusCode).toBe(
        403,
      );
      expect(errorOf(await a.post(`/api/campaigns/${campaignId}/enrollments`, m, {})).details?.field).toBe(
        'storeId',
      );
    });

    it('a merchant lists only its enrollments', async () => {
      expect((await a.get(`/api/enrollments?campaignId=${campaignId}`, m)).json().items).toHaveLength(1);
      expect((await a.get(`/api/enrollments?campaignId=${campaignId}`, other)).json().items).toHaveLength(0);
      const foreign = await a.get(`/api/enrollments/${enrollmentId}`, other);
      expect(foreign.statusCode).toBe(404);
      expect(foreign.body).not.toContain(storeId);
      expect((await a.get('/api/enrollments/enr_missing', m)).statusCode).toBe(404);
    });
  });

  describe('nominating SKUs', () => {
    it('takes the eligible SKUs and explains each failure: rule, SKU, needed, given', async () => {
      const res = await a.post(`/api/enrollments/${enrollmentId}/nominations`, m, {
        items: [
          { sku: skus[0], campaignPrice: 9500, campaignStock: 50 }, // 90% of 9900 is 8910
          { sku: skus[1], campaignPrice: 15900, campaignStock: 50 },
          { sku: skus[2], campaignPrice: 19900, campaignStock: 20 }, // only 10 on hand
        ],
      });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body.nominations).toHaveLength(1);
      expect(body.nominations[0]).toMatchObject({
        skuId: skus[1],
        status: 'pending',
        campaignPrice: 15900,
        referencePrice: 19900,
        title: PRODUCT.title,
      });
      pendingId = body.nominations[0].id;
      expect(body.failures).toEqual([
        expect.objectContaining({
          rule: 'DISCOUNT_DEPTH',
          sku: skus[0],
          field: 'items.0.campaignPrice',
          needed: 8910,
          given: 9500,
        }),
        expect.objectContaining({
          rule: 'CAMPAIGN_STOCK',
          sku: skus[2],
          field: 'items.2.campaignStock',
          needed: 10,
          given: 20,
        }),
      ]);
      expect(body.failures[0].message).toMatch(/89\.10 CNY/);
    });

    it('is 422 with every failure when nothing qualifies; a dry run saves nothing', async () => {
      const res = await a.post(`/api/enrollments/${enrollmentId}/nominations`, m, {
        items: [
          { sku: skus[1], campaignPrice: 100, campaignStock: 1 },
          { sku: 'sku_missing', campaignPrice: 100, campaignStock: 1 },
        ],
      });
      expect(res.statusCode).toBe(422);
      expect(errorOf(res).code).toBe('NOMINATION_REFUSED');
      expect(failuresOf(res).map((f) => [f.rule, f.sku])).toEqual([
        ['ALREADY_NOMINATED', skus[1]],
        ['SKU_NOT_IN_STORE', 'sku_missing'],
      ]);
      const dry = await a.post(`/api/enrollments/${enrollmentId}/nominations`, m, {
        dryRun: true,
        items: [{ sku: skus[0], campaignPrice: 8910, campaignStock: 5 }],
      });
      expect(dry.statusCode).toBe(200);
      expect(dry.json()).toMatchObject({
        dryRun: true,
        eligible: [{ sku: skus[0] }],
        nominations: [],
        failures: [],
      });
      const list = await a.get(`/api/nominations?campaignId=${campaignId}`, m);
      expect(list.json().total).toBe(1);
    });

    it('refuses others’ and missing enrollments alike (404), operators (403), bad input (400)', async () => {
      const item = { sku: skus[0], campaignPrice: 8000, campaignStock: 1 };
      expect(
        (await a.post(`/api/enrollments/${enrollmentId}/nominations`, other, { items: [item] })).statusCode,
      ).toBe(404);
      expect(
        (await a.post('/api/enrollments/enr_missing/nominations', m, { items: [item] })).statusCode,
      ).toBe(404);
      expect(
        (await a.post(`/api/enrollments/${enrollmentId}/nominations`, op, { items: [item] })).statusCode,
      ).toBe(403);
      const zero = await a.post(`/api/enrollments/${enrollmentId}/nominations`, m, {
        items: [{ ...item, campaignStock: 0 }],
      });
      expect(zero.statusCode).toBe(400);
      expect(errorOf(zero).details?.field).toBe('items.0.campaignStock');
      expect(
        errorOf(
          await a.post(`/api/enrollments/${enrollmentId}/nominations`, m, {
            items: [{ ...item, campaignPrice: 1.5 }],
          }),
        ).details?.field,
      ).toBe('items.0.campaignPrice');
    });

    it('a SKU listed twice is taken once, the repeat explained', async () => {
      const res = await a.post(`/api/enrollments/${enrollmentId}/nominations`, m, {
        items: [
          { sku: skus[0], campaignPrice: 8000, campaignStock: 1 },
          { sku: skus[0], campaignPrice: 8000, campaignStock: 1 },
        ],
      });
      expect(res.statusCode).toBe(201);
      expect(res.json().failures).toEqual([
        expect.objectContaining({ rule: 'DUPLICATE_SKU', sku: skus[0], field: 'items.1.sku' }),
      ]);
    });

    it('the merchant edits a pending nomination, judged again; stale versions are 409', async () => {
      const tooHigh = await a.patch(`/api/nominations/${pendingId}`, m, { campaignPrice: 18000, version: 1 });
      expect(tooHigh.statusCode).toBe(422);
      expect(failuresOf(tooHigh)[0]).toMatchObject({
        rule: 'DISCOUNT_DEPTH',
        field: 'campaignPrice',
        needed: 17910,
        given: 18000,
      });
      const ok = await a.patch(`/api/nominations/${pendingId}`, m, { campaignPrice: 15800, version: 1 });
      expect(ok.json().nomination).toMatchObject({ campaignPrice: 15800, version: 2 });
      expect(
        (await a.patch(`/api/nominations/${pendingId}`, m, { campaignPrice: 15700, version: 1 })).statusCode,
      ).toBe(409);
      expect(
        (await a.patch(`/api/nominations/${pendingId}`, other, { campaignPrice: 15700, version: 2 }))
          .statusCode,
      ).toBe(404);
      expect(
        (await a.patch('/api/nominations/nom_missing', m, { campaignPrice: 15700, version: 2 })).statusCode,
      ).toBe(404);
    });
  });

  describe('review', () => {
    it('merchants cannot review (403); strangers 401; a rejection needs a reason (400)', async () => {
      expect(
        (await a.post(`/api/nominations/${pendingId}/review`, m, { decision: 'approve' })).statusCode,
      ).toBe(403);
      expect(
        (await a.post(`/api/nominations/${pendingId}/review`, null, { decision: 'approve' })).statusCode,
      ).toBe(401);
      expect(
        (await a.post('/api/nominations/review', m, { ids: [pendingId], decision: 'approve' })).statusCode,
      ).toBe(403);
      const noReason = await a.post(`/api/nominations/${pendingId}/review`, op, { decision: 'reject' });
      expect(noReason.statusCode).toBe(400);
      expect(errorOf(noReason).details?.field).toBe('reason');
      expect(
        errorOf(await a.post('/api/nominations/review', op, { ids: [], decision: 'approve' })).details?.field,
      ).toBe('ids');
    });

    it('an operator approves (audited, nomination.approved in the outbox); twice is 409; missing 404', async () => {
      const res = await a.post(`/api/nominations/${pendingId}/review`, op, { decision: 'approve' });
      expect(res.statusCode).toBe(200);
      expect(res.json().nomination).toMatchObject({ status: 'approved', reviewedBy: op.userId });
      const again = await a.post(`/api/nominations/${pendingId}/review`, op, { decision: 'approve' });
      expect(again.statusCode).toBe(409);
      expect(errorOf(again).code).toBe('NOT_PENDING');
      expect(
        (await a.post('/api/nominations/nom_missing/review', op, { decision: 'approve' })).statusCode,
      ).toBe(404);
      const audit = await a.get(`/api/admin/audit?entityType=nomination&entityId=${pendingId}`, op);
      expect(audit.json().items[0]).toMatchObject({
        action: 'nomination.approved',
        after: { status: 'approved' },
      });
      const events = await h.ctx.db
        .selectFrom('outbox')
        .select(['topic', 'payload'])
        .where('topic', '=', 'nomination.approved')
        .execute();
      expect(events[0]!.payload).toMatchObject({ nominationId: pendingId, campaignPrice: 15800 });
    });

    it('bulk: each id reported on its own, atomic per nomination', async () => {
      const created = await a.post(`/api/enrollments/${enrollmentId}/nominations`, m, {
        items: [{ sku: skus[2], campaignPrice: 20000, campaignStock: 5 }],
      });
      const second = created.json().nominations[0].id;
      const list = await a.get(`/api/nominations?campaignId=${campaignId}&status=pending`, op);
      const pendingIds = list.json().items.map((n: { id: string }) => n.id);
      expect(pendingIds).toContain(second);
      const res = await a.post('/api/nominations/review', op, {
        ids: [...pendingIds, pendingId, 'nom_missing'],
        decision: 'reject',
        reason: '价格力不足',
      });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ succeeded: pendingIds.length, failed: 2 });
      expect(body.results.at(-2)).toMatchObject({
        id: pendingId,
        ok: false,
        error: { code: 'NOT_PENDING', status: 409 },
      });
      expect(body.results.at(-1)).toMatchObject({
        id: 'nom_missing',
        ok: false,
        error: { code: 'NOT_FOUND', status: 404 },
      });
      const mine = await a.get(`/api/nominations/${second}`, m);
      expect(mine.json().nomination).toMatchObject({ status: 'rejected', reason: '价格力不足' });
      expect(
        (
          await h.ctx.db
            .selectFrom('outbox')
            .select('topic')
            .where('topic', '=', 'nomination.rejected')
            .execute()
        ).length,
      ).toBe(pendingIds.length);
    });

    it('a rejected SKU may be nominated again, and withdrawn while pending', async () => {
      const res = await a.post(`/api/enrollments/${enrollmentId}/nominations`, m, {
        items: [{ sku: skus[2], campaignPrice: 19000, campaignStock: 5 }],
      });
      const id = res.json().nominations[0].id;
      expect((await a.post(`/api/nominations/${id}/withdraw`, other)).statusCode).toBe(404);
      expect((await a.post(`/api/nominations/${id}/withdraw`, m)).json().nomination.status).toBe('withdrawn');
      expect((await a.post(`/api/nominations/${id}/withdraw`, m)).statusCode).toBe(409);
    });

    it('merchants see only their stores’ nominations', async () => {
      expect((await a.get(`/api/nominations?campaignId=${campaignId}`, other)).json().total).toBe(0);
      expect((await a.get(`/api/nominations?storeId=${storeId}`, other)).statusCode).toBe(404);
      const foreign = await a.get(`/api/nominations/${pendingId}`, other);
      expect(foreign.statusCode).toBe(404);
      expect(foreign.body).not.toContain(storeId);
      const mine = (await a.get(`/api/nominations?campaignId=${campaignId}&status=approved`, m)).json();
      expect(mine.items).toEqual([
        expect.objectContaining({
          id: pendingId,
          listPrice: 19900,
          storeName: STORE.name,
          attributes: { 颜色: '黑', 尺码: 'L' },
        }),
      ]);
      expect(errorOf(await a.get('/api/nominations?status=bogus', m)).details?.field).toBe('status.0');
      const consumer = await h.signIn('consumer');
      expect((await a.get('/api/nominations', consumer)).statusCode).toBe(403);
      expect(otherStoreId).toMatch(/^str_/);
    });
  });

  describe('venue', () => {
    it('lists approved SKUs at campaign prices, publicly, filterable by category and store', async () => {
      const res = await a.get(`/api/campaigns/enroll-fest/venue`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.items).toEqual([
        expect.objectContaining({
          sku: skus[1],
          title: PRODUCT.title,
          listPrice: 19900,
          campaignPrice: 15800,
          store: { id: storeId, name: STORE.name },
          currency: 'CNY',
        }),
      ]);
      expect(body.facets.categories).toEqual([{ code: 'apparel.women', count: 1 }]);
      expect((await a.get(`/api/campaigns/${campaignId}/venue?category=apparel`)).json().total).toBe(1);
      expect((await a.get(`/api/campaigns/${campaignId}/venue?category=beauty`)).json().total).toBe(0);
      expect((await a.get(`/api/campaigns/${campaignId}/venue?store=${otherStoreId}`)).json().total).toBe(0);
      expect((await a.get(`/api/campaigns/${campaignId}/venue?q=大衣`)).json().total).toBe(1);
      expect(errorOf(await a.get(`/api/campaigns/${campaignId}/venue?limit=0`)).details?.field).toBe('limit');
    });

    it('is 404 until the campaign is public', async () => {
      expect((await a.get(`/api/campaigns/${draftId}/venue`)).statusCode).toBe(404);
      expect((await a.get('/api/campaigns/cmp_missing/venue')).statusCode).toBe(404);
      expect((await a.get(`/api/campaigns/${draftId}/venue`, op)).statusCode).toBe(200);
    });

    it('lists the promotions for the cart', async () => {
      const res = await a.get(`/api/campaigns/${campaignId}/venue/promotions`);
      expect(res.json().promotions).toEqual([
        expect.objectContaining({ id: 'x300', inForce: true, required: true }),
        expect.objectContaining({ id: 'p-coupon', inForce: true, required: false }),
      ]);
    });

    it('quotes a cart at campaign prices with the 凑单 hint', async () => {
      const one = await a.post(`/api/campaigns/${campaignId}/venue/quote`, null, {
        lines: [{ sku: skus[1], quantity: 1 }],
      });
      expect(one.statusCode).toBe(200);
      const cart = one.json();
      expect(cart).toMatchObject({ currency: 'CNY', subtotal: 19900, total: 15800 });
      expect(cart.notApplied).toContainEqual(
        expect.objectContaining({ promotion: 'x300', reason: 'THRESHOLD_NOT_MET', shortBy: 14200 }),
      );
      expect(cart.hints).toContainEqual(
        expect.objectContaining({ promotion: 'x300', shortBy: 14200, extraOff: 5000 }),
      );
      expect(cart.items[0]).toMatchObject({
        sku: skus[1],
        listPrice: 19900,
        campaignPrice: 15800,
        quantity: 1,
      });
      const two = (
        await a.post(`/api/campaigns/${campaignId}/venue/quote`, null, {
          lines: [{ sku: skus[1], quantity: 2 }],
          coupons: ['p-coupon'],
        })
      ).json();
      // 2 × 15800 = 31600 -> 每满300减50 -> 26600 -> coupon 满200减20 -> 24600
      expect(two).toMatchObject({ subtotal: 39800, total: 24600 });
      expect(two.applied.map((p: { promotion: string }) => p.promotion)).toEqual([
        `campaign_price.${skus[1]}`,
        'x300',
        'p-coupon',
      ]);
    });

    it('refuses SKUs not on sale (422) and bad lines (400)', async () => {
      const res = await a.post(`/api/campaigns/${campaignId}/venue/quote`, null, {
        lines: [{ sku: skus[0], quantity: 1 }],
      });
      expect(res.statusCode).toBe(422);
      expect(errorOf(res)).toMatchObject({ code: 'SKU_NOT_IN_VENUE', details: { field: 'lines.0.sku' } });
      expect(
        errorOf(
          await a.post(`/api/campaigns/${campaignId}/venue/quote`, null, {
            lines: [{ sku: skus[1], quantity: 0 }],
          }),
        ).details?.field,
      ).toBe('lines.0.quantity');
      expect(
        (
          await a.post(`/api/campaigns/${draftId}/venue/quote`, null, {
            lines: [{ sku: skus[1], quantity: 1 }],
          })
        ).statusCode,
      ).toBe(404);
    });
  });

  describe('when the window closes', () => {
    it('refuses enrolling and nominating with ENROLLMENT_WINDOW', async () => {
      h.clock.set('2026-11-13T00:00:00Z');
      m = {
        ...m,
        cookie: (
          await h.app.inject({
            method: 'POST',
            url: '/api/auth/login',
            payload: { email: m.email, password: 'password-123' },
          })
        ).cookies
          .map((c) => `${c.name}=${c.value}`)
          .join('; '),
      };
      h.clock.set('2026-11-20T00:00:00+08:00');
      const res = await a.post(`/api/enrollments/${enrollmentId}/nominations`, m, {
        items: [{ sku: skus[0], campaignPrice: 100, campaignStock: 1 }],
      });
      expect(res.statusCode).toBe(422);
      expect(failuresOf(res)[0]).toMatchObject({
        rule: 'ENROLLMENT_WINDOW',
        given: '2026-11-19T16:00:00.000Z',
      });
      const second = (await a.post('/api/stores', m, { ...STORE, name: '二店' })).json().store.id;
      expect(
        failuresOf(
          await a.post(`/api/campaigns/${campaignId}/enrollments`, m, {
            storeId: second,
            commitments: ['x300'],
          }),
        ).map((f) => f.rule),
      ).toContain('ENROLLMENT_WINDOW');
      expect((await a.get('/api/enrollment/open-campaigns', m)).json().items).toEqual([]);
    });
  });
});
