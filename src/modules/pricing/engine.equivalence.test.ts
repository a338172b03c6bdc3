import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceCart } from './engine';
import { LAYERS, type LayerName, type PricedCart, type Promotion, type Scenario } from './model';
import { priceCartV1 } from './reference/engine-v1';
import { parseScenario } from './scenario-schema';
import { worstCaseScenario } from './worst-case';

/**
 * The optimised engine against the frozen one it replaced (reference/engine-v1.ts): on random
 * carts the two must give byte-identical JSON, or throw the same error. The carts are built
 * to reach every path: every promotion type, all four layers (sometimes a custom subset or
 * order), threshold bases, coupons held or not, the allowance running out, presale deposits,
 * time windows, zero prices, equal line amounts (ties in the largest remainder), several
 * leftover fen per group (the partial selection), amounts large enough for the BigInt
 * fallback, carts in any line order, and carts big enough for every path of the line index.
 */

const SKUS = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
const STORES = ['A', 'B', 'C', 'D'];
const GROUP_LAYERS: LayerName[] = ['store', 'cross_store', 'platform'];
const NOW = '2026-11-11T00:10:00+08:00';

const amount = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 200_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 7, 100, 999) },
);
const pos = fc.oneof(fc.integer({ min: 1, max: 100_000 }), fc.constantFrom(1, 3, 1000));
const names = (pool: string[]) => fc.subarray(pool, { minLength: 1 });
// Time windows the schema accepts (endsAt after startsAt), in force or not at NOW.
const window = fc.constantFrom(
  {},
  { startsAt: '2026-11-11T00:00:00+08:00' },
  { startsAt: '2026-11-12T00:00:00+08:00' },
  { endsAt: NOW },
  { endsAt: '2026-11-11T01:00:00+08:00' },
  { startsAt: '2026-11-10T16:00:00Z', endsAt: '2026-11-11T01:00:00+08:00' },
  { startsAt: '2026-11-10T00:00:00Z', endsAt: NOW },
  { startsAt: '2026-11-12T00:00:00+08:00', endsAt: '2026-12-01T00:00:00Z' },
);
const scope = fc
  .tuple(
    fc.record(
      {
        skus: fc.oneof(names(SKUS), fc.constant([...SKUS, 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8'])),
        stores: names(STORES),
        excludeSkus: fc.oneof(names(SKUS), fc.constant(['zz'])),
      },
      { requiredKeys: [] },
    ),
    fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 2, arbitrary: window }),
  )
  .map(([s, w]) => ({ ...s, ...w }));
const groupLayer = fc.constantFrom(...GROUP_LAYERS);
// Mostly valid bases; 'store' and 'cross_store' are also later-layer or same-layer bases,
// which the engines must refuse alike.
const base = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(undefined, undefined, 'list', 'item') },
  { weight: 1, arbitrary: fc.constantFrom('store', 'cross_store') },
);
const withBase = <T extends object>(p: T, b: string | undefined) =>
  (b === undefined ? p : { ...p, thresholdBase: b }) as Omit<Promotion, 'id'>;
const item = <T extends { type: string }>(p: T) =>
  ({ ...p, layer: 'item' }) as unknown as Omit<Promotion, 'id'>;

