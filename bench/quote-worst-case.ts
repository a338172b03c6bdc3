/**
 * The quote caps' worst case: the most expensive scenario POST /api/pricing/quote accepts
 * (default caps: 200 lines, 100 promotions, 100 entries per list; see
 * src/modules/pricing/worst-case.ts).
 *
 * 1. In this process: validated and priced again and again after a warm-up, as a running
 *    server would: median / p99 / max of validate+price, wall and CPU time, next to the engine
 *    before issue 14 (reference/engine-v1.ts) and the uncapped 3,000 × 3,000 scenario that
 *    motivated the caps.
 * 2. Over HTTP: Carnival as its own process (PGlite in a temp data dir, --no-seed); `/healthz`
 *    alone at concurrency 8 (the baseline), then the same while this process keeps 4 capped
 *    worst-case quotes in flight: what such quotes cost everyone else's latency.
 *
 *   flock /tmp/bench.lock npm run bench:quote [-- --runs 50 --seconds 10 --no-http --json out.json]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_QUOTE_CAPS, parseScenario, priceCart, type Scenario } from '../src/modules/pricing';
import { priceCartV1 } from '../src/modules/pricing/reference/engine-v1';
import { worstCaseScenario } from '../src/modules/pricing/worst-case';
import { createClient, drive, healthzBaseline, type LoadResult } from './lib/load';
import { report } from './lib/report';
import { benchServerEnv, startServerProcess } from './lib/server-process';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string' },
    seconds: { type: 'string', default: '10' },
    'no-http': { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const RUNS = Number(values.runs ?? positionals[0] ?? 50);
const SECONDS = Number(values.seconds);
const QUOTES_IN_FLIGHT = 4;
const HEALTHZ_CONCURRENCY = 8;

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

function measure(label: string, body: unknown, runs: number, price: (s: Scenario) => unknown = priceCart) {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    // A fresh copy each time: a request's body is never the one the engine saw before.
    const copy = JSON.parse(JSON.stringify(body));
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const parsed = parseScenario(copy);
    if (!parsed.ok) throw new Error(`${label}: ${JSON.stringify(parsed.errors.slice(0, 2))}`);
    price(parsed.scenario);
    const c = process.cpuUsage(c0);
    wall.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const f = (s: number[]) =>
    `median ${pct(s, 50).toFixed(1)} ms, p99 ${pct(s, 99).toFixed(1)} ms, max ${s.at(-1)!.toFixed(1)} ms`;
  const w = sorted(wall);
  console.log(`${label} (${JSON.stringify(body).length} bytes, ${runs} runs)`);
  console.log(`  wall: ${f(w)}`);
  console.log(`  cpu:  ${f(sorted(cpu))}`);
  return pct(w, 50);
}

async function httpSection(body: string, runs: Record<string, LoadResult>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'carnival-bench-quote-'));
  const server = await startServerProcess({
    env: benchServerEnv(),
    args: ['--data-dir', dataDir, '--no-seed'],
  });
  try {
    console.log(
      `http: server pid ${server.pid} up in ${(server.startMs / 1000).toFixed(1)} s at ${server.url}`,
    );
    const client = createClient(server.url);
    const quote = { method: 'POST', path: '/api/pricing/quote', body };
    const first = await client.send(quote);
    if (first.status !== 200) throw new Error(`quote answered ${first.status}: ${first.body.slice(0, 300)}`);
    runs.healthz = await healthzBaseline(client, SECONDS, HEALTHZ_CONCURRENCY);
    await drive(client, { seconds: 1, concurrency: QUOTES_IN_FLIGHT }, () => quote); // warm-up
    const [quotes, healthz] = await Promise.all([
      drive(client, { seconds: SECONDS, concurrency: QUOTES_IN_FLIGHT }, () => quote),
      drive(client, { seconds: SECONDS, concurrency: HEALTHZ_CONCURRENCY }, () => ({ path: '/healthz' })),
    ]);
    runs['worst-case quote'] = quotes;
    runs['healthz + quotes'] = healthz;
    client.close();
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const { maxLines, maxPromotions, maxListEntries } = DEFAULT_QUOTE_CAPS;
  const worst = worstCaseScenario(maxLines, maxPromotions, maxListEntries);
  measure('warm-up', worstCaseScenario(20, 10, 5), 200);
  measure('warm-up v1', worstCaseScenario(20, 10, 5), 200, priceCartV1);
  const label = `capped worst case ${maxLines} lines x ${maxPromotions} promotions x ${maxListEntries} entries`;
  const now = measure(label, worst, RUNS);
  const before = measure(
    `${label}, engine v1 (before)`,
    worst,
    Math.max(10, Math.round(RUNS / 2)),
    priceCartV1,
  );
  measure('uncapped 3000 lines x 3000 promotions (refused by the caps)', worstCaseScenario(3000, 3000, 1), 3);
  const figures: Record<string, number | string> = {
    'validate+price ms': Number(now.toFixed(2)),
    'validate+price ms v1': Number(before.toFixed(2)),
  };
  const runs: Record<string, LoadResult> = {};
  if (!values['no-http']) {
    await httpSection(JSON.stringify(worst), runs);
    figures['healthz p99 x'] = Number((runs['healthz + quotes']!.p99 / runs.healthz!.p99).toFixed(2));
  }
  report(
    {
      bench: 'bench:quote',
      setup: {
        scenario: label,
        ...(values['no-http']
          ? {}
          : {
              database: 'PGlite (temp dir)',
              quotesInFlight: QUOTES_IN_FLIGHT,
              healthzConcurrency: HEALTHZ_CONCURRENCY,
            }),
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
