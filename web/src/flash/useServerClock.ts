import { useEffect, useState } from 'react';
import { flashApi } from '../api';
import { bestOffset, type ClockSample, serverNow } from '../app/server-clock';

/**
 * The server's clock as this page sees it. A visitor's clock can be minutes off, and a 秒杀 that
 * opens at 00:00:00 must open for everyone at the same instant, so countdowns run on
 * `Date.now() + offset`, the offset measured against GET /api/time (NTP-style, the sample with
 * the shortest round trip wins) when the page opens and again every minute.
 */
let shared: { offsetMs: number; rttMs: number; at: number } | null = null;
let measuring: Promise<void> | null = null;
const listeners = new Set<() => void>();
const SAMPLES = 3;
const REMEASURE_MS = 60_000;

async function measure(): Promise<void> {
  const samples: ClockSample[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = Date.now();
    try {
      const { epochMs } = await flashApi.time();
      samples.push({ t0, t1: Date.now(), serverMs: epochMs });
    } catch {
      // A lost sample is skipped; the previous offset (or none) stays until one arrives.
    }
  }
  const best = bestOffset(samples);
  if (best) {
    shared = { ...best, at: Date.now() };
    for (const l of listeners) l();
  }
}

function ensureMeasured(): void {
  const stale = !shared || Date.now() - shared.at > REMEASURE_MS;
  if (stale && !measuring)
    measuring = measure().finally(() => {
      measuring = null;
    });
}

export interface ServerClock {
  /** The server's current time in epoch ms (the visitor's clock until the first sample). */
  now(): number;
  synced: boolean;
  offsetMs: number;
}

const clockOf = (): ServerClock => {
  const offset = { offsetMs: shared?.offsetMs ?? 0 };
  return { now: () => serverNow(offset, Date.now()), synced: shared !== null, offsetMs: offset.offsetMs };
};

/**
 * The server clock, re-rendering every `tickMs` so a countdown moves. Ticks are aligned on the
 * server's second boundaries, so a "00:00:03" changes when the server's second does.
 */
export function useServerClock(tickMs = 1000): ServerClock & { nowMs: number } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const rerender = () => setTick((n) => n + 1);
    listeners.add(rerender);
    ensureMeasured();
    const remeasure = setInterval(ensureMeasured, REMEASURE_MS);
    let timer: ReturnType<typeof setTimeout>;
    const schedule = () => {
      const now = clockOf().now();
      timer = setTimeout(
        () => {
          rerender();
          schedule();
        },
        tickMs - (now % tickMs) + 5,
      );
    };
    schedule();
    return () => {
      listeners.delete(rerender);
      clearInterval(remeasure);
      clearTimeout(timer);
    };
  }, [tickMs]);
  const clock = clockOf();
  return { ...clock, nowMs: clock.now() };
}
