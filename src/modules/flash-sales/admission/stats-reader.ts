import type { Kysely } from 'kysely';
import type { Kv } from '../../../platform/kv';
import type { DB } from '../../../schema';
import { quantileMs } from './latency-histogram';
import { statsKeys } from './stats-keys';

/** GET /api/flash-sales/:slotId/stats (design: Stats). Latencies are bucket upper bounds. */
export interface SlotStats {
  /** Answers per second over the last few whole seconds, all processes together. */
  requestsPerSec: number;
  /** Reservations by status now (PostgreSQL): live, checked out, lapsed, cancelled by the customer. */
  reserved: number;
  ordered: number;
  expired: number;
  cancelled: number;
  remaining: number;
  /** Every refusal answered, by error code, since the slot began. */
  refused: Record<string, number>;
  /** What admission turned away, by reason (customer_rate, ip_rate, slot_rate, in_flight, ...). */
  refusedBy: Record<string, number>;
  /** Over the last 10 seconds; null when nothing was answered then. */
  p50Ms: number | null;
  p99Ms: number | null;
  /** Since the slot began. */
  allTime: { answers: number; p50Ms: number | null; p99Ms: number | null };
  soldOutAt: string | null;
  timeToSellOutMs: number | null;
}

export interface StatsSlot {
  id: string;
  startsAt: Date;
  soldOutAt: Date | null;
  remaining: number;
}

const RATE_WINDOW_SEC = 5;
const LATENCY_WINDOW_SEC = 10;
/** Outcomes that are not refusals (the route's `stats.record` names). */
const SUCCESSES = new Set(['reserved', 'replayed']);

const toCounts = (entries: { member: string; score: number }[]) =>
  new Map(entries.map((e) => [Number(e.member), e.score]));

function mergeInto(into: Map<number, number>, from: Map<number, number>) {
  for (const [k, n] of from) into.set(k, (into.get(k) ?? 0) + n);
}

export async function readSlotStats(
  deps: { kv: Kv; db: Kysely<DB> },
  slot: StatsSlot,
  nowMs: number,
): Promise<SlotStats> {
  const { kv, db } = deps;
  const keys = statsKeys(slot.id);
  // Requests/s counts whole seconds only: the current one is still being counted and the
  // last may not be flushed yet (flushes are about a second apart), so it ends two back.
  // Latencies are fine from partial seconds: the window runs up to now.
  const current = Math.floor(nowMs / 1000);
  const seconds = (n: number, last: number) => Array.from({ length: n }, (_, i) => last - i);

  const [perSecond, windowHistograms, allTimeHistogram, outcomes, reasons, byStatus] = await Promise.all([
    Promise.all(seconds(RATE_WINDOW_SEC, current - 2).map((s) => kv.get(keys.second(s)))),
    Promise.all(seconds(LATENCY_WINDOW_SEC, current).map((s) => kv.zrangeByRank(keys.histogramOf(s), 0, -1))),
    kv.zrangeByRank(keys.histogram, 0, -1),
    kv.zrangeByRank(keys.outcomes, 0, -1),
    kv.zrangeByRank(keys.reasons, 0, -1),
    db
      .selectFrom('flash_sale_reservations')
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('slot_id', '=', slot.id)
      .groupBy('status')
      .execute(),
  ]);

  const windowCounts = new Map<number, number>();
  for (const h of windowHistograms) mergeInto(windowCounts, toCounts(h));
  const allTimeCounts = toCounts(allTimeHistogram);
  const status = new Map(byStatus.map((r) => [r.status, Number(r.n)]));

  const refused: Record<string, number> = {};
  let answers = 0;
  for (const { member, score } of outcomes) {
    answers += score;
    if (!SUCCESSES.has(member)) refused[member] = score;
  }
  const refusedBy: Record<string, number> = {};
  let explainedBusy = 0;
  for (const { member, score } of reasons) {
    refusedBy[member] = score;
    if (member.endsWith('_rate')) explainedBusy += score;
  }
  // The in-flight cap does not know the slot (admission.ts): its refusals are the BUSY
  // answers no bucket explains.
  const inFlight = (refused.BUSY ?? 0) - explainedBusy;
  if (inFlight > 0) refusedBy.in_flight = inFlight;

  const requests = perSecond.reduce((sum, v) => sum + Number(v ?? 0), 0);
  return {
    requestsPerSec: Math.round((requests / RATE_WINDOW_SEC) * 10) / 10,
    reserved: status.get('reserved') ?? 0,
    ordered: status.get('ordered') ?? 0,
    expired: status.get('expired') ?? 0,
    cancelled: status.get('cancelled') ?? 0,
    remaining: slot.remaining,
    refused,
    refusedBy,
    p50Ms: quantileMs(windowCounts, 0.5),
    p99Ms: quantileMs(windowCounts, 0.99),
    allTime: { answers, p50Ms: quantileMs(allTimeCounts, 0.5), p99Ms: quantileMs(allTimeCounts, 0.99) },
    soldOutAt: slot.soldOutAt?.toISOString() ?? null,
    timeToSellOutMs: slot.soldOutAt ? Math.max(0, slot.soldOutAt.getTime() - slot.startsAt.getTime()) : null,
  };
}
