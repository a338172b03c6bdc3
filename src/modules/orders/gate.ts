import { createConcurrencyGate } from '../../platform/concurrency-gate';
import { serviceUnavailable } from '../../platform/errors';

/**
 * The checkout and payment gate (platform/concurrency-gate.ts): at most `limit` calls run at
 * once, the rest wait their turn in memory.
 *
 * Checkouts of a hot SKU all end on the same few rows (its stock, a budget, the clearing
 * account for payments), so they commit one after another whatever the concurrency. Letting
 * 32 of them into the database at once only makes each holder's last round trips queue
 * behind the others' work on the event loop and the CPU, and throughput falls while p99
 * grows. Waiting here costs no connection and no lock. Correctness never depends on it:
 * the conditional writes decide, across processes too.
 *
 * The wait is bounded both ways. When the database stalls, nothing leaves the gate, and an
 * unbounded queue would hold every request (and its memory) for the whole stall; so a call
 * that finds `maxQueue` already waiting, or that waited `maxWaitMs` for its turn, is refused
 * at once with 503 BUSY and a Retry-After. Refused calls never started their work, so the
 * client retries with the same Idempotency-Key and nothing was claimed or written.
 */
export interface GateOptions {
  /** Calls allowed to wait; one more is refused. Default 1000. */
  maxQueue?: number;
  /**
   * Longest wait for a turn before the call is refused. Default 10 s: long enough that a queue
   * that moves (a flash sale's burst, drained at the database's pace) is served, short enough
   * that one behind a stalled database is answered rather than held.
   */
  maxWaitMs?: number;
}

export const DEFAULT_GATE_OPTIONS: Required<GateOptions> = { maxQueue: 1_000, maxWaitMs: 10_000 };

const busy = (reason: 'queue_full' | 'wait_exceeded', retryAfterSeconds: number) =>
  serviceUnavailable('BUSY', 'Too many checkouts are waiting; try again shortly', retryAfterSeconds, {
    reason,
  });

export function createGate(limit: number, options: GateOptions = {}) {
  const gate = createConcurrencyGate({ limit, ...DEFAULT_GATE_OPTIONS, ...options, refuse: busy });
  return gate.run;
}
