/**
 * FROZEN REFERENCE, test and bench only: promotion-types.ts as it was before issue 14, used by
 * ./engine-v1.ts so that the reference engine shares nothing with the optimised one but the
 * types. See engine-v1.ts for why it exists; do not change it.
 */

import type {
  AllowancePromotion,
  CouponPromotion,
  EveryPromotion,
  GroupPromotion,
  Hint,
  ItemPromotion,
  LayerName,
  PercentCouponPromotion,
  Promotion,
  PromotionType,
  ThresholdPromotion,
} from '../model';
import { mulDivHalfUpFast } from './apportion-v1';

/**
 * The registry of promotion types (Vendure style): each type is a small self-describing
 * entry saying which layers it may sit in and how it computes its discount. The engine
 * (engine.ts) does the rest: time windows, coupons held, which lines a promotion covers,
 * threshold bases, caps and apportionment.
 */

/** What an item rule sees of one line. */
export interface LineView {
  unitPrice: number;
  quantity: number;
  /** The line amount after everything applied so far. */
  running: number;
}

export interface ItemRule<P extends ItemPromotion = ItemPromotion> {
  kind: 'item';
  type: P['type'];
  layers: readonly LayerName[];
  /** The discount on one line (0..running). */
  lineDiscount(p: P, line: LineView): number;
}

export type GroupOutcome =
  | { off: number; hint?: Omit<Hint, 'promotion'> }
  | { reason: 'THRESHOLD_NOT_MET'; shortBy: number; hint?: Omit<Hint, 'promotion'> }
  | { reason: 'BALANCE_EXHAUSTED' };

export interface GroupRule<P extends GroupPromotion = GroupPromotion> {
  kind: 'group';
  type: P['type'];
  layers: readonly LayerName[];
  /** Applies only when the customer holds it (customer.coupons has its id). */
  coupon: boolean;
  /** Draws on the customer's allowance balance. */
  allowance: boolean;
  /**
   * `base`: the group amount the threshold is judged on; `running`: what the group amounts
   * to now; `allowanceLeft`: the customer's allowance balance still unspent. Returns the
   * discount before the group cap (the engine caps it at what the group still has to pay).
   */
  evaluate(p: P, base: number, running: number, allowanceLeft: number): GroupOutcome;
}

const GROUP_LAYERS: readonly LayerName[] = ['store', 'cross_store', 'platform'];
const ITEM_LAYERS: readonly LayerName[] = ['item'];

const amountOff: ItemRule<Extract<ItemPromotion, { type: 'amount_off' }>> = {
  kind: 'item',
  type: 'amount_off',
  layers: ITEM_LAYERS,
  lineDiscount: (p, l) => Math.min(p.amount * l.quantity, l.running),
};

const percentOff: ItemRule<Extract<ItemPromotion, { type: 'percent_off' }>> = {
  kind: 'item',
  type: 'percent_off',
  layers: ITEM_LAYERS,
  lineDiscount: (p, l) => mulDivHalfUpFast(l.running, p.percent, 100),
};

const fixedPrice: ItemRule<Extract<ItemPromotion, { type: 'fixed_price' }>> = {
  kind: 'item',
  type: 'fixed_price',
  layers: ITEM_LAYERS,
  lineDiscount: (p, l) => Math.max(0, l.running - p.price * l.quantity),
};

/** 定金膨胀: the deposit D counts as W, so the line drops by (W − D) per unit. */
const presale: ItemRule<Extract<ItemPromotion, { type: 'presale' }>> = {
  kind: 'item',
  type: 'presale',
  layers: ITEM_LAYERS,
  lineDiscount: (p, l) => {
    const deposit = Math.min(p.deposit * l.quantity, l.running);
    return Math.min((p.depositValue - p.deposit) * l.quantity, l.running - deposit);
  },
};

const threshold: GroupRule<ThresholdPromotion> = {
  kind: 'group',
  type: 'threshold',
  layers: GROUP_LAYERS,
  coupon: false,
  allowance: false,
  evaluate: (p, base) => {
    const tiers = p.tiers;
    let reached = -1;
    for (let i = 0; i < tiers.length; i++) if (base >= tiers[i]!.threshold) reached = i;
    const next = tiers[reached + 1];
    const current = reached >= 0 ? tiers[reached]!.off : 0;
    const hint = next
      ? { nextThreshold: next.threshold, shortBy: next.threshold - base, extraOff: next.off - current }
      : undefined;
    if (reached < 0) return { reason: 'THRESHOLD_NOT_MET', shortBy: tiers[0]!.threshold - base, hint };
    return hint ? { off: current, hint } : { off: current };
  },
};

const coupon: GroupRule<CouponPromotion> = {
  kind: 'group',
  type: 'coupon',
  layers: GROUP_LAYERS,
  coupon: true,
  allowance: false,
  evaluate: (p, base) => {
    const t = p.threshold ?? 0;
    if (base < t) {
      return {
        reason: 'THRESHOLD_NOT_MET',
        shortBy: t - base,
        hint: { nextThreshold: t, shortBy: t - base, extraOff: p.off },
      };
    }
    return { off: p.off };
  },
};

const percentCoupon: GroupRule<PercentCouponPromotion> = {
  kind: 'group',
  type: 'percent_coupon',
  layers: GROUP_LAYERS,
  coupon: true,
  allowance: false,
  evaluate: (p, base, running) => {
    const t = p.threshold ?? 0;
    // No hint: what a percent saves depends on what is added.
    if (base < t) return { reason: 'THRESHOLD_NOT_MET', shortBy: t - base };
    const off = mulDivHalfUpFast(running, p.percent, 100);
    return { off: p.maxOff === undefined ? off : Math.min(off, p.maxOff) };
  },
};

/** Shared by `every` and `allowance`: `off` per full `step`, limited by `limit`. */
function perStep(step: number, perOff: number, base: number, limit: number): GroupOutcome {
  const n = Math.floor(base / step);
  const off = Math.min(n * perOff, limit);
  const nextThreshold = (n + 1) * step;
  const extraOff = Math.min(perOff, limit - off);
  const hint = extraOff > 0 ? { nextThreshold, shortBy: nextThreshold - base, extraOff } : undefined;
  if (n === 0) return { reason: 'THRESHOLD_NOT_MET', shortBy: step - base, hint };
  return hint ? { off, hint } : { off };
}

const every: GroupRule<EveryPromotion> = {
  kind: 'group',
  type: 'every',
  layers: GROUP_LAYERS,
  coupon: false,
  allowance: false,
  evaluate: (p, base) => perStep(p.step, p.off, base, p.cap ?? Number.MAX_SAFE_INTEGER),
};

const allowance: GroupRule<AllowancePromotion> = {
  kind: 'group',
  type: 'allowance',
  layers: GROUP_LAYERS,
  coupon: false,
  allowance: true,
  evaluate: (p, base, _running, allowanceLeft) =>
    allowanceLeft <= 0 ? { reason: 'BALANCE_EXHAUSTED' } : perStep(p.step, p.off, base, allowanceLeft),
};

export const PROMOTION_TYPES = {
  amount_off: amountOff,
  percent_off: percentOff,
  fixed_price: fixedPrice,
  presale,
  threshold,
  coupon,
  percent_coupon: percentCoupon,
  every,
  allowance,
} as const satisfies Record<PromotionType, unknown>;

/** The rule of a promotion, typed loosely for the engine's dispatch. */
export function ruleOf(p: Promotion): ItemRule | GroupRule {
  return PROMOTION_TYPES[p.type] as unknown as ItemRule | GroupRule;
}
