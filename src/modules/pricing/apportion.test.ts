import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateLargestRemainder, mulDivHalfUp } from '../../platform/money';
import { apportionCapped, largestRemainder, mulDivHalfUpFast } from './apportion';

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
