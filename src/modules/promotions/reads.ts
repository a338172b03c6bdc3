import type { ExpressionBuilder, Kysely } from 'kysely';
import type { DB } from '../../schema';

/**
 * The checkout's reads of coupons, allowance and budgets as query builders, not yet run: the
 * functions of redemption.ts run them one by one, and the checkout embeds them as subqueries of
 * one statement (orders/checkout-reads.ts) so that they cost one round trip together.
 */

type Creator = Pick<Kysely<DB>, 'selectFrom'> | ExpressionBuilder<DB, never>;

/**
 * Coupons the customer holds with at least one unused claim, usable at `now`; with
 * `campaignId`, that campaign's coupons and coupons tied to no campaign. By coupon id.
 */
export function heldCouponsQuery(
  db: Creator,
  customerId: string,
  options: { campaignId?: string; now: Date },
) {
  let q = db
    .selectFrom('coupon_wallet as w')
    .innerJoin('coupons as c', 'c.id', 'w.coupon_id')
    .select(['c.id', 'c.promotion'])
    .where('w.customer_id', '=', customerId)
    .whereRef('w.used', '<', 'w.claimed')
    .where((eb) => eb.or([eb('c.valid_from', 'is', null), eb('c.valid_from', '<=', options.now)]))
    .where((eb) => eb.or([eb('c.valid_until', 'is', null), eb('c.valid_until', '>', options.now)]));
  if (options.campaignId) {
    const campaignId = options.campaignId;
    q = q.where((eb) => eb.or([eb('c.campaign_id', '=', campaignId), eb('c.campaign_id', 'is', null)]));
  }
  return q.orderBy('c.id');
}

/** The customer's allowance balance in a campaign (no row: no account). */
export const allowanceBalanceQuery = (db: Creator, customerId: string, campaignId: string) =>
  db
    .selectFrom('allowance_accounts')
    .select('balance')
    .where('customer_id', '=', customerId)
    .where('campaign_id', '=', campaignId);

/**
 * The budget rows among the promotions `ids` (and, when given, those whose id a subquery
 * yields: the held coupons), each with whether it can be used again: `exhausted` when the money
 * budget is spent, total uses are at `maxUses`, or this customer is at `perCustomerUses`.
 * Promotions without a row have no budget.
 */
export function budgetStateQuery(
  db: Creator,
  customerId: string,
  ids: readonly string[],
  alsoIdsOf?: ReturnType<typeof heldCouponsQuery>,
) {
  return db
    .selectFrom('promotion_budgets as b')
    .leftJoin('promotion_usage as u', (join) =>
      join.onRef('u.promotion_id', '=', 'b.promotion_id').on('u.customer_id', '=', customerId),
    )
    .select((eb) => [
      'b.promotion_id',
      eb
        .or([
          eb.and([
            eb('b.budget_amount', 'is not', null),
            eb('b.spent_amount', '>=', eb.ref('b.budget_amount')),
          ]),
          eb.and([eb('b.max_uses', 'is not', null), eb('b.uses', '>=', eb.ref('b.max_uses'))]),
          eb.and([
            eb('b.per_customer_uses', 'is not', null),
            eb('u.uses', '>=', eb.ref('b.per_customer_uses')),
          ]),
        ])
        .as('exhausted'),
    ])
    .where((eb) => {
      const parts = [];
      if (ids.length > 0) parts.push(eb('b.promotion_id', 'in', [...ids]));
      if (alsoIdsOf)
        parts.push(eb('b.promotion_id', 'in', alsoIdsOf.clearSelect().clearOrderBy().select('c.id')));
      return parts.length > 0 ? eb.or(parts) : eb.lit(false);
    })
    .orderBy('b.promotion_id');
}
