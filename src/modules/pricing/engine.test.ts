import { describe, expect, it } from 'vitest';
import { allocateLargestRemainder, mulDivHalfUp } from '../../platform/money';
import { apportionCapped, largestRemainder, mulDivHalfUpFast } from './apportion';
import type { Promotion } from './model';
import { line, lineById, price, scenario, shares } from './test-helpers';

describe('item layer', () => {
  it('percent_off rounds half up on the line amount', () => {
    const cart = price(
      scenario(
        [{ id: 'd', layer: 'item', type: 'percent_off', percent: 15 }],
        [line('a', 1010), line('b', 1003), line('c', 1004), line('e', 335, 3)],
      ),
    );
    // 1010*15% = 151.5 -> 152; 1003*15% = 150.45 -> 150; 1004*15% = 150.6 -> 151; 1005*15% = 150.75 -> 151
    expect(shares(cart, 'd')).toEqual({ a: 152, b: 150, c: 151, e: 151 });
    expect(cart.applied).toEqual([{ promotion: 'd', layer: 'item', amount: 604 }]);
  });

  it('amount_off is per unit times quantity and never takes a line below zero', () => {
    const cart = price(
      scenario(
        [{ id: 'd', layer: 'item', type: 'amount_off', amount: 500 }],
        [line('a', 300, 2), line('b', 2000, 3)],
      ),
    );
    expect(lineById(cart, 'a')).toMatchObject({ subtotal: 600, discount: 600, total: 0 });
    expect(lineById(cart, 'b')).toMatchObject({ subtotal: 6000, discount: 1500, total: 4500 });
  });

  it('fixed_price sets the unit price, only when lower', () => {
    const cart = price(
      scenario(
        [
          { id: 'f1', layer: 'item', type: 'fixed_price', skus: ['a'], price: 9900 },
          { id: 'f2', layer: 'item', type: 'fixed_price', skus: ['b'], price: 9900 },
        ],
        [line('a', 12900, 2), line('b', 5000)],
      ),
    );
    expect(lineById(cart, 'a')).toMatchObject({ discount: 6000, total: 19800 });
    expect(cart.notApplied).toEqual([{ promotion: 'f2', reason: 'NO_DISCOUNT' }]);
  });

  it('presale: the deposit counts as its inflated value; deposit and balance are shown', () => {
    const cart = price(
      scenario(
        [{ id: 'p', layer: 'item', type: 'presale', deposit: 10000, depositValue: 15000 }],
        [line('a', 59900, 2)],
      ),
    );
    expect(lineById(cart, 'a')).toEqual({
      id: 'a',
      subtotal: 119800,
      discount: 10000,
      total: 109800,
      deposit: 20000,
      balance: 89800,
      adjustments: [{ promotion: 'p', layer: 'item', amount: 10000 }],
    });
  });

  it('later discounts never take a presale line below its paid deposit', () => {
    const cart = price(
      scenario(
        [
          { id: 'p', layer: 'item', type: 'presale', skus: ['a'], deposit: 10000, depositValue: 15000 },
          { id: 'c', layer: 'platform', type: 'coupon', off: 100000 },
        ],
        [line('a', 30000), line('b', 5000)],
        { coupons: ['c'] },
      ),
    );
    // a: 30000 - 5000 = 25000, floor 10000 -> room 15000; b room 5000; group cap 20000.
    expect(lineById(cart, 'a')).toMatchObject({ total: 10000, deposit: 10000, balance: 0 });
    expect(lineById(cart, 'b')).toMatchObject({ total: 0 });
    expect(cart.applied.at(-1)).toEqual({ promotion: 'c', layer: 'platform', amount: 20000 });
  });

  it('several promotions in one layer apply in the given order on the running amounts', () => {
    const cart = price(
      scenario(
        [
          { id: 'x', layer: 'item', type: 'amount_off', amount: 1000 },
          { id: 'y', layer: 'item', type: 'percent_off', percent: 10 },
        ],
        [line('a', 10000)],
      ),
    );
    expect(lineById(cart, 'a').adjustments).toEqual([
      { promotion: 'x', layer: 'item', amount: 1000 },
      { promotion: 'y', layer: 'item', amount: 900 },
    ]);
  });
});

