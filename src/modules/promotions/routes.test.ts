import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { couponDraft, makeCampaign } from './test-helpers';

type User = Awaited<ReturnType<Harness['signIn']>>;

describe.each(testDatabaseTargets())('promotions routes on $kind', (target) => {
  let h: Harness;
  let op: User;
  let merchant: User;
  let stranger: User;
  let alice: User;
  let bob: User;
  let campaignId: string;
  let storeId: string;
  let otherStoreId: string;
  let platformCouponId: string;
  let seq = 0;
  const key = () => `key-${++seq}`;

  beforeAll(async () => {
    h = await createHarness(await target.open(), '2026-11-01T00:00:00Z');
    [op, merchant, stranger, alice, bob] = await Promise.all([
      h.signIn('operator'),
      h.signIn('merchant'),
      h.signIn('merchant'),
      h.signIn('consumer'),
      h.signIn('consumer'),
    ]);
    campaignId = await makeCampaign(h, op.userId, 'd11-routes');
    const store = { name: '茶铺', mainCategory: 'apparel', region: 'Hangzhou' };
    storeId = (await post('/api/stores', merchant, store)).json().store.id;
    otherStoreId = (await post('/api/stores', stranger, store)).json().store.id;
  });
  afterAll(() => h.close());

  const headers = (user: User | null, idempotencyKey?: string) => ({
    ...(user ? { cookie: user.cookie } : {}),
    ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
  });
  const post = (url: string, user: User | null, payload?: unknown, idempotencyKey?: string) =>
    h.app.inject({
      method: 'POST',
      url,
      headers: headers(user, idempotencyKey),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const get = (url: string, user: User | null) => h.app.inject({ url, headers: headers(user) });
  const put = (url: string, user: User | null, payload: unknown) =>
    h.app.inject({ method: 'PUT', url, headers: headers(user), payload: payload as object });
  const claim = (couponId: string, user: User, k = key()) =>
    post(`/api/coupons/${couponId}/claim`, user, undefined, k);

  describe('issuing coupons', () => {
    it('lets the operator issue a platform coupon whose promotion id is the coupon id', async () => {
      const res = await post('/api/coupons', op, couponDraft({ campaignId }));
      expect(res.statusCode).toBe(201);
      const c = res.json().coupon;
      platformCouponId = c.id;
      expect(c.id).toMatch(/^cpn_/);
      expect(c).toMatchObject({
        scope: 'platform',
        storeId: null,
        status: 'active',
        claimedCount: 0,
        redeemedCount: 0,
        totalQuantity: 100,
      });
      expect(c.promotion).toEqual({
        id: c.id,
        layer: 'platform',
        type: 'coupon',
        threshold: 20000,
        off: 3000,
      });
    });

    it('lets a merchant issue a coupon for a store they work in, scoped to that store', async () => {
      const res = await post(
        '/api/coupons',
        merchant,
        couponDraft({
          scope: 'store',
          storeId,
          promotion: { layer: 'store', type: 'percent_coupon', percent: 10, maxOff: 2000 },
        }),
      );
      expect(res.statusCode).toBe(201);
      expect(res.json().coupon.promotion).toMatchObject({
        layer: 'store',
        stores: [storeId],
        type: 'percent_coupon',
      });
    });

    it('refuses issuers without the right: 401, 403 for consumers, other stores and merchant platform coupons', async () => {
      expect((await post('/api/coupons', null, couponDraft())).statusCode).toBe(401);
      expect((await post('/api/coupons', alice, couponDraft())).statusCode).toBe(403);
      expect((await post('/api/coupons', merchant, couponDraft())).statusCode).toBe(403);
      const other = await post(
        '/api/coupons',
        merchant,
        couponDraft({
          scope: 'store',
          storeId: otherStoreId,
          promotion: { layer: 'store', type: 'coupon', off: 100 },
        }),
      );
      expect(other.statusCode).toBe(403);
      expect(errorOf(other).details).toEqual({ field: 'storeId' });
    });

    it('refuses bad definitions naming the field', async () => {
      const cases: [Record<string, unknown>, number, string, string][] = [
        [
          { promotion: { layer: 'platform', type: 'threshold', tiers: [{ threshold: 1, off: 1 }] } },
          422,
          'INVALID_PROMOTION',
          'promotion.type',
        ],
        [{ promotion: { layer: 'platform', type: 'coupon' } }, 422, 'INVALID_PROMOTION', 'promotion.off'],
        [
          { promotion: { layer: 'platform', type: 'coupon', off: 1, colour: 'red' } },
          422,
          'INVALID_PROMOTION',
          'promotion.colour',
        ],
        [
          { promotion: { layer: 'store', type: 'coupon', off: 1 } },
          422,
          'INVALID_PROMOTION',
          'promotion.layer',
        ],
        [{ claimEndsAt: '2026-10-30T00:00:00+08:00' }, 422, 'CLAIM_WINDOW_INVALID', 'claimEndsAt'],
        [{ scope: 'store' }, 422, 'STORE_REQUIRED', 'storeId'],
        [{ storeId }, 422, 'STORE_NOT_ALLOWED', 'storeId'],
        [
          {
            scope: 'store',
            storeId,
            promotion: { layer: 'store', type: 'coupon', off: 1, stores: ['elsewhere'] },
          },
          422,
          'INVALID_PROMOTION',
          'promotion.stores',
        ],
        [{ totalQuantity: 0 }, 400, 'VALIDATION_FAILED', 'totalQuantity'],
        [{ perCustomerLimit: 1.5 }, 400, 'VALIDATION_FAILED', 'perCustomerLimit'],
        [{ claimStartsAt: '2026-11-01 00:00' }, 400, 'VALIDATION_FAILED', 'claimStartsAt'],
      ];
      for (const [over, status, code, field] of cases) {
        const res = await post('/api/coupons', op, couponDraft(over));
        expect({
          over,
          status: res.statusCode,
          code: errorOf(res).code,
          field: errorOf(res).details?.field,
        }).toEqual({ over, status, code, field });
      }
      expect(errorOf(await post('/api/coupons', op, couponDraft({ campaignId: 'cmp_nope' })))).toMatchObject({
        code: 'NOT_FOUND',
        message: 'Campaign not found',
      });
      expect(
        errorOf(
          await post(
            '/api/coupons',
            op,
            couponDraft({
              scope: 'store',
              storeId: 'str_nope',
              promotion: { layer: 'store', type: 'coupon', off: 1 },
            }),
          ),
        ),
      ).toMatchObject({ code: 'NOT_FOUND', message: 'Store not found' });
    });

    it('lists claimable coupons to anyone and managed ones to their issuers', async () => {
      const pub = await get(`/api/coupons?campaignId=${campaignId}`, null);
      expect(pub.json().items.map((c: { id: string }) => c.id)).toEqual([platformCouponId]);
      const mine = await get('/api/manage/coupons', merchant);
      expect(mine.json().items.every((c: { storeId: string }) => c.storeId === storeId)).toBe(true);
      expect(mine.json().total).toBe(1);
      expect((await get('/api/manage/coupons', stranger)).json().total).toBe(0);
      expect((await get('/api/manage/coupons', op)).json().total).toBe(2);
      expect((await get('/api/manage/coupons', alice)).statusCode).toBe(403);
      expect((await get('/api/coupons/cpn_nope', null)).statusCode).toBe(404);
    });
  });

  describe('claiming', () => {
    it('claims once per Idempotency-Key: a retry replays the answer and takes nothing more', async () => {
      expect(errorOf(await post(`/api/coupons/${platformCouponId}/claim`, alice))).toMatchObject({
        code: 'BAD_REQUEST',
        details: { field: 'Idempotency-Key' },
      });
      const k = key();
      const first = await claim(platformCouponId, alice, k);
      expect(first.statusCode).toBe(201);
      expect(first.json().wallet).toMatchObject({ claimed: 1, used: 0, available: 1 });
      const again = await claim(platformCouponId, alice, k);
      expect(again.statusCode).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json()).toEqual(first.json());
      expect((await get(`/api/coupons/${platformCouponId}`, null)).json().coupon.claimedCount).toBe(1);
    });

    it('refuses a second claim over the per-customer limit, writing nothing', async () => {
      const res = await claim(platformCouponId, alice);
      expect(res.statusCode).toBe(409);
      expect(errorOf(res)).toMatchObject({
        code: 'CLAIM_LIMIT_REACHED',
        details: { couponId: platformCouponId, perCustomerLimit: 1 },
      });
      expect((await get(`/api/coupons/${platformCouponId}`, null)).json().coupon.claimedCount).toBe(1);
      expect((await claim(platformCouponId, merchant)).statusCode).toBe(403);
      expect((await claim('cpn_nope', alice)).statusCode).toBe(404);
    });

    it('refuses when sold out and rolls the wallet back', async () => {
      const c = (await post('/api/coupons', op, couponDraft({ totalQuantity: 1 }))).json().coupon;
      expect((await claim(c.id, alice)).statusCode).toBe(201);
      const res = await claim(c.id, bob);
      expect(errorOf(res)).toMatchObject({ code: 'COUPON_SOLD_OUT', details: { couponId: c.id } });
      expect(res.statusCode).toBe(409);
      const bobs = (await get('/api/me/coupons', bob)).json().items;
      expect(bobs.find((w: { coupon: { id: string } }) => w.coupon.id === c.id)).toBeUndefined();
    });

    it('refuses outside the claim window', async () => {
      const c = (
        await post(
          '/api/coupons',
          op,
          couponDraft({
            claimStartsAt: '2026-11-10T20:00:00+08:00',
            claimEndsAt: '2026-11-11T00:00:00+08:00',
          }),
        )
      ).json().coupon;
      expect(errorOf(await claim(c.id, bob))).toMatchObject({
        code: 'CLAIM_WINDOW_CLOSED',
        details: { claimStartsAt: '2026-11-10T12:00:00.000Z' },
      });
      h.clock.set('2026-11-10T21:00:00+08:00');
      expect((await claim(c.id, bob)).statusCode).toBe(201);
      h.clock.set('2026-11-11T00:00:00+08:00');
      expect(errorOf(await claim(c.id, alice)).code).toBe('CLAIM_WINDOW_CLOSED');
      h.clock.set('2026-11-01T00:00:00Z');
    });

    it('pauses and resumes: only the issuer may, and a paused coupon cannot be claimed', async () => {
      const c = (
        await post(
          '/api/coupons',
          merchant,
          couponDraft({ scope: 'store', storeId, promotion: { layer: 'store', type: 'coupon', off: 500 } }),
        )
      ).json().coupon;
      // Another store's merchant is told the coupon does not exist, never which store owns it.
      const foreign = await post(`/api/coupons/${c.id}/pause`, stranger);
      expect(foreign.statusCode).toBe(404);
      expect(foreign.body).not.toContain(storeId);
      expect((await post(`/api/coupons/${c.id}/pause`, alice)).statusCode).toBe(403);
      const paused = await post(`/api/coupons/${c.id}/pause`, merchant);
      expect(paused.json().coupon.status).toBe('paused');
      expect(errorOf(await claim(c.id, alice))).toMatchObject({ code: 'COUPON_PAUSED' });
      expect((await get('/api/coupons', null)).json().items.some((x: { id: string }) => x.id === c.id)).toBe(
        false,
      );
      expect(
        (await get(`/api/coupons?status=paused`, null))
          .json()
          .items.some((x: { id: string }) => x.id === c.id),
      ).toBe(false);
      // Paused, it is not shown to the public one by one either; its issuers still see it.
      expect((await get(`/api/coupons/${c.id}`, null)).statusCode).toBe(404);
      expect((await get(`/api/coupons/${c.id}`, alice)).statusCode).toBe(404);
      expect((await get(`/api/coupons/${c.id}`, stranger)).statusCode).toBe(404);
      expect((await get(`/api/coupons/${c.id}`, merchant)).json().coupon.status).toBe('paused');
      expect((await get(`/api/coupons/${c.id}`, op)).json().coupon.status).toBe('paused');
      expect((await post(`/api/coupons/${c.id}/resume`, op)).json().coupon.status).toBe('active');
      expect((await get(`/api/coupons/${c.id}`, null)).statusCode).toBe(200);
      expect((await claim(c.id, alice)).statusCode).toBe(201);
      expect((await post('/api/coupons/cpn_nope/pause', op)).statusCode).toBe(404);
      const audit = await get(`/api/admin/audit?entityType=coupon&entityId=${c.id}`, op);
      expect(
        audit
          .json()
          .items.map((a: { action: string }) => a.action)
          .sort(),
      ).toEqual(['coupon.create', 'coupon.pause', 'coupon.resume']);
    });

    it('shows the wallet', async () => {
      const items = (await get('/api/me/coupons', alice)).json().items;
      expect(items.find((w: { coupon: { id: string } }) => w.coupon.id === platformCouponId)).toMatchObject({
        claimed: 1,
        used: 0,
        available: 1,
      });
      expect((await get('/api/me/coupons', null)).statusCode).toBe(401);
    });
  });

  describe('codes', () => {
    let couponId: string;
    let codes: string[];

    it('generates single-use codes for the issuer only, as JSON or CSV', async () => {
      couponId = (await post('/api/coupons', op, couponDraft({ totalQuantity: 3 }))).json().coupon.id;
      const url = `/api/coupons/${couponId}/codes`;
      expect((await post(url, alice, { count: 5 }, key())).statusCode).toBe(403);
      expect((await post(url, stranger, { count: 5 }, key())).statusCode).toBe(404);
      expect(errorOf(await post(url, op, { count: 5 })).details?.field).toBe('Idempotency-Key');
      expect(errorOf(await post(url, op, { count: 0 }, key())).details?.field).toBe('count');
      expect(errorOf(await post(url, op, { count: 100_001 }, key())).details?.field).toBe('count');
      expect((await post('/api/coupons/cpn_nope/codes', op, { count: 1 }, key())).statusCode).toBe(404);

      const k = key();
      const res = await post(url, op, { count: 5 }, k);
      expect(res.statusCode).toBe(201);
      codes = res.json().codes;
      expect(codes).toHaveLength(5);
      expect(new Set(codes).size).toBe(5);
      for (const c of codes)
        expect(c).toMatch(/^[A-HJKMNP-TV-Z2-9]{4}-[A-HJKMNP-TV-Z2-9]{4}-[A-HJKMNP-TV-Z2-9]{4}$/);
      // The same key replays the same codes, as CSV when asked.
      const csv = await post(`${url}?format=csv`, op, { count: 5 }, k);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.body.trim().split('\r\n')).toEqual([
        'coupon_id,code',
        ...codes.map((c) => `${couponId},${c}`),
      ]);
    });

    it('turns a code into a claim once; codes are typed in any case, with or without dashes', async () => {
      const typed = codes[0]!.toLowerCase().replace(/-/g, '');
      expect(errorOf(await post('/api/coupon-codes/redeem', alice, { code: typed })).details?.field).toBe(
        'Idempotency-Key',
      );
      const res = await post('/api/coupon-codes/redeem', alice, { code: typed }, key());
      expect(res.statusCode).toBe(201);
      expect(res.json().wallet).toMatchObject({ claimed: 1, coupon: { id: couponId } });
      expect(errorOf(await post('/api/coupon-codes/redeem', bob, { code: codes[0] }, key()))).toMatchObject({
        code: 'CODE_ALREADY_REDEEMED',
      });
      const missing = await post('/api/coupon-codes/redeem', bob, { code: 'ZZZZ-ZZZZ-ZZZZ' }, key());
      expect(missing.statusCode).toBe(404);
      expect(errorOf(missing)).toMatchObject({ code: 'CODE_NOT_FOUND', details: { field: 'code' } });
    });

    it('a refused claim leaves the code unused for someone else', async () => {
      const res = await post('/api/coupon-codes/redeem', alice, { code: codes[1] }, key());
      expect(errorOf(res).code).toBe('CLAIM_LIMIT_REACHED');
      expect((await post('/api/coupon-codes/redeem', bob, { code: codes[1] }, key())).statusCode).toBe(201);
    });
  });

  describe('allowance', () => {
    const url = () => `/api/campaigns/${campaignId}/allowance-grants`;

    it('grants by email or id, idempotently, audited', async () => {
      const k = key();
      const first = await post(
        url(),
        op,
        { email: alice.email.toUpperCase(), amount: 30000, reason: 'Double 11 津贴' },
        k,
      );
      expect(first.statusCode).toBe(201);
      expect(first.json().account).toEqual({
        customerId: alice.userId,
        campaignId,
        balance: 30000,
        grantedTotal: 30000,
      });
      const retry = await post(
        url(),
        op,
        { email: alice.email.toUpperCase(), amount: 30000, reason: 'Double 11 津贴' },
        k,
      );
      expect(retry.headers['idempotent-replayed']).toBe('true');
      const reused = await post(url(), op, { email: alice.email, amount: 99999 }, k);
      expect(errorOf(reused).code).toBe('IDEMPOTENCY_KEY_REUSED');
      const second = await post(url(), op, { customerId: alice.userId, amount: 5000 }, key());
      expect(second.json().account).toMatchObject({ balance: 35000, grantedTotal: 35000 });
      const me = await get(`/api/me/allowance?campaignId=${campaignId}`, alice);
      expect(me.json().items).toEqual([
        { customerId: alice.userId, campaignId, balance: 35000, grantedTotal: 35000 },
      ]);
      expect((await get(`/api/me/allowance?campaignId=${campaignId}`, bob)).json().items[0].balance).toBe(0);
      const audit = await get(
        `/api/admin/audit?entityType=allowance_account&entityId=${alice.userId}:${campaignId}`,
        op,
      );
      expect(audit.json().items).toHaveLength(2);
      expect(audit.json().items.find((a: { reason: string | null }) => a.reason)).toMatchObject({
        action: 'allowance.grant',
        reason: 'Double 11 津贴',
      });
    });

    it('refuses the wrong people and wrong input', async () => {
      expect((await post(url(), alice, { customerId: alice.userId, amount: 1 }, key())).statusCode).toBe(403);
      expect((await post(url(), merchant, { customerId: alice.userId, amount: 1 }, key())).statusCode).toBe(
        403,
      );
      expect((await post(url(), null, { customerId: alice.userId, amount: 1 }, key())).statusCode).toBe(401);
      expect(errorOf(await post(url(), op, { customerId: alice.userId, amount: 1 })).details?.field).toBe(
        'Idempotency-Key',
      );
      for (const amount of [0, -5, 1.5, '100'])
        expect(
          errorOf(await post(url(), op, { customerId: alice.userId, amount }, key())).details?.field,
        ).toBe('amount');
      expect(errorOf(await post(url(), op, { amount: 1 }, key())).details?.field).toBe('customerId');
      expect(
        errorOf(await post(url(), op, { customerId: alice.userId, email: alice.email, amount: 1 }, key()))
          .details?.field,
      ).toBe('customerId');
      expect((await post(url(), op, { email: 'nobody@test.local', amount: 1 }, key())).statusCode).toBe(404);
      expect(errorOf(await post(url(), op, { customerId: merchant.userId, amount: 1 }, key()))).toMatchObject(
        { code: 'NOT_A_CONSUMER' },
      );
      expect(
        errorOf(
          await post(
            '/api/campaigns/cmp_nope/allowance-grants',
            op,
            { customerId: alice.userId, amount: 1 },
            key(),
          ),
        ),
      ).toMatchObject({
        code: 'NOT_FOUND',
        message: 'Campaign not found',
      });
    });
  });

  describe('budgets', () => {
    it('sets, reports and guards budgets', async () => {
      const url = '/api/promotions/prm_d11_platform/budget';
      const res = await put(url, op, { campaignId, budgetAmount: 100000, maxUses: 50, perCustomerUses: 1 });
      expect(res.statusCode).toBe(200);
      expect(res.json().budget).toEqual({
        promotionId: 'prm_d11_platform',
        campaignId,
        budgetAmount: 100000,
        spentAmount: 0,
        maxUses: 50,
        uses: 0,
        perCustomerUses: 1,
        remainingAmount: 100000,
      });
      expect((await put(url, merchant, { campaignId, budgetAmount: 1 })).statusCode).toBe(403);
      expect(errorOf(await put(url, op, { campaignId, budgetAmount: -1 })).details?.field).toBe(
        'budgetAmount',
      );
      expect(errorOf(await put(url, op, { campaignId, perCustomerUses: 0 })).details?.field).toBe(
        'perCustomerUses',
      );
      expect(errorOf(await put(url, op, { budgetAmount: 1 })).details?.field).toBe('campaignId');
      expect((await put('/api/promotions/prm_x/budget', op, { campaignId: 'cmp_nope' })).statusCode).toBe(
        404,
      );

      // Spend some, then try to cap below it.
      await h.ctx.db.transaction().execute((trx) =>
        import('./index').then(({ redeem }) =>
          redeem(trx, {
            orderId: 'ord_1',
            customerId: alice.userId,
            campaignId,
            coupons: [],
            allowance: 0,
            promotions: [{ promotionId: 'prm_d11_platform', amount: 3000 }],
          }),
        ),
      );
      expect(errorOf(await put(url, op, { campaignId, budgetAmount: 2999 }))).toMatchObject({
        code: 'BUDGET_BELOW_SPENT',
        details: { field: 'budgetAmount', spentAmount: 3000 },
      });
      expect(errorOf(await put(url, op, { campaignId, maxUses: 0 }))).toMatchObject({
        code: 'MAX_USES_BELOW_USES',
        details: { field: 'maxUses' },
      });
      const other = await makeCampaign(h, op.userId, 'd11-routes-other');
      expect(errorOf(await put(url, op, { campaignId: other }))).toMatchObject({
        code: 'PROMOTION_IN_OTHER_CAMPAIGN',
        details: { campaignId },
      });
      // Absent means no cap.
      expect((await put(url, op, { campaignId })).json().budget).toMatchObject({
        budgetAmount: null,
        maxUses: null,
        perCustomerUses: null,
        spentAmount: 3000,
        remainingAmount: null,
      });
      await put(url, op, { campaignId, budgetAmount: 100000 });

      const report = await get(`/api/campaigns/${campaignId}/budgets`, op);
      expect(report.json()).toEqual({
        items: [
          expect.objectContaining({
            promotionId: 'prm_d11_platform',
            budgetAmount: 100000,
            spentAmount: 3000,
            remainingAmount: 97000,
            uses: 1,
          }),
        ],
        totals: { budgetAmount: 100000, spentAmount: 3000 },
      });
      expect((await get(`/api/campaigns/${campaignId}/budgets`, merchant)).statusCode).toBe(403);
      const audit = await get('/api/admin/audit?entityType=promotion&entityId=prm_d11_platform', op);
      expect(audit.json().items.length).toBe(3);
    });
  });
});
