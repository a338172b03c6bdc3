import type { ColumnType, Generated } from 'kysely';
import type { Json, Timestamp } from '../../platform/db/tables';
import type { CouponPromotionJson, CouponScope, CouponStatus, RedemptionKind } from './model';

type Counter = ColumnType<number, number | undefined, number>;

export interface CouponsTable {
  id: string;
  campaign_id: string | null;
  scope: CouponScope;
  store_id: string | null;
  issuer_id: string;
  promotion: Json<CouponPromotionJson>;
  valid_from: Timestamp | null;
  valid_until: Timestamp | null;
  claim_starts_at: Timestamp;
  claim_ends_at: Timestamp;
  per_customer_limit: number;
  total_quantity: number;
  claimed_count: Counter;
  redeemed_count: Counter;
  status: CouponStatus;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CouponWalletTable {
  customer_id: string;
  coupon_id: string;
  claimed: number;
  used: Counter;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CouponCodesTable {
  code: string;
  coupon_id: string;
  redeemed_by: string | null;
  redeemed_at: Timestamp | null;
  created_at: Timestamp;
}

export interface AllowanceAccountsTable {
  customer_id: string;
  campaign_id: string;
  balance: number;
  granted_total: number;
  updated_at: Timestamp;
}

export interface PromotionBudgetsTable {
  promotion_id: string;
  campaign_id: string;
  budget_amount: number | null;
  spent_amount: Counter;
  max_uses: number | null;
  uses: Counter;
  per_customer_uses: number | null;
  updated_at: Timestamp;
}

export interface PromotionUsageTable {
  promotion_id: string;
  customer_id: string;
  uses: number;
  amount: number;
}

export interface PromotionRedemptionsTable {
  id: Generated<number>;
  order_id: string;
  kind: RedemptionKind;
  ref_id: string;
  customer_id: string;
  campaign_id: string | null;
  amount: number;
  released_amount: Counter;
  last_released: Counter;
  created_at: Timestamp;
  released_at: Timestamp | null;
}

export interface PromotionTables {
  coupons: CouponsTable;
  coupon_wallet: CouponWalletTable;
  coupon_codes: CouponCodesTable;
  allowance_accounts: AllowanceAccountsTable;
  promotion_budgets: PromotionBudgetsTable;
  promotion_usage: PromotionUsageTable;
  promotion_redemptions: PromotionRedemptionsTable;
}