describe('apportionment', () => {
  it('splits by largest remainder, ties to the earlier line in line-id order', () => {
    const promos = [{ id: 'c', layer: 'platform' as const, type: 'coupon' as const, off: 10 }];
    const a = price(
      scenario(promos, [line('x', 1000), line('y', 1000), line('z', 1000)], { coupons: ['c'] }),
    );
    expect(shares(a, 'c')).toEqual({ x: 4, y: 3, z: 3 });
    // Input order does not matter: ties follow the ids.
    const b = price(
      scenario(promos, [line('z', 1000), line('y', 1000), line('x', 1000)], { coupons: ['c'] }),
    );
    expect(shares(b, 'c')).toEqual({ x: 4, y: 3, z: 3 });
    expect(b.lines.map((l) => l.id)).toEqual(['z', 'y', 'x']);
  });

  it('gives leftover units to the largest remainders', () => {
    const cart = price(
      scenario(
        [{ id: 'c', layer: 'platform', type: 'coupon', off: 100 }],
        [line('a', 333), line('b', 333), line('c', 334)],
        { coupons: ['c'] },
      ),
    );
    // 33.3, 33.3, 33.4 -> floors 33,33,33, the one unit left to c (remainder .4)
    expect(shares(cart, 'c')).toEqual({ a: 33, b: 33, c: 34 });
  });

  it('re-spreads the excess when a line would go below zero', () => {
    const cart = price(
      scenario(
        [
          { id: 'f', layer: 'item', type: 'fixed_price', skus: ['a'], price: 100 },
          { id: 'c', layer: 'platform', type: 'coupon', off: 9000, thresholdBase: 'list' },
        ],
        [line('a', 10000), line('b', 10000), line('d', 20000)],
        { coupons: ['c'] },
      ),
    );
    // weights (list) 10000:10000:20000 -> 2250, 2250, 4500; a has only 100 left: capped,
    // excess 2150 re-spread over b:d = 1:2 -> 716.67, 1433.33 -> 717, 1433.
    expect(shares(cart, 'c')).toEqual({ a: 100, b: 2967, d: 5933 });
    expect(lineById(cart, 'a').total).toBe(0);
    // 40000 - 9900 (fixed price) - 9000
    expect(cart.total).toBe(21100);
  });

  it('caps the group discount at what the group still has to pay', () => {
    const cart = price(
      scenario([{ id: 'c', layer: 'store', type: 'coupon', off: 5000 }], [line('a', 1000), line('b', 2000)], {
        coupons: ['c'],
      }),
    );
    expect(cart.applied).toEqual([{ promotion: 'c', layer: 'store', amount: 3000 }]);
    expect(cart.total).toBe(0);
  });

  it('number-only helpers agree with the BigInt ones, including the fallback', () => {
    expect(mulDivHalfUpFast(2 ** 52, 3, 100)).toBe(mulDivHalfUp(2 ** 52, 3, 100));
    expect(mulDivHalfUpFast(5, 50, 100)).toBe(3);
    expect(mulDivHalfUpFast(1005, 15, 100)).toBe(151);
    expect(largestRemainder(2 ** 50, [1, 1, 1])).toEqual([375299968947542, 375299968947541, 375299968947541]);
    expect(largestRemainder(2 ** 40, [2 ** 20, 3, 2 ** 21])).toEqual(
      allocateLargestRemainder(2 ** 40, [2 ** 20, 3, 2 ** 21]),
    );
    expect(largestRemainder(7, [1, 1, 1, 1, 1])).toEqual([2, 2, 1, 1, 1]);
    expect(largestRemainder(5, [0, 0])).toEqual([3, 2]);
    expect(apportionCapped(10, [5, 5, 5], [1, 2, 100])).toEqual([1, 2, 7]);
  });
});

