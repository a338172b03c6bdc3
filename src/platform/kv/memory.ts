import { randomBytes } from 'node:crypto';
import { type Clock, systemClock } from '../clock';
import {
  assertFiniteScore,
  assertInteger,
  assertPositiveInteger,
  assertPrefix,
  assertTtl,
  bucketTtlMs,
  type DecrResult,
  type IncrIfBelowResult,
  type Kv,
  type Lock,
  lockKey,
  type MessageHandler,
  type ScoredMember,
  type SetOptions,
  type TakeTokensResult,
  type TtlOption,
  validateBuckets,
} from './kv';

export interface MemoryKvOptions {
  prefix?: string;
  clock?: Clock;
  /** How often expired keys nobody reads again are dropped. */
  sweepIntervalMs?: number;
  /** Where a throwing subscriber's error goes; one bad handler must not stop the others. */
  onHandlerError?: (error: unknown, channel: string) => void;
}

export interface MemoryKv extends Kv {
  /** Keys held right now, counting expired ones the sweep has not reached: for tests and diagnostics. */
  readonly size: number;
}

type Entry =
  | { kind: 'string'; value: string; expiresAt?: number }
  | { kind: 'zset'; members: Map<string, number>; expiresAt?: number };

/**
 * The embedded KV: one process, no server. Every operation runs synchronously inside its
 * async wrapper, and JS never interleaves synchronous code, so each one is atomic exactly
 * as a Redis command or Lua script is. Data lives only as long as the instance.
 *
 * TTLs are checked against the injected clock on every access (tests move time by hand);
 * a periodic sweep, unref'd so it never holds the process open, reclaims keys that expire
 * without being read again.
 */
