import { isApiError } from './client';

/** A fresh Idempotency-Key; getRandomValues where randomUUID is missing (plain http off localhost). */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const bytes = c.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * One user intent (check out this cart, pay this order, refund this line): one Idempotency-Key,
 * reused when the same intent is sent again after a network error, a 5xx or a double click, so
 * it is done at most once. The server stores a 4xx refusal under the key too (a retry would get
 * the same refusal back), so after one the next attempt is a new intent with a new key.
 */
export class Intent {
  key = newIdempotencyKey();

  renew(): void {
    this.key = newIdempotencyKey();
  }

  async run<T>(send: (key: string) => Promise<T>): Promise<T> {
    try {
      return await send(this.key);
    } catch (e) {
      // IDEMPOTENCY_IN_PROGRESS is not an answer: the first send is still running, and the same
      // key is what gets its answer on the next try.
      if (isApiError(e) && e.status >= 400 && e.status < 500 && e.code !== 'IDEMPOTENCY_IN_PROGRESS')
        this.renew();
      throw e;
    }
  }
}
