import { formatMoney } from '../../platform/money';
import { categoryIn } from '../catalog';
import type { EnrollmentRules, NominationItem, RuleFailure } from './model';

/**
 * The enrollment rules as pure functions: facts in, every failure out (never only the first),
 * each explaining the rule, the SKU, the value needed and the value given. No I/O, the clock
 * passed in.
 */

/** The highest campaign price the discount-depth rule allows: floor(lowest × bp / 10000). */
export function maxCampaignPrice(lowest: number, maxPriceBp: number): number {
  return Number((BigInt(lowest) * BigInt(maxPriceBp)) / 10000n);
}

export const isOpen = (rules: Pick<EnrollmentRules, 'opensAt' | 'closesAt'>, now: Date) =>
  Date.parse(rules.opensAt) <= now.getTime() && now.getTime() < Date.parse(rules.closesAt);

export function checkWindow(rules: EnrollmentRules, now: Date): RuleFailure[] {
  if (isOpen(rules, now)) return [];
  return [
    {
      rule: 'ENROLLMENT_WINDOW',
      needed: { opensAt: rules.opensAt, closesAt: rules.closesAt },
      given: now.toISOString(),
      message:
        now.getTime() < Date.parse(rules.opensAt)
          ? `Enrollment opens at ${rules.opensAt}`
          : `Enrollment closed at ${rules.closesAt}`,
    },
  ];
}

export interface StoreFacts {
  mainCategory: string;
  ratingTenths: number;
  currency: string;
}

export function checkStore(rules: EnrollmentRules, store: StoreFacts): RuleFailure[] {
  const out: RuleFailure[] = [];
  if (
    rules.eligibleCategories.length > 0 &&
    !rules.eligibleCategories.some((c) => categoryIn(store.mainCategory, c))
  )
    out.push({
      rule: 'STORE_CATEGORY',
      needed: rules.eligibleCategories,
      given: store.mainCategory,
      message: `The store's main category ${store.mainCategory} is not one of ${rules.eligibleCategories.join(', ')}`,
    });
  if (store.ratingTenths < rules.minRatingTenths)
    out.push({
      rule: 'STORE_RATING',
      needed: rules.minRatingTenths,
      given: store.ratingTenths,
      message: `The store's rating ${(store.ratingTenths / 10).toFixed(1)} is below the minimum ${(rules.minRatingTenths / 10).toFixed(1)}`,
    });
  if (store.currency !== rules.currency)
    out.push({
      rule: 'STORE_CURRENCY',
      needed: rules.currency,
      given: store.currency,
      message: `The campaign prices in ${rules.currency}; the store sells in ${store.currency}`,
    });
  return out;
}

export function checkCommitments(rules: EnrollmentRules, committed: readonly string[]): RuleFailure[] {
  const missing = rules.requiredPromotionIds.filter((id) => !committed.includes(id));
  if (missing.length === 0) return [];
  return [
    {
      rule: 'PROMOTION_COMMITMENT',
      field: 'commitments',
      needed: rules.requiredPromotionIds,
      given: [...committed],
      message: `The store must commit to the promotions ${missing.join(', ')}`,
    },
  ];
}

/** What the service looked up about one nominated SKU. */
export interface SkuFacts {
  /** False when the SKU does not exist or belongs to another store. */
  inStore: boolean;
  stock: number;
  /** Lowest list price over the 30 days before now (null: no price in force in the window). */
  lowest: number | null;
  currentPrice: number;
  /** Already pending or approved in this campaign. */
  alreadyNominated: boolean;
}

export function checkItem(
  rules: EnrollmentRules,
  item: NominationItem,
  facts: SkuFacts,
  index: number,
  duplicate = false,
): RuleFailure[] {
  const at = (f: string) => `items.${index}.${f}`;
  if (!facts.inStore)
    return [
      {
        rule: 'SKU_NOT_IN_STORE',
        sku: item.sku,
        field: at('sku'),
        needed: 'a SKU of this store',
        given: item.sku,
        message: `SKU ${item.sku} is not a SKU of this store`,
      },
    ];
  const out: RuleFailure[] = [];
  if (duplicate)
    out.push({
      rule: 'DUPLICATE_SKU',
      sku: item.sku,
      field: at('sku'),
      needed: 'each SKU once',
      given: item.sku,
      message: `SKU ${item.sku} is listed more than once`,
    });
  if (facts.alreadyNominated)
    out.push({
      rule: 'ALREADY_NOMINATED',
      sku: item.sku,
      field: at('sku'),
      needed: 'not yet pending or approved in this campaign',
      given: item.sku,
      message: `SKU ${item.sku} is already nominated to this campaign`,
    });
  // A SKU without history (cannot happen once created) is judged on its current price.
  const reference = facts.lowest ?? facts.currentPrice;
  const cap = maxCampaignPrice(reference, rules.maxPriceBp);
  if (item.campaignPrice > cap)
    out.push({
      rule: 'DISCOUNT_DEPTH',
      sku: item.sku,
      field: at('campaignPrice'),
      needed: cap,
      given: item.campaignPrice,
      message: `The campaign price must be at most ${formatMoney({ amount: cap, currency: rules.currency })} (${rules.maxPriceBp / 100}% of the 30-day lowest price ${formatMoney({ amount: reference, currency: rules.currency })}); got ${formatMoney({ amount: item.campaignPrice, currency: rules.currency })}`,
    });
  if (item.campaignStock > facts.stock)
    out.push({
      rule: 'CAMPAIGN_STOCK',
      sku: item.sku,
      field: at('campaignStock'),
      needed: facts.stock,
      given: item.campaignStock,
      message: `The campaign stock ${item.campaignStock} exceeds the stock on hand ${facts.stock}`,
    });
  return out;
}
