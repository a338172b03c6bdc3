import type { Promotion } from '../pricing';

/** Campaign enrollment (招商): the rules, a store's enrollment, the SKUs it nominates. */
export const NOMINATION_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type NominationStatus = (typeof NOMINATION_STATUSES)[number];

/**
 * Every way an enrollment or a nomination can fail a rule. Each failure names its rule, the
 * SKU when it is about one, and the value needed beside the value given.
 */
export const RULE_CODES = [
  /** now is outside [opensAt, closesAt) */
  'ENROLLMENT_WINDOW',
  /** the store's main category is not among the eligible ones */
  'STORE_CATEGORY',
  /** the store's rating (tenths) is below the minimum */
  'STORE_RATING',
  /** the store sells in another currency than the campaign's */
  'STORE_CURRENCY',
  /** the store did not commit to every required promotion */
  'PROMOTION_COMMITMENT',
  /** the campaign price is above maxPriceBp of the SKU's lowest price in the 30 days before */
  'DISCOUNT_DEPTH',
  /** the campaign stock exceeds the stock on hand */
  'CAMPAIGN_STOCK',
  /** the SKU does not exist or belongs to another store */
  'SKU_NOT_IN_STORE',
  /** the SKU is listed twice in one request */
  'DUPLICATE_SKU',
  /** the SKU is already pending or approved in this campaign */
  'ALREADY_NOMINATED',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

export interface RuleFailure {
  rule: RuleCode;
  /** The SKU the failure is about, for SKU rules. */
  sku?: string;
  /** The input field to fix, as a dotted path (`items.2.campaignPrice`). */
  field?: string;
  needed: unknown;
  given: unknown;
  message: string;
}

/** Promotions and prices of a campaign are in this currency. */
export const CAMPAIGN_CURRENCY = 'CNY';

export interface EnrollmentRules {
  campaignId: string;
  /** Category codes; a group code (`apparel`) covers its leaves. Empty = every category. */
  eligibleCategories: string[];
  minRating: number;
  minRatingTenths: number;
  opensAt: string;
  closesAt: string;
  /** The campaign price may be at most this many basis points of the 30-day lowest price (9000 = 90%). */
  maxPriceBp: number;
  currency: string;
  /** Pricing-engine promotions (docs/pricing.md) the campaign runs. */
  promotions: Promotion[];
  /** Ids among `promotions` every enrolling store must commit to. */
  requiredPromotionIds: string[];
  /**
   * Pre-sale: what happens to a deposit whose balance is not paid in its window; orders keep the
   * rule in force at their checkout.
   */
  depositRule: 'forfeit' | 'refund';
  open: boolean;
  version: number;
  updatedBy: string;
  updatedAt: string;
}

export interface Enrollment {
  id: string;
  campaignId: string;
  storeId: string;
  committedPromotionIds: string[];
  createdBy: string;
  createdAt: string;
}

export interface Nomination {
  id: string;
  enrollmentId: string;
  campaignId: string;
  storeId: string;
  skuId: string;
  title: string;
  category: string;
  campaignPrice: number;
  campaignStock: number;
  /** The SKU's lowest list price in the 30 days before the nomination (the rule's reference). */
  referencePrice: number;
  status: NominationStatus;
  reason: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface NominationItem {
  sku: string;
  campaignPrice: number;
  campaignStock: number;
}

export interface VenueItem {
  nominationId: string;
  sku: string;
  productId: string;
  title: string;
  attributes: Record<string, string>;
  category: string;
  imageUrl: string | null;
  store: { id: string; name: string };
  listPrice: number;
  campaignPrice: number;
  campaignStock: number;
  currency: string;
}
