/**
 * A FIFO gate: at most `limit` calls run at once, the rest wait their turn in memory, and the
 * wait is bounded both ways. A call that finds `maxQueue` already waiting, or that waited
 * `maxWaitMs` for its turn, is refused at once with the caller's error (a 503 with
 * Retry-After): when what is behind the gate stalls, nothing leaves it, and an unbounded queue
 * would hold every request (and its memory) for the whole stall. A refused call never started
 * its work, so the client may simply retry.
 *
 * Used where running more at once only makes everyone slower: checkouts and payments on hot
 * rows (orders/gate.ts), argon2 hashes on the CPU (accounts/password-hashing.ts).
 */
export interface ConcurrencyGateOptions {
  /** Calls that run at once. */
  limit: number;
  /** Calls allowed to wait; one more is refused. */
  maxQueue: number;
  /** Longest wait for a turn before the call is refused. */
  maxWaitMs: number;
  /** The error a refused call rejects with; `retryAfterSeconds` is maxWaitMs rounded up. */
  refuse(reason: 'queue_full' | 'wait_exceeded', retryAfterSeconds: number): Error;
}

export interface ConcurrencyGate {
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Running and waiting now, and the most ever running at once. */
  stats(): { active: number; waiting: number; peakActive: number };
}

interface Waiter {
  admit(): void;
  /** Set once it was refused for waiting too long; the slot then skips it. */
  expired: boolean;
}

export function createConcurrencyGate(options: ConcurrencyGateOptions): ConcurrencyGate {
  const { limit, maxQueue, maxWaitMs, refuse } = options;
  let active = 0;
  let peakActive = 0;
  const waiting: Waiter[] = [];
  let waitingCount = 0;
  const retryAfter = Math.max(1, Math.ceil(maxWaitMs / 1000));

  function waitForTurn(): Promise<void> {
    if (waitingCount >= maxQueue) return Promise.reject(refuse('queue_full', retryAfter));
    waitingCount++;
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        expired: false,
        admit: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        waiter.expired = true;
        waitingCount--;
        reject(refuse('wait_exceeded', retryAfter));
      }, maxWaitMs);
      waiting.push(waiter);
    });
  }

  function release(): void {
    // Hand the slot straight to the next one still waiting (active stays), or give it back.
    for (let next = waiting.shift(); next; next = waiting.shift()) {
      if (next.expired) continue;
      waitingCount--;
      next.admit();
      return;
    }
    active--;
  }

  return {
    async run<T>(fn: () => Promise<T>): Promise<T> {
      if (active < limit) {
        active++;
        peakActive = Math.max(peakActive, active);
      } else await waitForTurn();
      try {
        return await fn();
      } finally {
        release();
      }
    },
    stats: () => ({ active, waiting: waitingCount, peakActive }),
  };
}
