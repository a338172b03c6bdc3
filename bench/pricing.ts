/**
 * Pricing, measured twice over.
 *
 * 1. The engine, in this process: the bench cart (bench/pricing-carts.ts: 20 lines, 5 stores,
 *    10 promotions, every layer) priced again and again by today's engine and by the frozen
 *    engine it replaced (src/modules/pricing/reference/engine-v1.ts), next to a JSON.parse +
 *    JSON.stringify of the same scenario, all interleaved in short rounds so a noisy machine
 *    slows them alike: carts/s, median and p99 per cart, ratios. Then the 1,000-line ×
 *    100-promotion cart (and the one with every line in every scope) in ms, old and new. Both
 *    engines' results are compared byte for byte first.
 * 2. Over HTTP: Carnival started as its own process (PGlite in a temp data dir, --no-seed),
 *    driven from this process at concurrency 32 with `POST /api/pricing/quote` of the bench
 *    cart (anonymous), then `GET /healthz` the same way as the same-run baseline. With
 *    `--before <checkout>` a second server from that checkout (e.g. an export of the commit
 *    before the rewrite) is driven the same way in the same run.
 *
 *   flock /tmp/bench.lock npm run bench:pricing [-- --seconds 3 --http-seconds 10
 *     --concurrency 32 --no-http --before /tmp/carnival-before --json out.json]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type PricedCart, parseScenario, priceCart, type Scenario } from '../src/modules/pricing';
import { priceCartV1 } from '../src/modules/pricing/reference/engine-v1';
import { createClient, drive, healthzBaseline, type LoadResult } from './lib/load';
import { report } from './lib/report';
import { benchServerEnv, startServerProcess } from './lib/server-process';
import { benchCart, largeCart, largestCart } from './pricing-carts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seconds: { type: 'string' },
    'http-seconds': { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '32' },
    'no-http': { type: 'boolean', default: false },
    before: { type: 'string' },
    json: { type: 'string' },
  },
});
const SECONDS = Number(values.seconds ?? positionals[0] ?? 3);
const HTTP_SECONDS = Number(values['http-seconds']);
const CONCURRENCY = Number(values.concurrency);

interface Throughput {
  perSecond: number;
  medianUs: number;
  p99Us: number;
  runs: number;
}

/**
 * Each subject in rounds of ~100 ms, round robin, after a warm-up (JIT), timed in batches so
 * the clock's own cost stays small. Interleaving keeps a burst of load from another process
 * from landing on one subject only. Per second = all runs over all their time (what the
 * machine gave); the median batch is what a call costs when nothing else interferes.
 */
function throughput(subjects: Record<string, () => unknown>, seconds: number): Record<string, Throughput> {
  const names = Object.keys(subjects);
  let sink = 0;
  for (const name of names) {
    const warmEnd = performance.now() + 500;
    while (performance.now() < warmEnd) sink ^= subjects[name]!() === undefined ? 0 : 1;
  }
  const batch = 50;
  const acc = Object.fromEntries(names.map((n) => [n, { runs: 0, ms: 0, samples: [] as number[] }]));
  const rounds = Math.max(1, Math.round(seconds / 0.1));
  for (let r = 0; r < rounds; r++) {
    for (const name of names) {
      const fn = subjects[name]!;
      const a = acc[name]!;
      const end = performance.now() + 100;
      while (performance.now() < end) {
        const t0 = performance.now();
        for (let i = 0; i < batch; i++) sink ^= fn() === undefined ? 0 : 1;
        const dt = performance.now() - t0;
        a.samples.push((dt * 1000) / batch);
        a.ms += dt;
        a.runs += batch;
      }
    }
  }
  if (sink === 2) console.log(sink); // keep the results alive
  return Object.fromEntries(
    names.map((n) => {
      const a = acc[n]!;
      a.samples.sort((x, y) => x - y);
      const at = (q: number) => a.samples[Math.min(a.samples.length - 1, Math.floor(q * a.samples.length))]!;
      return [n, { perSecond: a.runs / (a.ms / 1000), medianUs: at(0.5), p99Us: at(0.99), runs: a.runs }];
    }),
  );
}

/** One call at a time: median, p99 and min in ms. */
function perCall(fn: () => unknown, runs: number) {
  for (let i = 0; i < Math.min(10, runs); i++) fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!;
  return { median: at(0.5), p99: at(0.99), min: ms[0]! };
}

const same = (a: PricedCart, b: PricedCart) => JSON.stringify(a) === JSON.stringify(b);
const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');