describe('store, cross-store and platform layers', () => {
  it('judges a store-layer threshold per store, even when it names several stores', () => {
    const s1: Promotion = {
      id: 's1',
      layer: 'store',
      type: 'threshold',
      stores: ['A', 'B'],
      tiers: [{ threshold: 50000, off: 5000 }],
    };
    const cart = price(
      scenario(
        [s1],
        [line('a1', 40000, 1, 'a1', 'A'), line('a2', 10000, 1, 'a2', 'A'), line('b1', 30000, 1, 'b1', 'B')],
      ),
    );
    // Store A reaches 500.00 on its own; store B's 300.00 does not, and pooling would wrongly give B a share.
    expect(shares(cart, 's1')).toEqual({ a1: 4000, a2: 1000, b1: 0 });
    expect(cart.applied).toEqual([{ promotion: 's1', layer: 'store', amount: 5000 }]);
    expect(cart.hints).toEqual([expect.objectContaining({ promotion: 's1', shortBy: 20000 })]);
    const none = price(scenario([s1], [line('a1', 40000, 1, 'a1', 'A'), line('b1', 45000, 1, 'b1', 'B')]));
    expect(none.notApplied).toEqual([{ promotion: 's1', reason: 'THRESHOLD_NOT_MET', shortBy: 5000 }]);
  });

  it('threshold: the highest tier reached applies, with an upsell hint for the next tier', () => {
    const tiers = [
      { threshold: 20000, off: 2000 },
      { threshold: 40000, off: 5000 },
      { threshold: 60000, off: 8000 },
    ];
    const cart = price(
      scenario([{ id: 's', layer: 'store', type: 'threshold', stores: ['A'], tiers }], [line('a', 45000)]),
    );
    expect(cart.applied).toEqual([{ promotion: 's', layer: 'store', amount: 5000 }]);
    expect(cart.hints).toEqual([{ promotion: 's', nextThreshold: 60000, shortBy: 15000, extraOff: 3000 }]);
    const low = price(
      scenario([{ id: 's', layer: 'store', type: 'threshold', stores: ['A'], tiers }], [line('a', 18000)]),
    );
    expect(low.notApplied).toEqual([{ promotion: 's', reason: 'THRESHOLD_NOT_MET', shortBy: 2000 }]);
    expect(low.hints).toEqual([{ promotion: 's', nextThreshold: 20000, shortBy: 2000, extraOff: 2000 }]);
  });

  it('every: off per full step, capped, with a hint below the cap', () => {
    const promo = {
      id: 'x',
      layer: 'cross_store' as const,
      type: 'every' as const,
      stores: ['A', 'B'],
      step: 30000,
      off: 5000,
      cap: 20000,
    };
    const two = price(scenario([promo], [line('a', 40000, 1, 'a', 'A'), line('b', 30000, 1, 'b', 'B')]));
    expect(two.applied).toEqual([{ promotion: 'x', layer: 'cross_store', amount: 10000 }]);
    expect(two.hints).toEqual([{ promotion: 'x', nextThreshold: 90000, shortBy: 20000, extraOff: 5000 }]);
    const capped = price(scenario([promo], [line('a', 1000000, 1, 'a', 'A')]));
    expect(capped.applied).toEqual([{ promotion: 'x', layer: 'cross_store', amount: 20000 }]);
    expect(capped.hints).toEqual([]);
    const none = price(scenario([promo], [line('a', 29999, 1, 'a', 'A'), line('c', 99999, 1, 'c', 'C')]));
    expect(none.notApplied).toEqual([{ promotion: 'x', reason: 'THRESHOLD_NOT_MET', shortBy: 1 }]);
  });

  it('thresholdBase judges on the amounts after an earlier layer (平行满减) and weights by them', () => {
    const promos = (base?: 'item' | 'list') => [
      { id: 's', layer: 'store' as const, type: 'coupon' as const, stores: ['A'], off: 1000 },
      {
        id: 'x',
        layer: 'cross_store' as const,
        type: 'every' as const,
        step: 30000,
        off: 5000,
        ...(base ? { thresholdBase: base } : {}),
      },
    ];
    const lines = [line('a', 20000, 1, 'a', 'A'), line('b', 10000, 1, 'b', 'B')];
    const running = price(scenario(promos(), lines, { coupons: ['s'] }));
    expect(running.notApplied).toEqual([{ promotion: 'x', reason: 'THRESHOLD_NOT_MET', shortBy: 1000 }]);
    const parallel = price(scenario(promos('item'), lines, { coupons: ['s'] }));
    expect(parallel.applied.at(-1)).toEqual({ promotion: 'x', layer: 'cross_store', amount: 5000 });
    // weights are the item-layer amounts 20000:10000 -> 3333.33, 1666.67 -> 3333, 1667
    expect(shares(parallel, 'x')).toEqual({ a: 3333, b: 1667 });
  });

  it('thresholdBase "list" ignores item discounts', () => {
    const cart = price(
      scenario(
        [
          { id: 'd', layer: 'item', type: 'percent_off', percent: 50 },
          { id: 'c', layer: 'platform', type: 'coupon', threshold: 10000, off: 1000, thresholdBase: 'list' },
        ],
        [line('a', 10000)],
        { coupons: ['c'] },
      ),
    );
    expect(cart.total).toBe(4000);
  });

  it('coupons apply only when held', () => {
    const cart = price(
      scenario(
        [
          { id: 'c', layer: 'platform', type: 'coupon', off: 100 },
          { id: 'p', layer: 'store', type: 'percent_coupon', percent: 10 },
        ],
        [line('a', 1000)],
        { coupons: ['other'] },
      ),
    );
    expect(cart.notApplied).toEqual([
      { promotion: 'p', reason: 'NOT_HELD' },
      { promotion: 'c', reason: 'NOT_HELD' },
    ]);
  });

  it('percent_coupon: percent of the group amount, half up, capped by maxOff', () => {
    const p = {
      id: 'p',
      layer: 'platform' as const,
      type: 'percent_coupon' as const,
      threshold: 1000,
      percent: 15,
    };
    const cart = price(scenario([p], [line('a', 1010), line('b', 1000)], { coupons: ['p'] }));
    // 2010 * 15% = 301.5 -> 302 split 1010:1000 -> 151.75, 150.25 -> 152, 150
    expect(shares(cart, 'p')).toEqual({ a: 152, b: 150 });
    const capped = price(
      scenario([{ ...p, maxOff: 200 }], [line('a', 1010), line('b', 1000)], { coupons: ['p'] }),
    );
    expect(capped.applied).toEqual([{ promotion: 'p', layer: 'platform', amount: 200 }]);
    const short = price(scenario([p], [line('a', 900)], { coupons: ['p'] }));
    expect(short.notApplied).toEqual([{ promotion: 'p', reason: 'THRESHOLD_NOT_MET', shortBy: 100 }]);
  });

  it('allowance: off per step, limited by the balance, shared across allowance promotions', () => {
    const a = { id: 'a', layer: 'platform' as const, type: 'allowance' as const, step: 40000, off: 5000 };
    const cart = price(scenario([a, { ...a, id: 'b' }], [line('x', 130000)], { allowanceBalance: 12000 }));
    // 3 steps = 15000, balance 12000 -> 12000; b finds the balance spent.
    expect(cart.applied).toEqual([{ promotion: 'a', layer: 'platform', amount: 12000 }]);
    expect(cart.notApplied).toEqual([{ promotion: 'b', reason: 'BALANCE_EXHAUSTED' }]);
    const none = price(scenario([a], [line('x', 130000)]));
    expect(none.notApplied).toEqual([{ promotion: 'a', reason: 'BALANCE_EXHAUSTED' }]);
    const below = price(scenario([a], [line('x', 100000)], { allowanceBalance: 100000 }));
    expect(below.applied).toEqual([{ promotion: 'a', layer: 'platform', amount: 10000 }]);
    expect(below.hints).toEqual([{ promotion: 'a', nextThreshold: 120000, shortBy: 20000, extraOff: 5000 }]);
  });
});

