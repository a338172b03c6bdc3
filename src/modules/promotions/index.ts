/**
 * The promotions module's public surface: coupons, 购物津贴 (allowance), promotion budgets,
 * and the redemption API the checkout calls inside its own transaction (redemption.ts).
 */
export type {
  AllowanceAccount,
  Coupon,
  CouponPromotionJson,
  CouponScope,
  CouponStatus,
  PromotionBudget,
  PromotionJson,
  WalletEntry,
} from './model';
export { allowanceBalanceQuery, budgetStateQuery, heldCouponsQuery } from './reads';
export {
  allowanceBalance,
  exhaustedPromotions,
  type HeldCoupons,
  heldCoupons,
  type RedeemInput,
  type RedeemResult,
  type ReleaseOptions,
  type ReleaseResult,
  redeem,
  release,
} from './redemption';
export { promotionsRoutes } from './routes';
export {
  createPromotionsService,
  findUserWith,
  type PromotionsDeps,
  type PromotionsService,
} from './service';
export type { PromotionTables } from './tables';
