/**
 * Pricing throughput: a realistic Double 11 cart (20 lines over 5 stores, 10 promotions in
 * force, every layer active), priced again and again on one thread. Prints carts/s, the
 * median and p99 time per cart, and a baseline measured in the same run (JSON.parse +
 * JSON.stringify of the same scenario) so figures from noisy machines can be compared.
 *
 *   npm run bench:pricing          (tsx bench/pricing.ts [seconds])
 */
import { parseScenario, priceCart, type Scenario } from '../src/modules/pricing';

const STORES = ['A', 'B', 'C', 'D', 'E'];

function buildScenario(): Scenario {
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

function measure(label: string, seconds: number, fn: () => unknown) {
  // Warm up (JIT), then time batches so the clock's own cost stays small.
  const warmEnd = performance.now() + 500;
  while (performance.now() < warmEnd) fn();
  const batch = 50;
  const samples: number[] = [];
  const start = performance.now();
  const end = start + seconds * 1000;
  let n = 0;
  let sink = 0;
  while (performance.now() < end) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) sink ^= fn() === undefined ? 0 : 1;
    samples.push(((performance.now() - t0) * 1000) / batch);
    n += batch;
  }
  const elapsed = (performance.now() - start) / 1000;
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  const perSec = n / elapsed;
  console.log(
    `${label.padEnd(34)} ${Math.round(perSec).toLocaleString('en-US').padStart(10)} /s   ` +
      `median ${at(0.5).toFixed(2)} µs   p99 ${at(0.99).toFixed(2)} µs   (${n} runs, sink ${sink & 1})`,
  );
  return perSec;
}

const seconds = Number(process.argv[2] ?? 3);
const scenario = buildScenario();
const parsed = parseScenario(scenario);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const text = JSON.stringify(scenario);
const check = priceCart(scenario);
console.log(
  `cart: ${scenario.lines.length} lines, ${new Set(scenario.lines.map((l) => l.store)).size} stores, ` +
    `${scenario.promotions.length} promotions (${check.applied.length} applied); node ${process.version}`,
);

const carts = measure('priceCart', seconds, () => priceCart(scenario));
const baseline = measure('baseline JSON.parse+stringify', seconds, () => JSON.stringify(JSON.parse(text)));
measure('parseScenario (edge validation)', 1, () => parseScenario(scenario));
console.log(`ratio priceCart / baseline: ${(carts / baseline).toFixed(2)}`);
console.log(`target 20,000 carts/s: ${carts >= 20_000 ? 'met' : 'NOT met'}`);