describe('scope, time and layers', () => {
  it('a group already at zero gets NO_DISCOUNT, not a negative line', () => {
    const cart = price(
      scenario(
        [
          { id: 'd', layer: 'item', type: 'percent_off', percent: 100 },
          {
            id: 's',
            layer: 'store',
            type: 'threshold',
            tiers: [{ threshold: 0, off: 100 }],
            thresholdBase: 'list',
          },
        ],
        [line('a', 1000)],
      ),
    );
    expect(cart.total).toBe(0);
    expect(cart.notApplied).toEqual([{ promotion: 's', reason: 'NO_DISCOUNT' }]);
  });

  it('skus, stores and excludeSkus narrow a promotion; no match is NOT_ELIGIBLE', () => {
    const cart = price(
      scenario(
        [
          { id: 'p', layer: 'platform', type: 'coupon', off: 300, excludeSkus: ['x'] },
          { id: 's', layer: 'store', type: 'coupon', off: 100, stores: ['Z'] },
          { id: 'k', layer: 'item', type: 'amount_off', amount: 10, skus: ['y'], stores: ['B'] },
        ],
        [line('x', 1000), line('y', 1000, 1, 'y', 'A')],
        { coupons: ['p', 's'] },
      ),
    );
    expect(shares(cart, 'p')).toEqual({ x: 0, y: 300 });
    expect(cart.notApplied).toEqual([
      { promotion: 'k', reason: 'NOT_ELIGIBLE' },
      { promotion: 's', reason: 'NOT_ELIGIBLE' },
    ]);
  });

  it('time windows are half-open [startsAt, endsAt), offsets respected', () => {
    const base = { layer: 'item' as const, type: 'amount_off' as const, amount: 1 };
    const cart = price(
      scenario(
        [
          { ...base, id: 'starts-now', startsAt: '2026-11-10T16:10:00Z' },
          { ...base, id: 'later', startsAt: '2026-11-11T00:10:01+08:00' },
          { ...base, id: 'ends-now', endsAt: '2026-11-11T00:10:00+08:00' },
          {
            ...base,
            id: 'ends-later',
            startsAt: '2026-11-01T00:00:00+08:00',
            endsAt: '2026-11-11T01:00:00+08:00',
          },
        ],
        [line('a', 100)],
      ),
    );
    expect(cart.applied.map((a) => a.promotion)).toEqual(['starts-now', 'ends-later']);
    expect(cart.notApplied).toEqual([
      { promotion: 'later', reason: 'NOT_STARTED' },
      { promotion: 'ends-now', reason: 'EXPIRED' },
    ]);
  });

  it('layers are configurable; promotions of a layer not listed are LAYER_NOT_ACTIVE', () => {
    const promos = [
      { id: 'd', layer: 'item' as const, type: 'percent_off' as const, percent: 10 },
      { id: 'c', layer: 'store' as const, type: 'coupon' as const, off: 1000 },
      { id: 'x', layer: 'cross_store' as const, type: 'every' as const, step: 100, off: 1 },
    ];
    const cart = price(
      scenario(promos, [line('a', 10000)], { coupons: ['c'] }, { layers: ['store', 'item'] }),
    );
    // store first: 10000 - 1000 = 9000, then 10% of 9000 = 900
    expect(cart.total).toBe(8100);
    expect(cart.notApplied).toEqual([{ promotion: 'x', reason: 'LAYER_NOT_ACTIVE' }]);
  });
});
