/**
 * The key-value seam: the few operations hot counters, flash-sale stock, per-customer
 * limits, budgets-in-cache, locks, leaderboards and live screens need. Two implementations
 * pass one contract suite (kv.contract.test.ts): in-process memory (the embedded default)
 * and Redis (production, shared by any number of API processes).
 *
 * Everything that guards a scarce quantity is a single atomic operation here
 * (`decrIfEnough`, `incrIfBelow`, `set` with `ifAbsent`), so callers never need the
 * read-then-write pattern that oversells under load.
 *
 * Keys and channels are namespaced by the implementation's prefix. Keys that must live on
 * one Redis Cluster shard (an item's stock and its sold counter, say) put the shared part
 * in a hash tag: `{sku_1}:stock`, `{sku_1}:sold`. The prefix is prepended outside the
 * braces (`carnival:{sku_1}:stock`), and Cluster hashes only the first `{...}`, so the
 * prefix never moves a key to another shard. A prefix must therefore not contain `{` or
 * `}` itself; the factories reject one that does.
 */

export interface SetOptions {
  /** Expire the key this many milliseconds from now. Without it, any previous TTL is cleared. */
  ttlMs?: number;
  /** Only write when the key does not exist; `set` then returns false if it did. */
  ifAbsent?: boolean;
}

export interface TtlOption {
  /** Applied only when the operation creates the key, so a window starts at its first hit. */
  ttlMs?: number;
}

export type DecrResult = { ok: true; remaining: number } | { ok: false; remaining: number };

export interface IncrIfBelowResult {
  ok: boolean;
  /** The new value when ok, else the unchanged current value. */
  value: number;
}

/**
 * One token bucket (Sentinel/Guava style): it holds at most `burst` tokens and refills at
 * `ratePerSec`; a missing key is a full bucket. Both numbers are positive integers.
 */
export interface TokenBucket {
  key: string;
  ratePerSec: number;
  burst: number;
}

export type TakeTokensResult =
  | { ok: true }
  /** `bucket` is the index of the first bucket that was short; `retryAfterMs` when it will have enough (>= 1). */
  | { ok: false; bucket: number; retryAfterMs: number };

export interface ScoredMember {
  member: string;
  score: number;
}

export interface Lock {
  readonly name: string;
  readonly token: string;
  /** Deletes the lock only if this holder still owns it; false once it expired or passed on. */
  release(): Promise<boolean>;
  /** Resets the TTL to `ttlMs` from now, only if this holder still owns it. */
  extend(ttlMs: number): Promise<boolean>;
}

export type MessageHandler = (message: string, channel: string) => void;

export interface Kv {
  readonly prefix: string;

  get(key: string): Promise<string | null>;
  set(key: string, value: string, opts?: SetOptions): Promise<boolean>;
  /** Returns how many of the keys existed. */
  del(...keys: string[]): Promise<number>;
  /** Remaining TTL in ms; -1 when the key has none, -2 when it does not exist. */
  ttlMs(key: string): Promise<number>;
  /** Returns false when the key does not exist. */
  expire(key: string, ttlMs: number): Promise<boolean>;

  /** Adds `by` (any safe integer, may be negative) and returns the new value; a missing key counts as 0. */
  incrBy(key: string, by: number, opts?: TtlOption): Promise<number>;
  /**
   * Subtracts `by` only if the value is at least `by`, so it never goes below zero. A
   * missing key counts as 0 and is not created. `remaining` is the value after the call.
   */
  decrIfEnough(key: string, by: number): Promise<DecrResult>;
  /**
   * Adds `by` only if value + by <= limit ("at most N per customer"). A missing key counts
   * as 0; the TTL applies when this call creates the key.
   */
  incrIfBelow(key: string, by: number, limit: number, opts?: TtlOption): Promise<IncrIfBelowResult>;

  /**
   * Takes `cost` tokens (default 1) from every bucket, or from none: all-or-nothing, so a
   * caller refused by its own bucket does not drain a shared one. Refusals write nothing.
   * Time is the KV's own clock (Redis TIME), so N processes share one timeline. On Redis every
   * key must hash to one Cluster slot: give them one hash tag (`{fs:slot_1}:tb:...`).
   */
  takeTokens(buckets: TokenBucket[], cost?: number): Promise<TakeTokensResult>;

  /** Null when someone else holds `name`. Hold it for at most `ttlMs`, so a crashed holder cannot wedge it. */
  acquireLock(name: string, ttlMs: number): Promise<Lock | null>;

  publish(channel: string, message: string): Promise<void>;
  /** Resolves once delivery is live; the returned function unsubscribes this handler. */
  subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>>;

  /** Returns the member's new score. */
  zincrBy(key: string, member: string, by: number): Promise<number>;
  /** False when `ifAbsent` was asked and the member was already there (its score is kept). */
  zadd(key: string, member: string, score: number, opts?: { ifAbsent?: boolean }): Promise<boolean>;
  zscore(key: string, member: string): Promise<number | null>;
  /** The member's 0-based rank, ascending by score (ties by member bytes); null when absent. */
  zrank(key: string, member: string): Promise<number | null>;
  /**
   * Members by rank, inclusive, with Redis index rules (negative counts from the end).
   * Ascending by score, ties by member bytes; `reverse` is highest first (ties reversed too).
   */
  zrangeByRank(
    key: string,
    start: number,
    stop: number,
    opts?: { reverse?: boolean },
  ): Promise<ScoredMember[]>;
  zcard(key: string): Promise<number>;

  close(): Promise<void>;
}

/** Locks live beside ordinary keys; the namespace keeps a lock named `x` apart from key `x`. */
export const lockKey = (name: string) => `lock:${name}`;

export function assertPrefix(prefix: string): void {
  if (prefix.includes('{') || prefix.includes('}')) {
    throw new TypeError(
      `KV prefix must not contain braces, it would break Redis Cluster hash tags: ${prefix}`,
    );
  }
}

export function assertTtl(ttlMs: number, what = 'ttlMs'): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`${what} must be a positive integer of milliseconds, got ${ttlMs}`);
  }
}

export function assertInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be a safe integer, got ${n}`);
}

export function assertPositiveInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new RangeError(`${what} must be a positive integer, got ${n}`);
}

export function assertFiniteScore(n: number, what: string): void {
  if (!Number.isFinite(n)) throw new RangeError(`${what} must be a finite number, got ${n}`);
}

/** The checks both implementations make before touching a bucket. */
export function validateBuckets(buckets: TokenBucket[], cost: number): void {
  assertPositiveInteger(cost, 'cost');
  if (buckets.length === 0) throw new RangeError('takeTokens needs at least one bucket');
  for (const b of buckets) {
    assertPositiveInteger(b.ratePerSec, 'ratePerSec');
    assertPositiveInteger(b.burst, 'burst');
    if (cost > b.burst) throw new RangeError(`cost ${cost} exceeds the burst ${b.burst} of ${b.key}`);
  }
}

/** A bucket left alone this long is full again, so its key may go (plus a second of slack). */
export const bucketTtlMs = (b: TokenBucket) => Math.ceil((b.burst * 1000) / b.ratePerSec) + 1000;

/**
 * The KV could not answer in time (connection down, command timed out). Thrown by the Redis
 * implementation instead of hanging; the HTTP layer answers it with 503 KV_UNAVAILABLE.
 * Callers that can degrade (documented per use) catch it; the rest let it through.
 */
export class KvUnavailableError extends Error {
  constructor(message = 'The key-value store is unavailable', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KvUnavailableError';
  }
}
