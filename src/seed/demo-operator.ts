import type { createServices } from '../app';
import type { AppContext } from '../context';
import type { Actor } from '../platform/auth';
import { liveDemoCampaign } from './demo-campaigns';

type Services = ReturnType<typeof createServices>;

/** Budgets of the live festival's promotions (seeded by demo-merchants.ts), in fen. */
export const DEMO_BUDGETS = [
  { promotionId: 'yes-x300', budgetAmount: 5_000_000, maxUses: 100_000, perCustomerUses: 10 },
  { promotionId: 'yes-999', budgetAmount: 2_000_000, maxUses: 10_000, perCustomerUses: 2 },
] as const;
export const DEMO_PRICE_PROTECTION_DAYS = 15;

/**
 * What the operator workbench (运营后台 → 活动配置) shows of the live festival on first start:
 * each promotion's budget (the demo orders placed after this burn it down) and a 价保 window.
 * Set through the services, as an operator would, so both are audited.
 */
export async function seedDemoOperator(ctx: AppContext, services: Services, operator: Actor): Promise<void> {
  const live = await ctx.db
    .selectFrom('campaigns')
    .select('id')
    .where('slug', '=', liveDemoCampaign(ctx.clock.now()).slug)
    .executeTakeFirstOrThrow();
  for (const { promotionId, ...caps } of DEMO_BUDGETS)
    await services.promotions.setBudget(operator, promotionId, { campaignId: live.id, ...caps });
  await services.afterSale.priceProtection.setSettings(operator, live.id, DEMO_PRICE_PROTECTION_DAYS);
}
