import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import type { Actor } from '../../platform/auth';
import { priceCart } from '../pricing';
import {
  allowanceBalance,
  exhaustedPromotions,
  heldCoupons,
  type RedeemInput,
  redeem,
  release,
} from './index';
import { actorFor, couponDraft, makeCampaign, makeConsumers } from './test-helpers';

describe.each(testDatabaseTargets())('redemption API on $kind', (target) => {
  let h: Harness;
  let op: Actor;
  let campaignId: string;
  let otherCampaignId: string;
  let alice: string;
  let bob: string;
  let key = 0;
  const k = () => `k${++key}`;

  beforeAll(async () => {
    h = await createHarness(await target.open(), '2026-11-01T00:00:00Z');
    const operator = await h.signIn('operator');
    op = actorFor(operator.userId, 'operator');
    campaignId = await makeCampaign(h, operator.userId, 'd11-redeem');
    otherCampaignId = await makeCampaign(h, operator.userId, 'd11-other');
    [alice, bob] = (await makeConsumers(h.ctx.db, 2)) as [string, string];
  });
  afterAll(() => h.close());

  const p = () => h.services.promotions;
  const inTrx = <T>(fn: (trx: Parameters<typeof redeem>[0]) => Promise<T>) =>
    h.ctx.db.transaction().execute(fn);
  const order = (over: Partial<RedeemInput>): RedeemInput => ({
    orderId: `ord_${Math.random().toString(36).slice(2)}`,
    customerId: alice,
    campaignId,
    coupons: [],
    allowance: 0,
    promotions: [],
    ...over,
  });
  const claim = (customer: string, couponId: string) =>
    p().claim(actorFor(customer, 'consumer'), couponId, k());
  const wallet = async (customer: string, couponId: string) =>
    h.ctx.db
      .selectFrom('coupon_wallet')
      .select(['claimed', 'used'])
      .where('customer_id', '=', customer)
      .where('coupon_id', '=', couponId)
      .executeTakeFirst();
  const budgetRow = (promotionId: string) =>
    h.ctx.db
      .selectFrom('promotion_budgets')
      .selectAll()
      .where('promotion_id', '=', promotionId)
      .executeTakeFirstOrThrow();
  const redemptions = (orderId: string) =>
    h.ctx.db
      .selectFrom('promotion_redemptions')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('id')
      .execute();
  const grant = (customerId: string, amount: number, cmp = campaignId) =>
    p().grantAllowance(op, cmp, { customerId, amount }, k());

  it('lists held coupons inside their validity, for the pricing scenario', async () => {
    const now = new Date('2026-11-11T00:10:00+08:00');
    const general = await p().create(op, couponDraft());
    const ofCampaign = await p().create(op, couponDraft({ campaignId }));
    const ofOther = await p().create(op, couponDraft({ campaignId: otherCampaignId }));
    const expired = await p().create(
      op,
      couponDraft({
        promotion: { layer: 'platform', type: 'coupon', off: 100, endsAt: '2026-11-05T00:00:00+08:00' },
      }),
    );
    const notYet = await p().create(
      op,
      couponDraft({
        promotion: { layer: 'platform', type: 'coupon', off: 100, startsAt: '2026-11-12T00:00:00+08:00' },
      }),
    );
    for (const c of [general, ofCampaign, ofOther, expired, notYet]) await claim(bob, c.id);

    const held = await heldCoupons(h.ctx.db, bob, { campaignId, now });
    expect(held.couponIds).toEqual([general.id, ofCampaign.id].sort());
    expect(held.promotions.map((x) => x.id)).toEqual(held.couponIds);
    expect((await heldCoupons(h.ctx.db, bob, { now })).couponIds).toHaveLength(3);
    expect((await heldCoupons(h.ctx.db, alice, { now })).couponIds).toEqual([]);

    // The held coupon prices: 30000 ≥ 20000, so 3000 off.
    const priced = priceCart({
      currency: 'CNY',
      now: now.toISOString(),
      promotions: held.promotions,
      customer: { id: bob, coupons: held.couponIds },
      lines: [{ id: 'l1', sku: 'tea', store: 'A', unitPrice: 30000, quantity: 1 }],
    });
    expect(priced.applied.map((a) => a.amount)).toEqual([3000, 3000]);

    // Used: no longer held.
    await inTrx((trx) =>
      redeem(trx, order({ customerId: bob, coupons: [{ couponId: general.id, amount: 3000 }] })),
    );
    expect((await heldCoupons(h.ctx.db, bob, { campaignId, now })).couponIds).toEqual([ofCampaign.id]);
  });

  it('redeems coupon, allowance and budget together and records each', async () => {
    const coupon = await p().create(op, couponDraft({ campaignId }));
    await claim(alice, coupon.id);
    await grant(alice, 10000);
    await p().setBudget(op, 'prm_a', { campaignId, budgetAmount: 50000, maxUses: 10, perCustomerUses: 2 });
    const o = order({
      coupons: [{ couponId: coupon.id, amount: 3000 }],
      allowance: 2500,
      promotions: [
        { promotionId: 'prm_a', amount: 1200 },
        { promotionId: 'prm_free', amount: 700 },
      ],
    });
    const result = await inTrx((trx) => redeem(trx, o));
    expect(result.promotions).toEqual([
      { promotionId: 'prm_a', amount: 1200, tracked: true },
      { promotionId: 'prm_free', amount: 700, tracked: false },
    ]);
    expect(await wallet(alice, coupon.id)).toEqual({ claimed: 1, used: 1 });
    expect((await p().get(null, coupon.id)).redeemedCount).toBe(1);
    expect(await allowanceBalance(h.ctx.db, alice, campaignId)).toBe(7500);
    expect(await budgetRow('prm_a')).toMatchObject({ spent_amount: 1200, uses: 1 });
    expect((await redemptions(o.orderId)).map((r) => [r.kind, r.ref_id, Number(r.amount)])).toEqual([
      ['coupon', coupon.id, 3000],
      ['allowance', campaignId, 2500],
      ['promotion', 'prm_a', 1200],
    ]);
  });

  it('refuses each shortfall with a typed 409 and writes nothing of the order', async () => {
    const coupon = await p().create(op, couponDraft({ campaignId }));
    await claim(bob, coupon.id);
    await grant(bob, 1000);
    await p().setBudget(op, 'prm_b', { campaignId, budgetAmount: 5000 });
    const good = { coupons: [{ couponId: coupon.id, amount: 3000 }], customerId: bob };
    const attempt = (over: Partial<RedeemInput>) => inTrx((trx) => redeem(trx, order({ ...good, ...over })));

    await expect(attempt({ coupons: [{ couponId: 'cpn_nope', amount: 1 }] })).rejects.toMatchObject({
      status: 409,
      code: 'COUPON_NOT_HELD',
      details: { couponId: 'cpn_nope' },
    });
    await expect(attempt({ allowance: 1001 })).rejects.toMatchObject({
      code: 'ALLOWANCE_INSUFFICIENT',
      details: { requested: 1001, balance: 1000 },
    });
    await expect(attempt({ promotions: [{ promotionId: 'prm_b', amount: 5001 }] })).rejects.toMatchObject({
      code: 'BUDGET_EXHAUSTED',
      details: { promotionId: 'prm_b', reason: 'amount' },
    });
    await expect(attempt({ allowance: -1 })).rejects.toMatchObject({
      status: 400,
      details: { field: 'allowance' },
    });
    await expect(attempt({ promotions: [{ promotionId: 'prm_b', amount: 1.5 }] })).rejects.toMatchObject({
      status: 400,
    });
    await expect(attempt({ coupons: [good.coupons[0]!, good.coupons[0]!] })).rejects.toMatchObject({
      status: 400,
      details: { field: 'coupons' },
    });
    await expect(redeem(h.ctx.db, order(good))).rejects.toMatchObject({ status: 500 });

    // Every refusal above rolled back the coupon it had already taken.
    expect(await wallet(bob, coupon.id)).toEqual({ claimed: 1, used: 0 });
    expect((await p().get(null, coupon.id)).redeemedCount).toBe(0);
    expect(await allowanceBalance(h.ctx.db, bob, campaignId)).toBe(1000);
    expect(await budgetRow('prm_b')).toMatchObject({ spent_amount: 0, uses: 0 });

    // The same order twice: refused, even with things left to take.
    const o = order({ customerId: bob, allowance: 100 });
    await inTrx((trx) => redeem(trx, o));
    await expect(inTrx((trx) => redeem(trx, o))).rejects.toMatchObject({ code: 'ORDER_ALREADY_REDEEMED' });
    expect(await allowanceBalance(h.ctx.db, bob, campaignId)).toBe(900);
    // Allowance of another campaign is another account.
    await expect(attempt({ coupons: [], campaignId: otherCampaignId, allowance: 1 })).rejects.toMatchObject({
      code: 'ALLOWANCE_INSUFFICIENT',
    });
  });

  it('enforces total uses and per-customer uses; exhaustedPromotions says which are used up', async () => {
    await p().setBudget(op, 'prm_u', { campaignId, maxUses: 3, perCustomerUses: 2 });
    const use = (customerId: string) =>
      inTrx((trx) => redeem(trx, order({ customerId, promotions: [{ promotionId: 'prm_u', amount: 100 }] })));
    await use(alice);
    await use(alice);
    expect(await exhaustedPromotions(h.ctx.db, ['prm_u', 'prm_free'], alice)).toEqual(['prm_u']);
    expect(await exhaustedPromotions(h.ctx.db, ['prm_u'], bob)).toEqual([]);
    await expect(use(alice)).rejects.toMatchObject({
      code: 'PROMOTION_LIMIT_REACHED',
      details: { promotionId: 'prm_u', perCustomerUses: 2 },
    });
    await use(bob);
    await expect(use(bob)).rejects.toMatchObject({ code: 'BUDGET_EXHAUSTED', details: { reason: 'uses' } });
    expect(await exhaustedPromotions(h.ctx.db, ['prm_u'], bob)).toEqual(['prm_u']);
    expect(await budgetRow('prm_u')).toMatchObject({ uses: 3, spent_amount: 300 });
    expect(await exhaustedPromotions(h.ctx.db, [], bob)).toEqual([]);
  });

  it('releases an order exactly once: coupons, allowance and budget come back, a second call returns nothing', async () => {
    const coupon = await p().create(op, couponDraft({ campaignId }));
    const [carol] = (await makeConsumers(h.ctx.db, 1)) as [string];
    await claim(carol, coupon.id);
    await grant(carol, 5000);
    await p().setBudget(op, 'prm_r', { campaignId, budgetAmount: 10000, perCustomerUses: 1 });
    const o = order({
      customerId: carol,
      coupons: [{ couponId: coupon.id, amount: 3000 }],
      allowance: 4000,
      promotions: [{ promotionId: 'prm_r', amount: 2000 }],
    });
    await inTrx((trx) => redeem(trx, o));
    expect(await exhaustedPromotions(h.ctx.db, ['prm_r'], carol)).toEqual(['prm_r']);

    const first = await inTrx((trx) =>
      release(trx, o.orderId, { coupons: true, allowance: true, promotions: true }),
    );
    expect(first).toEqual({
      coupons: [{ couponId: coupon.id, amount: 3000 }],
      allowance: 4000,
      promotions: [{ promotionId: 'prm_r', amount: 2000 }],
    });
    const second = await inTrx((trx) =>
      release(trx, o.orderId, { coupons: true, allowance: true, promotions: true }),
    );
    expect(second).toEqual({ coupons: [], allowance: 0, promotions: [] });

    expect(await wallet(carol, coupon.id)).toEqual({ claimed: 1, used: 0 });
    expect((await p().get(null, coupon.id)).redeemedCount).toBe(0);
    expect(await allowanceBalance(h.ctx.db, carol, campaignId)).toBe(5000);
    expect(await budgetRow('prm_r')).toMatchObject({ spent_amount: 0, uses: 0 });
    expect(await exhaustedPromotions(h.ctx.db, ['prm_r'], carol)).toEqual([]);
    // Released things can be used again by a new order.
    await inTrx((trx) =>
      redeem(
        trx,
        order({
          customerId: carol,
          coupons: [{ couponId: coupon.id, amount: 3000 }],
          promotions: [{ promotionId: 'prm_r', amount: 2000 }],
        }),
      ),
    );
  });

  it('returns allowance in parts (refunds), never more than the order took', async () => {
    const [dan] = (await makeConsumers(h.ctx.db, 1)) as [string];
    await grant(dan, 10000);
    await p().setBudget(op, 'prm_p', { campaignId });
    const o = order({
      customerId: dan,
      allowance: 6000,
      promotions: [{ promotionId: 'prm_p', amount: 500 }],
    });
    await inTrx((trx) => redeem(trx, o));
    expect(await allowanceBalance(h.ctx.db, dan, campaignId)).toBe(4000);

    // A refund of part of the order returns the allowance share only; coupons and budget stay.
    expect(
      await inTrx((trx) => release(trx, o.orderId, { coupons: false, allowance: 2500, promotions: false })),
    ).toEqual({ coupons: [], allowance: 2500, promotions: [] });
    expect(await allowanceBalance(h.ctx.db, dan, campaignId)).toBe(6500);
    await expect(
      inTrx((trx) => release(trx, o.orderId, { coupons: false, allowance: 3501, promotions: false })),
    ).rejects.toMatchObject({
      code: 'RELEASE_EXCEEDS_REDEEMED',
      details: { remaining: 3500 },
    });
    // The rest (true = all that is left), then nothing.
    expect(
      (await inTrx((trx) => release(trx, o.orderId, { coupons: false, allowance: true, promotions: false })))
        .allowance,
    ).toBe(3500);
    expect(
      (await inTrx((trx) => release(trx, o.orderId, { coupons: false, allowance: 100, promotions: false })))
        .allowance,
    ).toBe(0);
    expect(await allowanceBalance(h.ctx.db, dan, campaignId)).toBe(10000);
    expect(await budgetRow('prm_p')).toMatchObject({ spent_amount: 500, uses: 1 });
    expect(
      (await inTrx((trx) => release(trx, o.orderId, { coupons: true, allowance: true, promotions: true })))
        .promotions,
    ).toEqual([{ promotionId: 'prm_p', amount: 500 }]);
    expect(await budgetRow('prm_p')).toMatchObject({ spent_amount: 0, uses: 0 });
  });
});
