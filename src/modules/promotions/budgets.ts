import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import { conflict, forbidden, notFound, unprocessable } from '../../platform/errors';
import type { PromotionBudget } from './model';
import type { BudgetInput } from './schemas';
import type { PromotionsDeps } from './service';
import { isForeignKeyViolation, toBudget } from './store';

/** Promotion budgets and limits: the operator sets them, and reads a campaign's with totals. */
export function createBudgets({ db, clock }: Pick<PromotionsDeps, 'db' | 'clock'>) {
  /**
   * Sets a promotion's budget and limits (PUT: absent = no cap). One guarded upsert: it never
   * lowers a cap below what is already spent or used, and a promotion stays in its campaign.
   */
  async function setBudget(actor: Actor, promotionId: string, input: BudgetInput): Promise<PromotionBudget> {
    if (actor.role !== 'operator') throw forbidden('Only operators set promotion budgets');
    const values = {
      promotion_id: promotionId,
      campaign_id: input.campaignId,
      budget_amount: input.budgetAmount ?? null,
      max_uses: input.maxUses ?? null,
      per_customer_uses: input.perCustomerUses ?? null,
      updated_at: clock.now(),
    };
    try {
      return await db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('promotion_budgets')
          .selectAll()
          .where('promotion_id', '=', promotionId)
          .executeTakeFirst();
        const row = await trx
          .insertInto('promotion_budgets')
          .values(values)
          .onConflict((oc) =>
            oc
              .column('promotion_id')
              .doUpdateSet((eb) => ({
                budget_amount: eb.ref('excluded.budget_amount'),
                max_uses: eb.ref('excluded.max_uses'),
                per_customer_uses: eb.ref('excluded.per_customer_uses'),
                updated_at: eb.ref('excluded.updated_at'),
              }))
              .where((eb) =>
                eb.and([
                  eb('promotion_budgets.campaign_id', '=', eb.ref('excluded.campaign_id')),
                  eb.or([
                    eb('excluded.budget_amount', 'is', null),
                    eb('promotion_budgets.spent_amount', '<=', eb.ref('excluded.budget_amount')),
                  ]),
                  eb.or([
                    eb('excluded.max_uses', 'is', null),
                    eb('promotion_budgets.uses', '<=', eb.ref('excluded.max_uses')),
                  ]),
                ]),
              ),
          )
          .returningAll()
          .executeTakeFirst();
        if (!row) {
          const current = toBudget(
            await trx
              .selectFrom('promotion_budgets')
              .selectAll()
              .where('promotion_id', '=', promotionId)
              .executeTakeFirstOrThrow(),
          );
          if (current.campaignId !== input.campaignId)
            throw conflict(
              'PROMOTION_IN_OTHER_CAMPAIGN',
              `promotion ${promotionId} has its budget in campaign ${current.campaignId}`,
              {
                field: 'campaignId',
                campaignId: current.campaignId,
              },
            );
          if (values.budget_amount !== null && current.spentAmount > values.budget_amount)
            throw unprocessable(
              'BUDGET_BELOW_SPENT',
              `budgetAmount: ${current.spentAmount} is already spent`,
              {
                field: 'budgetAmount',
                spentAmount: current.spentAmount,
              },
            );
          throw unprocessable('MAX_USES_BELOW_USES', `maxUses: already used ${current.uses} times`, {
            field: 'maxUses',
            uses: current.uses,
          });
        }
        const budget = toBudget(row);
        await recordAudit(trx, clock, {
          actor,
          action: 'promotion.set_budget',
          entityType: 'promotion',
          entityId: promotionId,
          before: before ? toBudget(before) : null,
          after: budget,
        });
        return budget;
      });
    } catch (e) {
      if (isForeignKeyViolation(e, 'campaign_id')) throw notFound('Campaign', input.campaignId);
      throw e;
    }
  }

  async function budgets(campaignId: string) {
    const rows = await db
      .selectFrom('promotion_budgets')
      .selectAll()
      .where('campaign_id', '=', campaignId)
      .orderBy('promotion_id')
      .execute();
    const items = rows.map(toBudget);
    return {
      items,
      totals: {
        budgetAmount: items.every((b) => b.budgetAmount !== null)
          ? items.reduce((s, b) => s + b.budgetAmount!, 0)
          : null,
        spentAmount: items.reduce((s, b) => s + b.spentAmount, 0),
      },
    };
  }

  return { setBudget, budgets };
}
