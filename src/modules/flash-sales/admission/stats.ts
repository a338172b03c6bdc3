import type { Kv } from '../../../platform/kv';
import type { Logger } from '../../../platform/logger';
import type { FlashStats } from '../admission-seam';
import type { AdmissionRefusal } from './admission';
import { bucketOf } from './latency-histogram';
import { SECOND_TTL_MS, statsKeys, TOTALS_TTL_MS } from './stats-keys';

/** One slot's answers in one second, in this process. */
interface SecondTally {
  slotId: string;
  epochSec: number;
  answers: number;
  outcomes: Map<string, number>;
  histogram: Map<number, number>;
  reasons: Map<string, number>;
}

export interface FlashStatsCollector extends FlashStats {
  /** Admission's refusals by reason (admission.ts onRefused). */
  refused(slotId: string, reason: AdmissionRefusal): void;
  /** Writes what was counted since the last flush to the KV; the timer calls it every second. */
  flush(): Promise<void>;
  start(): void;
  /** Stops the timer and flushes what is left. */
  stop(): Promise<void>;
}

/**
 * FlashStats as the reservation route sees it: `record` only adds to maps in this process's
 * memory (no I/O per request); about once a second `flush` adds the tallies to KV counters,
 * so the figures of N processes sum. What one process counted in the second before it died is
 * lost; the stock and the reservations never depend on these numbers.
 */
export function createFlashStatsCollector(deps: {
  kv: Kv;
  logger?: Logger;
  now?: () => number;
  flushEveryMs?: number;
}): FlashStatsCollector {
  const { kv, logger } = deps;
  const now = deps.now ?? Date.now;
  let pending = new Map<string, SecondTally>();
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();
  let stopped = false;
  function startTimer() {
    timer = setInterval(() => void flush(), deps.flushEveryMs ?? 1_000);
    timer.unref();
  }
  // Serialised, so a slow flush and the next tick never write one tally twice or race.
  function flush(): Promise<void> {
    flushing = flushing.then(flushNow, flushNow);
    return flushing;
  }

  function tally(slotId: string): SecondTally {
    // Started by the first answer too, so an app built without server.ts (a bench, a tool)
    // never piles tallies up in memory; unref'd, it keeps no process alive.
    if (!timer && !stopped) startTimer();
    const epochSec = Math.floor(now() / 1000);
    const id = `${slotId}\n${epochSec}`;
    let t = pending.get(id);
    if (!t) {
      t = { slotId, epochSec, answers: 0, outcomes: new Map(), histogram: new Map(), reasons: new Map() };
      pending.set(id, t);
    }
    return t;
  }
  const add = (m: Map<string | number, number>, k: string | number, n = 1) => m.set(k, (m.get(k) ?? 0) + n);

  async function write(t: SecondTally): Promise<void> {
    const keys = statsKeys(t.slotId);
    const ops: Promise<unknown>[] = [kv.incrBy(keys.second(t.epochSec), t.answers, { ttlMs: SECOND_TTL_MS })];
    for (const [bucket, n] of t.histogram) {
      ops.push(kv.zincrBy(keys.histogramOf(t.epochSec), String(bucket), n));
      ops.push(kv.zincrBy(keys.histogram, String(bucket), n));
    }
    for (const [outcome, n] of t.outcomes) ops.push(kv.zincrBy(keys.outcomes, outcome, n));
    for (const [reason, n] of t.reasons) ops.push(kv.zincrBy(keys.reasons, reason, n));
    await Promise.all(ops);
    // TTLs after the writes that may have created the keys; the KV has no zincrBy-with-TTL.
    await Promise.all([
      kv.expire(keys.histogramOf(t.epochSec), SECOND_TTL_MS),
      ...[keys.histogram, keys.outcomes, keys.reasons].map((key) => kv.expire(key, TOTALS_TTL_MS)),
    ]);
  }

  async function flushNow(): Promise<void> {
    if (pending.size === 0) return;
    const batch = [...pending.values()];
    pending = new Map();
    const results = await Promise.allSettled(batch.map(write));
    const failed = results.filter((r) => r.status === 'rejected').length;
    // Best effort: a KV outage loses a second of figures rather than piling them up in memory.
    if (failed > 0) logger?.warn({ failed }, 'flash-sale stats flush failed; those seconds are lost');
  }

  return {
    record(slotId, outcome, latencyMs) {
      const t = tally(slotId);
      t.answers++;
      add(t.outcomes, outcome);
      add(t.histogram, bucketOf(latencyMs));
    },
    refused(slotId, reason) {
      add(tally(slotId).reasons, reason);
    },
    flush,
    start() {
      stopped = false;
      if (!timer) startTimer();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      timer = undefined;
      await flush();
    },
  };
}