function engineSection(figures: Record<string, number | string | boolean>) {
  const cart = benchCart();
  const parsed = parseScenario(cart);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const large = largeCart();
  const largest = largestCart();
  const identical = [cart, large, largest].every((s: Scenario) => same(priceCart(s), priceCartV1(s)));
  const check = priceCart(cart);
  console.log(
    `engine: bench cart ${cart.lines.length} lines, ${new Set(cart.lines.map((l) => l.store)).size} stores, ` +
      `${cart.promotions.length} promotions (${check.applied.length} applied); old and new identical: ${identical}`,
  );
  const text = JSON.stringify(cart);
  const t = throughput(
    {
      priceCart: () => priceCart(cart),
      'priceCart v1 (before)': () => priceCartV1(cart),
      'baseline JSON.parse+stringify': () => JSON.stringify(JSON.parse(text)),
    },
    SECONDS,
  );
  for (const [name, r] of Object.entries(t))
    console.log(
      `  ${name.padEnd(30)} ${fmtInt(r.perSecond).padStart(9)} /s   median ${r.medianUs.toFixed(2)} µs   p99 ${r.p99Us.toFixed(2)} µs   (${r.runs} runs)`,
    );
  const now = t.priceCart!;
  const before = t['priceCart v1 (before)']!;
  const baseline = t['baseline JSON.parse+stringify']!;
  const largeNew = perCall(() => priceCart(large), 60);
  const largeOld = perCall(() => priceCartV1(large), 20);
  const largestNew = perCall(() => priceCart(largest), 30);
  const largestOld = perCall(() => priceCartV1(largest), 8);
  const line = (name: string, r: ReturnType<typeof perCall>) =>
    console.log(
      `  ${name.padEnd(44)} median ${r.median.toFixed(2)} ms   p99 ${r.p99.toFixed(2)} ms   min ${r.min.toFixed(2)} ms`,
    );
  line('1,000 lines x 100 promotions', largeNew);
  line('1,000 lines x 100 promotions, v1 (before)', largeOld);
  line('the same, every line in every scope', largestNew);
  line('the same, every line in every scope, v1', largestOld);
  Object.assign(figures, {
    'engine identical': identical,
    'carts/s': Math.round(now.perSecond),
    'carts/s v1': Math.round(before.perSecond),
    'baseline/s': Math.round(baseline.perSecond),
    'median µs': now.medianUs,
    'p99 µs': now.p99Us,
    'median µs v1': before.medianUs,
    'carts/s at median': Math.round(1e6 / now.medianUs),
    'baseline/s at median': Math.round(1e6 / baseline.medianUs),
    'ratio to baseline': Number((now.perSecond / baseline.perSecond).toFixed(2)),
    'ratio at median': Number((baseline.medianUs / now.medianUs).toFixed(2)),
    'ratio v1 to baseline': Number((before.perSecond / baseline.perSecond).toFixed(2)),
    'speed-up': Number((now.perSecond / before.perSecond).toFixed(2)),
    '1000x100 ms': Number(largeNew.median.toFixed(2)),
    '1000x100 ms v1': Number(largeOld.median.toFixed(2)),
    '1000x100 all-scope ms': Number(largestNew.median.toFixed(2)),
    '1000x100 all-scope ms v1': Number(largestOld.median.toFixed(2)),
    'target 50k carts/s': now.perSecond >= 50_000 ? 'met' : 'NOT met',
    'target 1.5x baseline': now.perSecond >= 1.5 * baseline.perSecond ? 'met' : 'NOT met',
    'target 1000x100 < 5 ms': largeNew.median < 5 ? 'met' : 'NOT met',
  });
}

/** Quotes of the bench cart against one server process, then its /healthz. */
async function httpSection(root: string | undefined, label: string, runs: Record<string, LoadResult>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'carnival-bench-pricing-'));
  const server = await startServerProcess({
    env: benchServerEnv(),
    args: ['--data-dir', dataDir, '--no-seed'],
    ...(root ? { root } : {}),
  });
  try {
    console.log(
      `http${label}: server pid ${server.pid} up in ${(server.startMs / 1000).toFixed(1)} s at ${server.url}`,
    );
    const client = createClient(server.url);
    const cart = benchCart();
    const quote = { method: 'POST', path: '/api/pricing/quote', body: JSON.stringify(cart) };
    const expected = JSON.stringify(priceCart(cart));
    let wrong = 0;
    let seen = 0;
    // Every 50th answer is checked against the engine here (checking all would load this process).
    const check = (a: { status: number; body: string }) => {
      if (seen++ % 50 === 0 && (a.status !== 200 || JSON.stringify(JSON.parse(a.body)) !== expected)) wrong++;
    };
    await drive(client, { seconds: 1, concurrency: CONCURRENCY }, () => quote, check); // warm-up
    runs[`quote${label}`] = await drive(
      client,
      { seconds: HTTP_SECONDS, concurrency: CONCURRENCY },
      () => quote,
      check,
    );
    runs[`healthz${label}`] = await healthzBaseline(client, HTTP_SECONDS, CONCURRENCY);
    client.close();
    if (wrong > 0) throw new Error(`${wrong} quote answers differ from priceCart's result`);
    return { rssMiB: Math.round(server.rssBytes() / 2 ** 20) };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const figures: Record<string, number | string | boolean> = {};
  const runs: Record<string, LoadResult> = {};
  engineSection(figures);
  if (!values['no-http']) {
    const { rssMiB } = await httpSection(undefined, '', runs);
    figures['quote/healthz'] = Number((runs.quote!.perSecond / runs.healthz!.perSecond).toFixed(3));
    figures['server RSS MiB'] = rssMiB;
    if (values.before) {
      await httpSection(values.before, ' (before)', runs);
      figures['quote/healthz before'] = Number(
        (runs['quote (before)']!.perSecond / runs['healthz (before)']!.perSecond).toFixed(3),
      );
    }
  }
  report(
    {
      bench: 'bench:pricing',
      setup: {
        cart: '20 lines, 5 stores, 10 promotions',
        engineSeconds: SECONDS,
        ...(values['no-http']
          ? {}
          : { http: 'POST /api/pricing/quote', database: 'PGlite (temp dir)', concurrency: CONCURRENCY }),
        ...(values.before ? { before: values.before } : {}),
      },
      runs,
      figures,
    },
    values.json ? ['--json', values.json] : process.argv,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
