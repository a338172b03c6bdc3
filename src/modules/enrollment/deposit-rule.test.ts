import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { consumers, createShop, type Shop } from '../../../test/support/checkout-fixtures';
import { expectSoundBooks, shopper } from '../../../test/support/checkout-helpers';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { balanceOf, customerWallet, merchantPayable } from '../ledger';

/**
 * The campaign's pre-sale deposit rule over HTTP: read with the enrollment rules (default
 * forfeit), set by operators (audited like every rule field), kept by each order at checkout and
 * honoured when the balance window closes.
 */
describe.each(testDatabaseTargets())('deposit rule on $kind', (target) => {
  let h: Harness;
  let shop: Shop;
  let op: Awaited<ReturnType<Harness['signIn']>>;
  const rulesUrl = () => `/api/campaigns/${shop.campaignId}/enrollment-rules`;

  beforeAll(async () => {
    h = await createHarness(await target.open(), '2026-11-01T00:00:00Z');
    shop = await createShop(h.services, h.ctx.db, { now: h.clock.now(), slug: 'deposit-rule' });
    op = await h.signIn('operator');
  });
  afterEach(() => expectSoundBooks(h.ctx.db));
  afterAll(() => h.close());

  const getRules = async () => (await h.app.inject({ method: 'GET', url: rulesUrl() })).json().rules;
  const putRules = (body: unknown) =>
    h.app.inject({ method: 'PUT', url: rulesUrl(), headers: { cookie: op.cookie }, payload: body as object });
  const editable = (r: Record<string, unknown>) => ({
    eligibleCategories: r.eligibleCategories,
    minRating: r.minRating,
    opensAt: r.opensAt,
    closesAt: r.closesAt,
    maxPriceBp: r.maxPriceBp,
    promotions: r.promotions,
    requiredPromotionIds: r.requiredPromotionIds,
    version: r.version,
  });

  it('reads forfeit by default; an operator sets refund (audited); a bad value names the field', async () => {
    const rules = await getRules();
    expect(rules.depositRule).toBe('forfeit');

    const bad = await putRules({ ...editable(rules), depositRule: 'keep' });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).details?.field).toBe('depositRule');

    const set = await putRules({ ...editable(rules), depositRule: 'refund' });
    expect(set.statusCode).toBe(200);
    expect(set.json().rules).toMatchObject({ depositRule: 'refund', version: rules.version + 1 });
    expect((await getRules()).depositRule).toBe('refund');

    const audit = await h.app.inject({
      method: 'GET',
      url: `/api/admin/audit?entityType=campaign&entityId=${shop.campaignId}`,
      headers: { cookie: op.cookie },
    });
    expect(audit.json().items[0]).toMatchObject({
      action: 'enrollment.set_rules',
      before: expect.objectContaining({ depositRule: 'forfeit' }),
      after: expect.objectContaining({ depositRule: 'refund' }),
    });
  });

  it('the balance-window close honours the rule each order was checked out under', async () => {
    const [c1, c2] = await consumers(h.ctx.db, 2);
    h.clock.set(shop.presaleAt);
    // Under refund (set above): the deposit goes back to the wallet.
    const refunded = shopper(h.services, shop.campaignId, c1!);
    await refunded.topUp(100000);
    await refunded.put(shop.sku.p1, 1);
    const o1 = await refunded.checkout();
    expect(o1.presale?.depositRule).toBe('refund');
    await refunded.pay(o1.id);

    // Back to forfeit: a later order keeps forfeit, the earlier one still refunds.
    const rules = await getRules();
    const back = await putRules({ ...editable(rules), depositRule: 'forfeit' });
    expect(back.json().rules.depositRule).toBe('forfeit');
    const forfeited = shopper(h.services, shop.campaignId, c2!);
    await forfeited.topUp(100000);
    await forfeited.put(shop.sku.p1, 1);
    const o2 = await forfeited.checkout();
    expect(o2.presale?.depositRule).toBe('forfeit');
    await forfeited.pay(o2.id);
    const deposit = o2.presale!.depositTotal;
    const payable = await balanceOf(h.ctx.db, merchantPayable(shop.storeB));

    h.clock.set(shop.mainEndsAt);
    expect((await h.services.orders.sweep()).closedBalance).toBe(2);
    expect(await balanceOf(h.ctx.db, customerWallet(c1!))).toBe(100000);
    expect(await balanceOf(h.ctx.db, customerWallet(c2!))).toBe(100000 - deposit);
    expect(await balanceOf(h.ctx.db, merchantPayable(shop.storeB))).toBe(payable + deposit);
  });
});
