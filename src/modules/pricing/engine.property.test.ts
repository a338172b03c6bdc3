import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceCart } from './engine';
import type { CartLine, LayerName, PricedCart, Promotion, Scenario } from './model';
import { parseScenario } from './scenario-schema';

const SKUS = ['a', 'b', 'c', 'd', 'e'];
const STORES = ['A', 'B', 'C'];
const GROUP_LAYERS: LayerName[] = ['store', 'cross_store', 'platform'];

const amount = fc.integer({ min: 0, max: 200_000 });
const pos = fc.integer({ min: 1, max: 100_000 });
const scope = fc.record(
  {
    skus: fc.subarray(SKUS, { minLength: 1 }),
    stores: fc.subarray(STORES, { minLength: 1 }),
    excludeSkus: fc.subarray(SKUS, { minLength: 1 }),
    startsAt: fc.constantFrom('2026-11-11T00:00:00+08:00', '2026-11-12T00:00:00+08:00'),
  },
  { requiredKeys: [] },
);
const groupLayer = fc.constantFrom(...GROUP_LAYERS);
const base = fc.constantFrom(undefined, 'list', 'item');

const withBase = <T extends object>(p: T, b: string | undefined) =>
  b === undefined ? p : { ...p, thresholdBase: b };

const promotion: fc.Arbitrary<Omit<Promotion, 'id'>> = fc.oneof(
  fc.record({ type: fc.constant('amount_off'), amount }).map((p) => ({ ...p, layer: 'item' }) as const),
  fc
    .record({ type: fc.constant('percent_off'), percent: fc.integer({ min: 0, max: 100 }) })
    .map((p) => ({ ...p, layer: 'item' }) as const),
  fc
    .record({ type: fc.constant('fixed_price'), price: amount })
    .map((p) => ({ ...p, layer: 'item' }) as const),
  fc
    .record({ type: fc.constant('presale'), deposit: amount, extra: amount })
    .map(({ extra, ...p }) => ({ ...p, depositValue: p.deposit + extra, layer: 'item' }) as const),
  fc
    .tuple(groupLayer, base, fc.array(fc.tuple(pos, amount), { minLength: 1, maxLength: 3 }))
    .map(([layer, b, raw]) => {
      let t = 0;
      let o = 0;
      const tiers = raw.map(([dt, doff]) => {
        t += dt;
        o += doff;
        return { threshold: t, off: o };
      });
      return withBase({ type: 'threshold', layer, tiers }, b) as Omit<Promotion, 'id'>;
    }),
  fc
    .tuple(groupLayer, base, amount, amount)
    .map(
      ([layer, b, threshold, off]) =>
        withBase({ type: 'coupon', layer, threshold, off }, b) as Omit<Promotion, 'id'>,
    ),
  fc
    .tuple(groupLayer, base, amount, fc.integer({ min: 0, max: 100 }), fc.option(amount, { nil: undefined }))
    .map(
      ([layer, b, threshold, percent, maxOff]) =>
        withBase(
          { type: 'percent_coupon', layer, threshold, percent, ...(maxOff === undefined ? {} : { maxOff }) },
          b,
        ) as Omit<Promotion, 'id'>,
    ),
  fc
    .tuple(groupLayer, base, pos, amount, fc.option(amount, { nil: undefined }))
    .map(
      ([layer, b, step, off, cap]) =>
        withBase({ type: 'every', layer, step, off, ...(cap === undefined ? {} : { cap }) }, b) as Omit<
          Promotion,
          'id'
        >,
    ),
  fc
    .tuple(groupLayer, base, pos, amount)
    .map(
      ([layer, b, step, off]) =>
        withBase({ type: 'allowance', layer, step, off }, b) as Omit<Promotion, 'id'>,
    ),
);

const cartLine = fc.record({
  sku: fc.constantFrom(...SKUS),
  store: fc.constantFrom(...STORES),
  unitPrice: fc.integer({ min: 0, max: 100_000 }),
  quantity: fc.integer({ min: 1, max: 5 }),
});

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    promotions: fc.array(fc.tuple(promotion, scope), { maxLength: 8 }),
    lines: fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z0-9]{1,3}$/), cartLine), {
      minLength: 1,
      maxLength: 8,
      selector: ([id]) => id,
    }),
    coupons: fc.array(fc.nat({ max: 8 }), { maxLength: 8 }),
    allowanceBalance: fc.integer({ min: 0, max: 50_000 }),
  })
  .map(({ promotions, lines, coupons, allowanceBalance }) => ({
    currency: 'CNY',
    now: '2026-11-11T00:10:00+08:00',
    promotions: promotions.map(([p, s], i) => ({ ...s, ...p, id: `p${i}` }) as Promotion),
    customer: { id: 'u', coupons: coupons.map((i) => `p${i}`), allowanceBalance },
    lines: lines.map(([id, l]): CartLine => ({ id, ...l })),
  }));

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

function checkInvariants(s: Scenario, cart: PricedCart) {
  expect(cart.lines.map((l) => l.id)).toEqual(s.lines.map((l) => l.id));
  for (const l of cart.lines) {
    expect(l.total).toBeGreaterThanOrEqual(0);
    expect(l.total).toBe(l.subtotal - l.discount);
    expect(sum(l.adjustments.map((a) => a.amount))).toBe(l.discount);
    for (const a of l.adjustments) expect(a.amount).toBeGreaterThan(0);
    if (l.deposit !== undefined) {
      expect(l.balance).toBeGreaterThanOrEqual(0);
      expect(l.deposit + l.balance!).toBe(l.total);
    }
  }
  expect(sum(cart.lines.map((l) => l.total))).toBe(cart.total);
  expect(sum(cart.lines.map((l) => l.subtotal))).toBe(cart.subtotal);
  expect(cart.total).toBe(cart.subtotal - cart.discount);
  expect(sum(cart.applied.map((a) => a.amount))).toBe(cart.discount);
  expect(cart.discount).toBeGreaterThanOrEqual(0);
  expect(cart.discount).toBeLessThanOrEqual(cart.subtotal);
  // Every promotion is accounted for exactly once.
  const seen = [...cart.applied.map((a) => a.promotion), ...cart.notApplied.map((n) => n.promotion)].sort();
  expect(seen).toEqual(s.promotions.map((p) => p.id).sort());
}

describe('pricing properties', () => {
  it('generated scenarios are valid and keep the invariants', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const parsed = parseScenario(s);
        expect(parsed.ok ? [] : parsed.errors).toEqual([]);
        checkInvariants(s, priceCart(s));
      }),
      { numRuns: 500 },
    );
  });

  it('the same cart in another line order gets the same per-line results', () => {
    fc.assert(
      fc.property(
        scenarioArb.chain((s) =>
          fc.tuple(fc.constant(s), fc.shuffledSubarray(s.lines, { minLength: s.lines.length })),
        ),
        ([s, shuffled]) => {
          const a = priceCart(s);
          const b = priceCart({ ...s, lines: shuffled });
          const byId = (c: PricedCart) => Object.fromEntries(c.lines.map((l) => [l.id, l]));
          expect(byId(b)).toEqual(byId(a));
          expect({ ...b, lines: [] }).toEqual({ ...a, lines: [] });
        },
      ),
      { numRuns: 300 },
    );
  });
});
