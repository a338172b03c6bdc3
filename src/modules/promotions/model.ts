import type { CouponPromotion, PercentCouponPromotion, Promotion } from '../pricing';

/** A pricing promotion as JSON (docs/pricing.md), what the checkout feeds to priceCart. */
export type PromotionJson = Promotion;
/** The promotion a coupon grants: a `coupon` or `percent_coupon` whose id is the coupon id. */
export type CouponPromotionJson = CouponPromotion | PercentCouponPromotion;

export const COUPON_SCOPES = ['platform', 'store'] as const;
export type CouponScope = (typeof COUPON_SCOPES)[number];
export const COUPON_STATUSES = ['active', 'paused'] as const;
export type CouponStatus = (typeof COUPON_STATUSES)[number];
export type RedemptionKind = 'coupon' | 'allowance' | 'promotion';

/** A coupon definition (平台券 issued by the operator, 店铺券 by a store's merchants). */
export interface Coupon {
  id: string;
  campaignId: string | null;
  scope: CouponScope;
  storeId: string | null;
  issuerId: string;
  promotion: CouponPromotionJson;
  claimStartsAt: string;
  claimEndsAt: string;
  perCustomerLimit: number;
  totalQuantity: number;
  claimedCount: number;
  redeemedCount: number;
  status: CouponStatus;
  createdAt: string;
  updatedAt: string;
}

/** What a customer holds of one coupon: `claimed` so far, `used` at checkout. */
export interface WalletEntry {
  coupon: Coupon;
  claimed: number;
  used: number;
  available: number;
}

export interface AllowanceAccount {
  customerId: string;
  campaignId: string;
  balance: number;
  grantedTotal: number;
}

export interface PromotionBudget {
  promotionId: string;
  campaignId: string;
  /** null: no money cap. */
  budgetAmount: number | null;
  spentAmount: number;
  /** null: no cap on total uses. */
  maxUses: number | null;
  uses: number;
  /** null: no per-customer cap. */
  perCustomerUses: number | null;
  /** budgetAmount − spentAmount, or null without a money cap. */
  remainingAmount: number | null;
}
