import type { Selectable } from 'kysely';
import type { AllowanceAccount, Coupon, PromotionBudget } from './model';
import type { AllowanceAccountsTable, CouponsTable, PromotionBudgetsTable } from './tables';

export type CouponRow = Selectable<CouponsTable>;

const iso = (d: Date | string) => new Date(d).toISOString();

export function toCoupon(row: CouponRow): Coupon {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    scope: row.scope,
    storeId: row.store_id,
    issuerId: row.issuer_id,
    promotion: row.promotion,
    claimStartsAt: iso(row.claim_starts_at),
    claimEndsAt: iso(row.claim_ends_at),
    perCustomerLimit: row.per_customer_limit,
    totalQuantity: row.total_quantity,
    claimedCount: Number(row.claimed_count),
    redeemedCount: Number(row.redeemed_count),
    status: row.status,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function toAllowanceAccount(row: Selectable<AllowanceAccountsTable>): AllowanceAccount {
  return {
    customerId: row.customer_id,
    campaignId: row.campaign_id,
    balance: Number(row.balance),
    grantedTotal: Number(row.granted_total),
  };
}

export function toBudget(row: Selectable<PromotionBudgetsTable>): PromotionBudget {
  const budgetAmount = row.budget_amount === null ? null : Number(row.budget_amount);
  const spentAmount = Number(row.spent_amount);
  return {
    promotionId: row.promotion_id,
    campaignId: row.campaign_id,
    budgetAmount,
    spentAmount,
    maxUses: row.max_uses,
    uses: Number(row.uses),
    perCustomerUses: row.per_customer_uses,
    remainingAmount: budgetAmount === null ? null : budgetAmount - spentAmount,
  };
}

/** A referenced row (campaign, user) does not exist: the database said so atomically. */
export const isForeignKeyViolation = (e: unknown, column: string) => {
  const message = String((e as Error)?.message ?? '');
  return message.includes('foreign key') && message.includes(`_${column}_fkey`);
};
