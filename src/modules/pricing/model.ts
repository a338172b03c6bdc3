/**
 * Types of the layered pricing engine. The scenario (input) and the priced cart (output)
 * are public API: see docs/pricing.md. All amounts are integer minor units (fen, cents).
 */

export const LAYERS = ['item', 'store', 'cross_store', 'platform'] as const;
export type LayerName = (typeof LAYERS)[number];
/** A layer name, or the pseudo-layer "list" (the amounts before any layer). */
export type ThresholdBase = 'list' | LayerName;
export const DEFAULT_LAYERS: readonly LayerName[] = LAYERS;

/** Narrowing and timing every promotion may carry. */
export interface PromotionScope {
  id: string;
  layer: LayerName;
  skus?: string[];
  stores?: string[];
  excludeSkus?: string[];
  /** ISO 8601 with offset; the promotion is in force on [startsAt, endsAt). */
  startsAt?: string;
  endsAt?: string;
}

/** Item layer: `amount` off per unit, never below zero. */
export interface AmountOffPromotion extends PromotionScope {
  type: 'amount_off';
  amount: number;
}
/** Item layer: `percent` off the line amount, rounded half up. */
export interface PercentOffPromotion extends PromotionScope {
  type: 'percent_off';
  percent: number;
}
/** Item layer: the unit price becomes `price` (only if that is lower). */
export interface FixedPricePromotion extends PromotionScope {
  type: 'fixed_price';
  price: number;
}
/** Item layer: a deposit paid earlier counts as `depositValue` per unit (定金膨胀). */
export interface PresalePromotion extends PromotionScope {
  type: 'presale';
  deposit: number;
  depositValue: number;
}

/** Fields of promotions judged on a group threshold. */
export interface GroupScope extends PromotionScope {
  /** Judge the threshold on the amounts after this earlier layer ("list" = before any layer). */
  thresholdBase?: ThresholdBase;
}
/** 满X减Y: the highest tier reached applies. Tiers ascend by threshold. */
export interface ThresholdPromotion extends GroupScope {
  type: 'threshold';
  tiers: { threshold: number; off: number }[];
}
/** A coupon the customer must hold: `off` once the group reaches `threshold` (default 0). */
export interface CouponPromotion extends GroupScope {
  type: 'coupon';
  threshold?: number;
  off: number;
}
/** A percent coupon the customer must hold, on the group amount, optionally capped by `maxOff`. */
export interface PercentCouponPromotion extends GroupScope {
  type: 'percent_coupon';
  threshold?: number;
  percent: number;
  maxOff?: number;
}
/** 每满X减Y: `off` for every full `step`, at most `cap` in total. */
export interface EveryPromotion extends GroupScope {
  type: 'every';
  step: number;
  off: number;
  cap?: number;
}
/** 购物津贴: `off` for every full `step`, paid from the customer's allowance balance. */
export interface AllowancePromotion extends GroupScope {
  type: 'allowance';
  step: number;
  off: number;
}

export type ItemPromotion = AmountOffPromotion | PercentOffPromotion | FixedPricePromotion | PresalePromotion;
export type GroupPromotion =
  | ThresholdPromotion
  | CouponPromotion
  | PercentCouponPromotion
  | EveryPromotion
  | AllowancePromotion;
export type Promotion = ItemPromotion | GroupPromotion;
export type PromotionType = Promotion['type'];

export interface Customer {
  id: string;
  /** Ids of the coupon promotions the customer holds. */
  coupons?: string[];
  /** 购物津贴 balance in minor units (default 0). */
  allowanceBalance?: number;
}

export interface CartLine {
  id: string;
  sku: string;
  store: string;
  unitPrice: number;
  quantity: number;
}

export interface Scenario {
  currency: string;
  /** ISO 8601 with offset: the clock, passed in. */
  now: string;
  layers?: LayerName[];
  promotions: Promotion[];
  customer: Customer;
  lines: CartLine[];
}

export type ReasonCode =
  | 'LAYER_NOT_ACTIVE'
  | 'NOT_STARTED'
  | 'EXPIRED'
  | 'NOT_HELD'
  | 'NOT_ELIGIBLE'
  | 'BALANCE_EXHAUSTED'
  | 'THRESHOLD_NOT_MET'
  | 'NO_DISCOUNT';

export interface Adjustment {
  promotion: string;
  layer: LayerName;
  amount: number;
}

export interface PricedLine {
  id: string;
  subtotal: number;
  discount: number;
  total: number;
  /** Presale lines only: the deposit already paid (D × quantity). */
  deposit?: number;
  /** Presale lines only: total − deposit, what is left to pay. */
  balance?: number;
  adjustments: Adjustment[];
}

export interface AppliedPromotion {
  promotion: string;
  layer: LayerName;
  amount: number;
}

export interface NotApplied {
  promotion: string;
  reason: ReasonCode;
  shortBy?: number;
}

/** 凑单 hint: add `shortBy` more (judged on the promotion's threshold base) to save `extraOff` more. */
export interface Hint {
  promotion: string;
  nextThreshold: number;
  shortBy: number;
  extraOff: number;
}

export interface PricedCart {
  currency: string;
  subtotal: number;
  discount: number;
  total: number;
  lines: PricedLine[];
  applied: AppliedPromotion[];
  notApplied: NotApplied[];
  hints: Hint[];
}

/** One thing wrong with a scenario: a JSON path like `$.promotions[3].tiers[0].off`. */
export interface ScenarioIssue {
  path: string;
  message: string;
}

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioIssue[] };
