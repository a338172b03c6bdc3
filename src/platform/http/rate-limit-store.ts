import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import { type Kv, KvUnavailableError } from '../kv/kv';
import type { Logger } from '../logger';

/**
 * The counters of @fastify/rate-limit kept on our Kv seam, so every API process sharing one
 * Redis shares one count per client (the plugin's own LocalStore would give each process its
 * own allowance). Fixed windows that start at a client's first hit: `incrBy` creates the key
 * with the window as its TTL, later hits only add.
 */
export const rateLimitKvKey = (key: string) => `ratelimit:${key}`;

export interface CountedHit {
  current: number;
  /** Milliseconds until the window ends. */
  ttl: number;
}

/**
 * A bound on one counter round trip, whatever the KV does. Redis has its own command timeout;
 * this covers any KV that hangs, so a stuck counter can never hold a request open.
 */
export const COUNTER_TIMEOUT_MS = 1_000;

function bounded<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new KvUnavailableError('rate-limit counter timed out')),
      COUNTER_TIMEOUT_MS,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function countHit(kv: Kv, key: string, windowMs: number): Promise<CountedHit> {
  return bounded(countHitUnbounded(kv, key, windowMs));
}

async function countHitUnbounded(kv: Kv, key: string, windowMs: number): Promise<CountedHit> {
  const kvKey = rateLimitKvKey(key);
  const current = await kv.incrBy(kvKey, 1, { ttlMs: windowMs });
  let ttl = await kv.ttlMs(kvKey);
  // A counter without a TTL would refuse its client forever; give it its window back.
  if (ttl === -1) {
    await kv.expire(kvKey, windowMs);
    ttl = windowMs;
  } else if (ttl < 0) ttl = windowMs; // expired between the two calls: a fresh window
  return { current, ttl };
}

export function readHits(kv: Kv, key: string): Promise<CountedHit> {
  return bounded(readHitsUnbounded(kv, key));
}

async function readHitsUnbounded(kv: Kv, key: string): Promise<CountedHit> {
  const kvKey = rateLimitKvKey(key);
  const raw = await kv.get(kvKey);
  if (raw === null) return { current: 0, ttl: 0 };
  return { current: Number(raw), ttl: Math.max(0, await kv.ttlMs(kvKey)) };
}

/** Gives one hit back (an attempt that turned out not to count); never below zero, never creates. */
export async function giveBackHit(kv: Kv, key: string): Promise<void> {
  await bounded(kv.decrIfEnough(rateLimitKvKey(key), 1));
}

/** Whatever went wrong talking to the counters, the HTTP layer sees the KV as unavailable (503). */
export const asKvUnavailable = (error: unknown) =>
  error instanceof KvUnavailableError
    ? error
    : new KvUnavailableError('The rate-limit counters are unavailable', { cause: error });

type StoreCallback = (error: Error | null, result?: CountedHit) => void;

/**
 * The store class the plugin instantiates (`new Store(options)`, then `child(routeOptions)` per
 * limit). `skipOnError` in those options is the limit's failure mode: true serves without the
 * limit when the KV is down (general write limits), false refuses with 503 (sign-up, guesses).
 * Warnings are throttled to one per 10 s: during an outage every request would log one.
 */
export function kvRateLimitStore(kv: Kv, logger: Logger, warnEveryMs = 10_000) {
  let lastWarning = 0;
  const warn = (error: unknown, failOpen: boolean) => {
    const now = Date.now();
    if (now - lastWarning < warnEveryMs) return;
    lastWarning = now;
    logger.warn(
      { err: error },
      failOpen
        ? 'rate-limit counters unavailable: serving without the limit'
        : 'rate-limit counters unavailable: refusing with 503',
    );
  };

  return class KvRateLimitStore implements FastifyRateLimitStore {
    private readonly failOpen: boolean;

    constructor(options: { skipOnError?: boolean } = {}) {
      this.failOpen = options.skipOnError === true;
    }

    incr(key: string, callback: StoreCallback, timeWindow: number): void {
      countHit(kv, key, timeWindow).then(
        (hit) => callback(null, hit),
        (error: unknown) => {
          warn(error, this.failOpen);
          callback(asKvUnavailable(error));
        },
      );
    }

    read(key: string, callback: StoreCallback): void {
      readHits(kv, key).then(
        (hit) => callback(null, hit),
        (error: unknown) => callback(asKvUnavailable(error)),
      );
    }

    child(routeOptions: unknown): FastifyRateLimitStore {
      return new KvRateLimitStore(routeOptions as { skipOnError?: boolean });
    }
  };
}