const promotion: fc.Arbitrary<Omit<Promotion, 'id'>> = fc.oneof(
  fc.record({ type: fc.constant('amount_off'), amount }).map(item),
  fc.record({ type: fc.constant('percent_off'), percent: fc.integer({ min: 0, max: 100 }) }).map(item),
  fc.record({ type: fc.constant('fixed_price'), price: amount }).map(item),
  fc
    .record({ type: fc.constant('presale'), deposit: amount, extra: amount })
    .map(({ extra, ...p }) => item({ ...p, depositValue: p.deposit + extra })),
  fc
    .tuple(groupLayer, base, fc.array(fc.tuple(pos, amount), { minLength: 1, maxLength: 4 }))
    .map(([layer, b, raw]) => {
      let t = 0;
      let o = 0;
      const tiers = raw.map(([dt, doff]) => {
        t += dt;
        o += doff;
        return { threshold: t, off: o };
      });
      return withBase({ type: 'threshold', layer, tiers }, b);
    }),
  fc
    .tuple(groupLayer, base, fc.option(amount, { nil: undefined }), amount)
    .map(([layer, b, threshold, off]) =>
      withBase({ type: 'coupon', layer, ...(threshold === undefined ? {} : { threshold }), off }, b),
    ),
  fc
    .tuple(groupLayer, base, amount, fc.integer({ min: 0, max: 100 }), fc.option(amount, { nil: undefined }))
    .map(([layer, b, threshold, percent, maxOff]) =>
      withBase(
        { type: 'percent_coupon', layer, threshold, percent, ...(maxOff === undefined ? {} : { maxOff }) },
        b,
      ),
    ),
  fc
    .tuple(groupLayer, base, pos, amount, fc.option(amount, { nil: undefined }))
    .map(([layer, b, step, off, cap]) =>
      withBase({ type: 'every', layer, step, off, ...(cap === undefined ? {} : { cap }) }, b),
    ),
  fc
    .tuple(groupLayer, base, pos, amount)
    .map(([layer, b, step, off]) => withBase({ type: 'allowance', layer, step, off }, b)),
);

// Few distinct prices and zeros, so equal weights (remainder ties) are common; now and then
// amounts near 2^40 so that discount × weight passes 2^53 (the BigInt fallback).
const unitPrice = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0, max: 100_000 }) },
  { weight: 12, arbitrary: fc.constantFrom(0, 1, 3, 100, 333, 1000) },
  { weight: 1, arbitrary: fc.integer({ min: 2 ** 38, max: 2 ** 40 }) },
);
const cartLine = fc.record({
  sku: fc.constantFrom(...SKUS),
  store: fc.constantFrom(...STORES),
  unitPrice,
  quantity: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 5 })),
});
const layers = fc.oneof(
  { weight: 5, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.shuffledSubarray([...LAYERS], { minLength: 1 }) },
);

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    layers,
    promotions: fc.array(fc.tuple(promotion, scope), { maxLength: 12 }),
    lines: fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z0-9]{1,3}$/), cartLine), {
      minLength: 1,
      maxLength: 40,
      selector: ([id]) => id,
    }),
    coupons: fc.array(fc.nat({ max: 14 }), { maxLength: 10 }),
    allowanceBalance: fc.option(fc.oneof(fc.integer({ min: 0, max: 50_000 }), fc.constant(0)), {
      nil: undefined,
    }),
  })
  .map(({ layers, promotions, lines, coupons, allowanceBalance }) => ({
    currency: 'CNY',
    now: NOW,
    ...(layers === undefined ? {} : { layers }),
    promotions: promotions.map(([p, s], i) => ({ ...s, ...p, id: `p${i}` }) as Promotion),
    customer: {
      id: 'u',
      coupons: coupons.map((i) => `p${i}`),
      ...(allowanceBalance === undefined ? {} : { allowanceBalance }),
    },
    lines: lines.map(([id, l]) => ({ id, ...l })),
  }));

type Outcome = { cart: PricedCart } | { error: string };

/** JSON, but with −0 told apart from 0 (JSON writes both as 0). */
const serialise = (o: Outcome) => JSON.stringify(o, (_k, v) => (Object.is(v, -0) ? '-0' : v));
function run(price: (s: Scenario) => PricedCart, s: Scenario): Outcome {
  try {
    return { cart: price(s) };
  } catch (e) {
    return { error: String(e) };
  }
}

/** What the random carts reached, so a generator that drifts into trivial carts fails loudly. */
const reached = new Map<string, number>();
const count = (what: string) => reached.set(what, (reached.get(what) ?? 0) + 1);

