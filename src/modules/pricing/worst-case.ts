import type { Promotion, Scenario } from './model';

/**
 * The most expensive scenario the quote caps allow, as far as we know the engine: every line
 * in every promotion's scope, found at the end of each scope list (the longest scan), every
 * layer busy, and group promotions that qualify (so they apportion). For the caps' test and
 * bench/quote-worst-case.ts.
 */
export function worstCaseScenario(lines: number, promotions: number, listEntries: number): Scenario {
  const stores = Array.from({ length: Math.min(lines, 20) }, (_, i) => `store${i}`);
  const cartLines = Array.from({ length: lines }, (_, i) => ({
    id: `l${String(i).padStart(4, '0')}`,
    sku: `sku${i}`,
    store: stores[i % stores.length]!,
    unitPrice: 100_000 + i,
    quantity: 3,
  }));
  // Lists end with what the lines have, after filler that never matches.
  const list = (real: string[]) => {
    const filler = Array.from({ length: Math.max(0, listEntries - real.length) }, (_, i) => `none${i}`);
    return [...filler, ...real].slice(-listEntries);
  };
  const allSkus = cartLines.map((l) => l.sku);
  const kinds: ((i: number) => Promotion)[] = [
    (i) => ({ id: `p${i}`, layer: 'item', type: 'percent_off', percent: 1, skus: list(allSkus) }),
    (i) => ({
      id: `p${i}`,
      layer: 'store',
      type: 'threshold',
      stores: list(stores),
      excludeSkus: list([]),
      tiers: Array.from({ length: listEntries }, (_, t) => ({
        threshold: 1000 * (t + 1),
        off: 10 * (t + 1),
      })),
    }),
    (i) => ({
      id: `p${i}`,
      layer: 'cross_store',
      type: 'every',
      step: 10_000,
      off: 100,
      stores: list(stores),
    }),
    (i) => ({
      id: `p${i}`,
      layer: 'platform',
      type: 'coupon',
      threshold: 1000,
      off: 500,
      skus: list(allSkus),
    }),
  ];
  const promos = Array.from({ length: promotions }, (_, i) => kinds[i % kinds.length]!(i));
  return {
    currency: 'CNY',
    now: '2026-11-11T00:00:00+08:00',
    promotions: promos,
    customer: { id: 'c', coupons: promos.filter((p) => p.type === 'coupon').map((p) => p.id) },
    lines: cartLines,
  } as Scenario;
}
