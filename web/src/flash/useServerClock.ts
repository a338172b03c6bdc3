import { useEffect, useState } from 'react';
import { flashApi } from '../api';

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

/** offset = server − midpoint of the request: the server read its clock about halfway through. */
export function offsetOf(sentAt: number, serverMs: number, receivedAt: number): number {
  return serverMs - (sentAt + receivedAt) / 2;
}

async function measure(): Promise<void> {
  let best: { offsetMs: number; rttMs: number } | null = null;
  for (let i = 0; i < SAMPLES; i++) {
    const sentAt = Date.now();
    try {
      const { epochMs } = await flashApi.time();
      const receivedAt = Date.now();
      const rttMs = receivedAt - sentAt;
      if (!best || rttMs < best.rttMs) best = { offsetMs: offsetOf(sentAt, epochMs, receivedAt), rttMs };
    } catch {
      // A lost sample is skipped; the previous offset (or none) stays until one arrives.
    }
  }
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
  const offsetMs = shared?.offsetMs ?? 0;
  return { now: () => Date.now() + offsetMs, synced: shared !== null, offsetMs };
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