export function createMemoryKv(options: MemoryKvOptions = {}): MemoryKv {
  const prefix = options.prefix ?? '';
  assertPrefix(prefix);
  const clock = options.clock ?? systemClock;
  const onHandlerError =
    options.onHandlerError ??
    ((error: unknown, channel: string) => console.error(`KV subscriber on ${channel} threw`, error));
  const data = new Map<string, Entry>();
  const channels = new Map<string, Set<MessageHandler>>();
  let closed = false;

  const now = () => clock.now().getTime();
  const k = (key: string) => prefix + key;

  const sweep = setInterval(() => {
    const t = now();
    for (const [key, entry] of data) {
      if (entry.expiresAt !== undefined && entry.expiresAt <= t) data.delete(key);
    }
  }, options.sweepIntervalMs ?? 60_000);
  sweep.unref();

  function live(fullKey: string): Entry | undefined {
    const entry = data.get(fullKey);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= now()) {
      data.delete(fullKey);
      return undefined;
    }
    return entry;
  }

  function open(): void {
    if (closed) throw new Error('KV is closed');
  }

  // Mirrors Redis WRONGTYPE so code that works on memory cannot fail only in production.
  function stringEntry(fullKey: string) {
    const entry = live(fullKey);
    if (entry && entry.kind !== 'string') throw wrongType();
    return entry;
  }

  function zsetEntry(fullKey: string) {
    const entry = live(fullKey);
    if (entry && entry.kind !== 'zset') throw wrongType();
    return entry;
  }

  function intValue(fullKey: string): number {
    const entry = stringEntry(fullKey);
    if (!entry) return 0;
    if (!/^-?\d+$/.test(entry.value) || !Number.isSafeInteger(Number(entry.value))) {
      throw new Error('ERR value is not an integer or out of range');
    }
    return Number(entry.value);
  }

  // INCRBY/DECRBY keep the key's TTL; only creation may set one.
  function writeInt(fullKey: string, value: number, ttlMsIfCreated?: number): void {
    const entry = live(fullKey);
    if (entry && entry.kind === 'string') {
      entry.value = String(value);
      return;
    }
    data.set(fullKey, {
      kind: 'string',
      value: String(value),
      expiresAt: ttlMsIfCreated === undefined ? undefined : now() + ttlMsIfCreated,
    });
  }

  function compareAndDelete(fullKey: string, token: string): boolean {
    const entry = live(fullKey);
    if (entry?.kind !== 'string' || entry.value !== token) return false;
    data.delete(fullKey);
    return true;
  }

  function compareAndExpire(fullKey: string, token: string, ttlMs: number): boolean {
    const entry = live(fullKey);
    if (entry?.kind !== 'string' || entry.value !== token) return false;
    entry.expiresAt = now() + ttlMs;
    return true;
  }

  const kv: MemoryKv = {
    prefix,

    get size() {
      return data.size;
    },

    async get(key) {
      open();
      return stringEntry(k(key))?.value ?? null;
    },

    async set(key, value, opts: SetOptions = {}) {
      open();
      if (opts.ttlMs !== undefined) assertTtl(opts.ttlMs);
      const fullKey = k(key);
      if (opts.ifAbsent && live(fullKey)) return false;
      data.set(fullKey, {
        kind: 'string',
        value,
        expiresAt: opts.ttlMs === undefined ? undefined : now() + opts.ttlMs,
      });
      return true;
    },

    async del(...keys) {
      open();
      let n = 0;
      for (const key of keys) {
        const fullKey = k(key);
        if (live(fullKey)) {
          data.delete(fullKey);
          n++;
        }
      }
      return n;
    },

    async ttlMs(key) {
      open();
      const entry = live(k(key));
      if (!entry) return -2;
      if (entry.expiresAt === undefined) return -1;
      return entry.expiresAt - now();
    },

    async expire(key, ttlMs) {
      open();
      assertTtl(ttlMs);
      const entry = live(k(key));
      if (!entry) return false;
      entry.expiresAt = now() + ttlMs;
      return true;
    },

    async incrBy(key, by, opts: TtlOption = {}) {
      open();
      assertInteger(by, 'by');
      if (opts.ttlMs !== undefined) assertTtl(opts.ttlMs);
      const fullKey = k(key);
      const next = intValue(fullKey) + by;
      assertInteger(next, 'result');
      writeInt(fullKey, next, opts.ttlMs);
      return next;
    },

    async decrIfEnough(key, by): Promise<DecrResult> {
      open();
      assertPositiveInteger(by, 'by');
      const fullKey = k(key);
      const current = intValue(fullKey);
      if (current < by) return { ok: false, remaining: current };
      writeInt(fullKey, current - by);
      return { ok: true, remaining: current - by };
    },

    async incrIfBelow(key, by, limit, opts: TtlOption = {}): Promise<IncrIfBelowResult> {
      open();
      assertPositiveInteger(by, 'by');
      assertInteger(limit, 'limit');
      if (opts.ttlMs !== undefined) assertTtl(opts.ttlMs);
      const fullKey = k(key);
      const current = intValue(fullKey);
      if (current + by > limit) return { ok: false, value: current };
      writeInt(fullKey, current + by, opts.ttlMs);
      return { ok: true, value: current + by };
    },

    async takeTokens(buckets, cost = 1): Promise<TakeTokensResult> {
      open();
      validateBuckets(buckets, cost);
      const t = now();
      const states = buckets.map((b) => {
        const fullKey = k(b.key);
        const entry = stringEntry(fullKey);
        return { fullKey, ...refill(entry?.value, b.ratePerSec, b.burst * 1000, t) };
      });
      for (const [i, state] of states.entries()) {
        const bucket = buckets[i]!;
        if (state.milli < cost * 1000)
          return {
            ok: false,
            bucket: i,
            retryAfterMs: Math.ceil((cost * 1000 - state.milli) / bucket.ratePerSec),
          };
      }
      for (const [i, state] of states.entries()) {
        const bucket = buckets[i]!;
        data.set(state.fullKey, {
          kind: 'string',
          value: `${state.milli - cost * 1000}:${state.at}`,
          expiresAt: t + bucketTtlMs(bucket),
        });
      }
      return { ok: true };
    },

    async acquireLock(name, ttlMs) {
      open();
      assertTtl(ttlMs);
      const fullKey = k(lockKey(name));
      if (live(fullKey)) return null;
      const token = randomBytes(16).toString('hex');
      data.set(fullKey, { kind: 'string', value: token, expiresAt: now() + ttlMs });
      const lock: Lock = {
        name,
        token,
        release: async () => compareAndDelete(fullKey, token),
        extend: async (ms) => {
          assertTtl(ms);
          return compareAndExpire(fullKey, token, ms);
        },
      };
      return lock;
    },

    async publish(channel, message) {
      open();
      const fullChannel = k(channel);
      // Snapshot now, deliver later: like Redis, publish never runs handlers in the
      // publisher's stack, and who receives is fixed at publish time.
      const handlers = [...(channels.get(fullChannel) ?? [])];
      if (handlers.length === 0) return;
      queueMicrotask(() => {
        for (const handler of handlers) {
          try {
            handler(message, channel);
          } catch (error) {
            onHandlerError(error, channel);
          }
        }
      });
    },

    async subscribe(channel, handler) {
      open();
      const fullChannel = k(channel);
      let handlers = channels.get(fullChannel);
      if (!handlers) {
        handlers = new Set();
        channels.set(fullChannel, handlers);
      }
      // Wrapped so the same function subscribed twice gets two independent subscriptions.
      const own: MessageHandler = (message, ch) => handler(message, ch);
      handlers.add(own);
      return async () => {
        const set = channels.get(fullChannel);
        if (!set) return;
        set.delete(own);
        if (set.size === 0) channels.delete(fullChannel);
      };
    },

    async zincrBy(key, member, by) {
      open();
      assertFiniteScore(by, 'by');
      const fullKey = k(key);
      const entry = zsetEntry(fullKey);
      const members = entry?.members ?? new Map<string, number>();
      if (!entry) data.set(fullKey, { kind: 'zset', members });
      const score = (members.get(member) ?? 0) + by;
      members.set(member, score);
      return score;
    },

    async zadd(key, member, score, opts = {}) {
      open();
      assertFiniteScore(score, 'score');
      const fullKey = k(key);
      const entry = zsetEntry(fullKey);
      if (entry) {
        if (opts.ifAbsent && entry.members.has(member)) return false;
        entry.members.set(member, score);
      } else data.set(fullKey, { kind: 'zset', members: new Map([[member, score]]) });
      return true;
    },

    async zrank(key, member) {
      open();
      const entry = zsetEntry(k(key));
      const score = entry?.members.get(member);
      if (!entry || score === undefined) return null;
      // A count, not a sort: O(n) per call, enough for the embedded default.
      let rank = 0;
      for (const [other, s] of entry.members)
        if (s < score || (s === score && compareBytes(other, member) < 0)) rank++;
      return rank;
    },

    async zscore(key, member) {
      open();
      return zsetEntry(k(key))?.members.get(member) ?? null;
    },

    async zrangeByRank(key, start, stop, opts = {}): Promise<ScoredMember[]> {
      open();
      assertInteger(start, 'start');
      assertInteger(stop, 'stop');
      const entry = zsetEntry(k(key));
      if (!entry) return [];
      // A full sort per call: fine for the embedded default's board sizes; Redis keeps a skip list.
      const sorted = [...entry.members].map(([member, score]) => ({ member, score }));
      sorted.sort((a, b) => a.score - b.score || compareBytes(a.member, b.member));
      if (opts.reverse) sorted.reverse();
      const n = sorted.length;
      const from = Math.max(start < 0 ? n + start : start, 0);
      const to = Math.min(stop < 0 ? n + stop : stop, n - 1);
      return from > to ? [] : sorted.slice(from, to + 1);
    },

    async zcard(key) {
      open();
      return zsetEntry(k(key))?.members.size ?? 0;
    },

    async close() {
      closed = true;
      clearInterval(sweep);
      data.clear();
      channels.clear();
    },
  };
  return kv;
}

