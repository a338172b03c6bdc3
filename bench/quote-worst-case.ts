/**
 * The quote caps' worst case: the most expensive scenario POST /api/pricing/quote accepts
 * (default caps: 200 lines, 100 promotions, 100 entries per list; see
 * src/modules/pricing/worst-case.ts), validated and priced again and again after a warm-up,
 * as a running server would. Prints median / p99 / max of validate+price, wall and CPU time,
 * and the uncapped 3,000 × 3,000 scenario that motivated the caps for comparison.
 *
 *   npx tsx bench/quote-worst-case.ts [runs]
 */
import { DEFAULT_QUOTE_CAPS, parseScenario, priceCart } from '../src/modules/pricing';
import { worstCaseScenario } from '../src/modules/pricing/worst-case';

const RUNS = Number(process.argv[2] ?? 50);
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

function measure(label: string, body: unknown, runs: number) {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    // A fresh copy each time: a request's body is never the one the engine saw before.
    const copy = JSON.parse(JSON.stringify(body));
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const parsed = parseScenario(copy);
    if (!parsed.ok) throw new Error(`${label}: ${JSON.stringify(parsed.errors.slice(0, 2))}`);
    priceCart(parsed.scenario);
    const c = process.cpuUsage(c0);
    wall.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  const f = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return `median ${pct(s, 50).toFixed(1)} ms, p99 ${pct(s, 99).toFixed(1)} ms, max ${s.at(-1)!.toFixed(1)} ms`;
  };
  console.log(`${label} (${JSON.stringify(body).length} bytes, ${runs} runs)`);
  console.log(`  wall: ${f(wall)}`);
  console.log(`  cpu:  ${f(cpu)}`);
}

const { maxLines, maxPromotions, maxListEntries } = DEFAULT_QUOTE_CAPS;
measure('warm-up', worstCaseScenario(20, 10, 5), 200);
measure(
  `capped worst case ${maxLines} lines x ${maxPromotions} promotions x ${maxListEntries} entries`,
  worstCaseScenario(maxLines, maxPromotions, maxListEntries),
  RUNS,
);
measure('uncapped 3000 lines x 3000 promotions (refused by the caps)', worstCaseScenario(3000, 3000, 1), 3);
