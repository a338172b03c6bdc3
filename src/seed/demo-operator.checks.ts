import { beforeAll, describe, expect, it } from 'vitest';
import { seededDemoHarness } from '../../test/support/demo-harness';
import type { Harness } from '../../test/support/harness';
import { liveDemoCampaign } from './demo-campaigns';
import { DEMO_BUDGETS, DEMO_PRICE_PROTECTION_DAYS } from './demo-operator';

/** The workbench's 预算 and 售后政策 of the live festival have something to show on first start. */
// Seeding the whole demo year takes long on a loaded 2-core runner.
describe('demo operator set-up', { timeout: 600_000 }, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await seededDemoHarness();
  });

  it('budgets the live festival’s promotions and sets its price-protection window', async () => {
    const slug = liveDemoCampaign(h.ctx.clock.now()).slug;
    const campaign = (await h.app.inject({ url: `/api/campaigns/${slug}` })).json().campaign;
    const operator = await h.signIn('operator');
    const headers = { cookie: operator.cookie };
    const budgets = (await h.app.inject({ url: `/api/campaigns/${campaign.id}/budgets`, headers })).json()
      .items;
    for (const b of DEMO_BUDGETS)
      expect(budgets).toContainEqual(
        expect.objectContaining({ promotionId: b.promotionId, budgetAmount: b.budgetAmount }),
      );
    // The donors' orders (seeded after the budgets) burnt some of the cross-store one.
    const cross = budgets.find((b: { promotionId: string }) => b.promotionId === 'yes-x300');
    expect(cross.spentAmount + cross.remainingAmount).toBe(cross.budgetAmount);
    const afterSale = (
      await h.app.inject({ url: `/api/campaigns/${campaign.id}/after-sale`, headers })
    ).json();
    expect(afterSale.afterSale).toMatchObject({
      priceProtectionDays: DEMO_PRICE_PROTECTION_DAYS,
      isDefault: false,
    });
    // Both were set as an operator would: audited.
    const audit = (
      await h.app.inject({ url: '/api/admin/audit?action=promotion.set_budget', headers })
    ).json();
    expect(audit.items.length).toBeGreaterThanOrEqual(DEMO_BUDGETS.length);
  });
});