function tally(s: Scenario, o: Outcome) {
  if (parseScenario(s).ok) count('valid');
  if ('error' in o) return count('refused');
  const typeOf = new Map(s.promotions.map((p) => [p.id, p.type]));
  for (const a of o.cart.applied) count(`applied:${typeOf.get(a.promotion)}:${a.layer}`);
  for (const n of o.cart.notApplied) count(`reason:${n.reason}`);
  if (o.cart.hints.length > 0) count('hints');
  if (o.cart.lines.some((l) => l.deposit !== undefined)) count('deposits');
  if (s.lines.some((l) => l.unitPrice === 0)) count('zero prices');
  if (s.lines.some((l, i) => i > 0 && l.id < s.lines[i - 1]!.id)) count('unsorted lines');
  if (s.lines.some((l) => l.unitPrice >= 2 ** 38)) count('huge amounts');
  // Two lines with the same amount sharing one group discount: a remainder tie to break.
  for (const a of o.cart.applied) {
    const got = o.cart.lines.filter((l) => l.adjustments.some((x) => x.promotion === a.promotion));
    const amounts = got.map((l) => l.subtotal);
    if (a.layer !== 'item' && new Set(amounts).size < amounts.length) {
      count('remainder ties');
      break;
    }
  }
}

describe('optimised engine against engine v1', () => {
  // Seconds on an idle machine; a loaded one (the whole suite on 2 cores) needs the room.
  it('gives byte-identical results on 10,000 random carts', { timeout: 180_000 }, () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const before = JSON.stringify(s);
        const expected = run(priceCartV1, s);
        const actual = run(priceCart, s);
        const [a, e] = [serialise(actual), serialise(expected)];
        if (a !== e) expect(a).toBe(e);
        const after = JSON.stringify(s);
        if (after !== before) expect(after).toBe(before); // neither engine touched its input
        tally(s, actual);
      }),
      { numRuns: 10_000 },
    );
    const types = ['amount_off', 'percent_off', 'fixed_price', 'presale'].map((t) => `applied:${t}:item`);
    for (const t of ['threshold', 'coupon', 'percent_coupon', 'every', 'allowance'])
      for (const l of GROUP_LAYERS) types.push(`applied:${t}:${l}`);
    const reasons = [
      'LAYER_NOT_ACTIVE',
      'NOT_STARTED',
      'EXPIRED',
      'NOT_HELD',
      'NOT_ELIGIBLE',
      'BALANCE_EXHAUSTED',
      'THRESHOLD_NOT_MET',
      'NO_DISCOUNT',
    ].map((r) => `reason:${r}`);
    const paths = ['valid', 'refused', 'hints', 'deposits', 'zero prices', 'unsorted lines', 'huge amounts'];
    // Each path at least 20 times in the run (the seed changes every run).
    const rare = [...types, ...reasons, ...paths, 'remainder ties'].filter((w) => (reached.get(w) ?? 0) < 20);
    expect(rare).toEqual([]);
    expect(reached.get('valid')).toBeGreaterThan(7000);
  });

  it('agrees on large carts too (every branch of the line index, many leftover fen)', {
    timeout: 120_000,
  }, () => {
    const bigLine = fc.record({
      sku: fc.constantFrom(...SKUS, ...Array.from({ length: 40 }, (_, i) => `s${i}`)),
      store: fc.constantFrom(...STORES, 'E', 'F', 'G', 'H'),
      unitPrice: unitPrice,
      quantity: fc.integer({ min: 1, max: 3 }),
    });
    const big = fc
      .tuple(
        scenarioArb,
        fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z0-9]{2,4}$/), bigLine), {
          minLength: 100,
          maxLength: 400,
          selector: ([id]) => id,
        }),
      )
      .map(([s, lines]) => ({ ...s, lines: lines.map(([id, l]) => ({ id, ...l })) }));
    fc.assert(
      fc.property(big, (s) => {
        expect(serialise(run(priceCart, s))).toBe(serialise(run(priceCartV1, s)));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees on the edges: no lines, and carts above the size whose buffers are kept', () => {
    const empty = { ...worstCaseScenario(1, 8, 2), lines: [] };
    const huge = worstCaseScenario(5000, 12, 50);
    const small = worstCaseScenario(30, 12, 5);
    // The huge cart is priced in buffers of its own; the small one after it must not notice.
    for (const s of [empty, huge, small, huge, small])
      expect(serialise(run(priceCart, s))).toBe(serialise(run(priceCartV1, s)));
  });
});
