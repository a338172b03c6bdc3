/**
 * A FIFO gate: at most `limit` calls run at once, the rest wait their turn in memory.
 *
 * Checkouts of a hot SKU all end on the same few rows (its stock, a budget, the clearing
 * account for payments), so they commit one after another whatever the concurrency. Letting
 * 32 of them into the database at once only makes each holder's last round trips queue
 * behind the others' work on the event loop and the CPU, and throughput falls while p99
 * grows. Waiting here costs no connection and no lock. Correctness never depends on it:
 * the conditional writes decide, across processes too.
 */
export function createGate(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async function run<T>(fn: () => Promise<T>): Promise<T> {
    if (active < limit) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await fn();
    } finally {
      // Hand the slot straight to the next in line, or give it back.
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