/**
 * A bucket's state is `<millitokens>:<ms of the last take>` (integers, so Redis and memory agree
 * to the unit); absent means full. Rate r tokens/s is exactly r millitokens per ms.
 */
function refill(raw: string | undefined, ratePerSec: number, capacityMilli: number, t: number) {
  if (raw === undefined) return { milli: capacityMilli, at: t };
  const match = /^(-?\d+):(\d+)$/.exec(raw);
  if (!match) throw new Error('ERR value is not a token bucket');
  const last = Number(match[2]);
  // A clock that went back refills nothing rather than taking tokens away.
  const elapsed = Math.max(0, t - last);
  return { milli: Math.min(capacityMilli, Number(match[1]) + elapsed * ratePerSec), at: Math.max(t, last) };
}

function wrongType(): Error {
  return new Error('WRONGTYPE Operation against a key holding the wrong kind of value');
}

/**
 * Redis orders tied scores by the members' UTF-8 bytes, which is code point order. JS `<`
 * compares UTF-16 units, which disagrees for astral characters (surrogates, 0xD800-0xDFFF)
 * against 0xE000-0xFFFF; shifting those two ranges restores code point order.
 */
export function compareBytes(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return fixup(x) - fixup(y);
  }
  return a.length - b.length;
}

function fixup(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}
