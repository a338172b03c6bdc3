/**
 * The carts bench/pricing.ts prices: the bench cart (a realistic Double 11 cart: 20 lines over
 * 5 stores, 10 promotions in force, every layer active and every promotion applied) and the
 * large carts of issue 14's target (1,000 lines × 100 promotions).
 */
import type { Scenario } from '../src/modules/pricing';
import { worstCaseScenario } from '../src/modules/pricing/worst-case';

const STORES = ['A', 'B', 'C', 'D', 'E'];

export function benchCart(): Scenario {
  const lines = Array.from({ length: 20 }, (_, i) => ({
    id: `l${String(i + 1).padStart(2, '0')}`,
    sku: `sku${i % 12}`,
    store: STORES[i % 5]!,
    unitPrice: 1990 + ((i * 7919) % 60000),
    quantity: 1 + (i % 3),
  }));
  return {
    currency: 'CNY',
    now: '2026-11-11T00:10:00+08:00',
    promotions: [
      { id: 'd1', layer: 'item', type: 'amount_off', skus: ['sku1', 'sku2'], amount: 500 },
      { id: 'd2', layer: 'item', type: 'percent_off', skus: ['sku3', 'sku4', 'sku5'], percent: 12 },
      { id: 'd3', layer: 'item', type: 'fixed_price', skus: ['sku6'], price: 9900 },
      { id: 'p1', layer: 'item', type: 'presale', skus: ['sku7'], deposit: 5000, depositValue: 8000 },
      {
        id: 's1',
        layer: 'store',
        type: 'threshold',
        stores: ['A'],
        tiers: [
          { threshold: 20000, off: 2000 },
          { threshold: 60000, off: 8000 },
          { threshold: 200000, off: 30000 },
        ],
      },
      { id: 's2', layer: 'store', type: 'coupon', stores: ['B'], threshold: 10000, off: 1500 },
      {
        id: 'x1',
        layer: 'cross_store',
        type: 'every',
        stores: ['A', 'B', 'C', 'D'],
        step: 30000,
        off: 5000,
        cap: 100000,
        thresholdBase: 'item',
        startsAt: '2026-11-10T20:00:00+08:00',
        endsAt: '2026-11-12T00:00:00+08:00',
      },
      { id: 'c1', layer: 'platform', type: 'coupon', threshold: 40000, off: 5000, thresholdBase: 'item' },
      {
        id: 'c2',
        layer: 'platform',
        type: 'percent_coupon',
        threshold: 10000,
        percent: 5,
        maxOff: 20000,
        excludeSkus: ['sku11'],
      },
      { id: 'a1', layer: 'platform', type: 'allowance', step: 40000, off: 5000 },
    ],
    customer: { id: 'u1', coupons: ['s2', 'c1', 'c2'], allowanceBalance: 30000 },
    lines,
  };
}

/**
 * Issue 14's large cart: 1,000 lines × 100 promotions built like the quote caps' worst case
 * (worst-case.ts: every layer busy, group promotions that qualify and apportion over hundreds
 * of lines, 100 tiers per threshold), with scope lists of 100 entries, the quote's cap. The
 * store- and store-list-scoped half covers every line; the SKU-scoped half covers 100 each.
 */
export const largeCart = (): Scenario => worstCaseScenario(1000, 100, 100);

/** The same with lists of 1,000: every line in every promotion's scope (100,000 adjustments). */
export const largestCart = (): Scenario => worstCaseScenario(1000, 100, 1000);
