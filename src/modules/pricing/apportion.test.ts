import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateLargestRemainder, mulDivHalfUp } from '../../platform/money';
import { apportionCapped, largestRemainder, mulDivHalfUpFast, nthSmallest } from './apportion';
import * as v1 from './reference/apportion-v1';

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

describe('number-only integer helpers', () => {
  it('largestRemainder matches the BigInt version of money.ts', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.nat({ max: 1_000_000 }), fc.nat()),
        fc.array(fc.oneof(fc.nat({ max: 100_000 }), fc.nat({ max: 2 ** 40 })), {
          minLength: 1,
          maxLength: 12,
        }),
        (total, weights) => {
          expect(largestRemainder(total, weights)).toEqual(allocateLargestRemainder(total, weights));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('mulDivHalfUpFast matches mulDivHalfUp', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.nat({ max: 10_000_000 }), fc.maxSafeNat()),
        fc.integer({ min: 0, max: 100 }),
        (amount, pct) => {
          expect(mulDivHalfUpFast(amount, pct, 100)).toBe(mulDivHalfUp(amount, pct, 100));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('apportionCapped places everything, never above a line room, proportionally when nothing caps', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 100_000 }), fc.nat({ max: 100_000 })), {
          minLength: 1,
          maxLength: 10,
        }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (pairs, frac) => {
          // room <= weight, as in the engine (amounts only decrease)
          const weights = pairs.map(([w]) => w);
          const room = pairs.map(([w, r]) => Math.min(w, r));
          const total = Math.floor(sum(room) * frac);
          const shares = apportionCapped(total, weights, room);
          expect(sum(shares)).toBe(total);
          shares.forEach((s, i) => {
            expect(s).toBeGreaterThanOrEqual(0);
            expect(s).toBeLessThanOrEqual(room[i]!);
          });
          const plain = largestRemainder(total, weights);
          if (plain.every((s, i) => s <= room[i]!)) expect(shares).toEqual(plain);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('against the apportionment before issue 14 (reference/apportion-v1.ts)', () => {
  // Few distinct weights, so remainders tie often; totals from 0 to several times the count,
  // so anywhere from none to nearly all entries get a leftover unit (both ends of the selection).
  const weights = fc.array(
    fc.oneof(fc.constantFrom(0, 1, 2, 3, 7, 100), fc.nat({ max: 100_000 }), fc.nat({ max: 2 ** 40 })),
    { minLength: 1, maxLength: 300 },
  );

  it('largestRemainder gives the same parts', () => {
    fc.assert(
      fc.property(weights, fc.nat({ max: 5000 }), (w, total) => {
        expect(largestRemainder(total, w)).toEqual(v1.largestRemainder(total, w));
      }),
      { numRuns: 3000 },
    );
  });

  it('apportionCapped gives the same shares', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.oneof(fc.constantFrom(1, 2, 5, 100), fc.integer({ min: 1, max: 100_000 })),
            fc.nat({ max: 100_000 }),
          ),
          {
            minLength: 1,
            maxLength: 300,
          },
        ),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (pairs, frac) => {
          const w = pairs.map(([x]) => x);
          const room = pairs.map(([x, r]) => Math.min(x, r));
          const total = Math.floor(sum(room) * frac);
          expect(apportionCapped(total, w, room)).toEqual(v1.apportionCapped(total, w, room));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('a quickselect-hostile order of remainders (sorted, reversed, organ pipe) changes nothing', () => {
    const n = 2000;
    const shapes = [
      Array.from({ length: n }, (_, i) => i + 1),
      Array.from({ length: n }, (_, i) => n - i),
      Array.from({ length: n }, (_, i) => Math.min(i, n - i) + 1),
      Array.from({ length: n }, () => 5),
    ];
    for (const w of shapes)
      for (const total of [2, 999, 1000, 1001, 1999, 123_457])
        expect(largestRemainder(total, w)).toEqual(v1.largestRemainder(total, w));
  });
});

describe('nthSmallest', () => {
  it('finds the value at any index of the sorted order, also when its pivot budget runs out', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.nat({ max: 5 }), fc.nat()), { minLength: 1, maxLength: 200 }),
        fc.nat(),
        fc.constantFrom(undefined, 0, 1, 2),
        (xs, at, budget) => {
          const target = at % xs.length;
          const sorted = [...xs].sort((a, b) => a - b);
          expect(nthSmallest(Float64Array.from(xs), xs.length, target, budget)).toBe(sorted[target]);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
