import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Redis, RedisOptions } from 'ioredis';
import {
  assertFiniteScore,
  assertInteger,
  assertPositiveInteger,
  assertPrefix,
  assertTtl,
  bucketTtlMs,
  type DecrResult,
  type Kv,
  KvUnavailableError,
  type Lock,
  lockKey,
  type MessageHandler,
  type ScoredMember,
  type SetOptions,
  type TtlOption,
  validateBuckets,
} from './kv';

export interface RedisKvOptions {
  url: string;
  prefix: string;
  /** Passed through to ioredis (timeouts, TLS, retry strategy). */
  redis?: RedisOptions;
  /** Where a throwing subscriber's error goes; one bad handler must not stop the others. */
  onHandlerError?: (error: unknown, channel: string) => void;
  /** A command not answered within this fails with KvUnavailableError. Default 500 ms. */
  commandTimeoutMs?: number;
  /** Where connection state changes go (lost, reconnecting, back); default stderr. */
  onConnectionEvent?: (event: 'error' | 'ready', detail: string) => void;
}

export const DEFAULT_KV_COMMAND_TIMEOUT_MS = 500;

// ioredis (~40 modules, ~20 MB) is required when the first Redis client is made, not when this
// file is imported: a process on the in-process KV never loads it. A synchronous require keeps
// createRedisKv synchronous; ioredis is CommonJS.
type Ioredis = typeof import('ioredis');
let ioredis: Ioredis | undefined;
const loadIoredis = (): Ioredis => {
  ioredis ??= createRequire(import.meta.url)('ioredis') as Ioredis;
  return ioredis;
};

/** Reconnect forever: 100 ms doubling to 2 s, with jitter so N processes do not reconnect in step. */
export function redisReconnectDelay(attempt: number): number {
  const base = Math.min(2_000, 100 * 2 ** Math.min(attempt - 1, 5));
  return Math.round(base / 2 + Math.random() * (base / 2));
}

/*
 * Redis replies that are about the server's state, not the command: answered like an outage.
 * Any other ReplyError (WRONGTYPE, a script's integer check) is a bug or bad data and is
 * passed through unchanged.
 */
const UNAVAILABLE_REPLIES = /^(LOADING|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|READONLY|BUSY)\b/;

function toKvError(error: unknown): unknown {
  if (error instanceof KvUnavailableError) return error;
  if (error instanceof loadIoredis().ReplyError && !UNAVAILABLE_REPLIES.test((error as Error).message))
    return error;
  if (error instanceof RangeError || error instanceof TypeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new KvUnavailableError(`The key-value store is unavailable: ${message}`, { cause: error });
}

/*
 * Every conditional write is one Lua script, so Redis runs the check and the write with no
 * other command in between, across any number of API processes. Each script touches one
 * key, so it stays valid in Redis Cluster. tonumber() on a non-integer value returns nil;
 * the scripts turn that into the same error INCRBY gives rather than treating it as 0.
 * Numbers go back to Redis as the original ARGV strings: Lua 5.1 formats large numbers as
 * `1e+15`, which INCRBY would reject.
 */
const SCRIPTS = {
  kvDecrIfEnough: {
    numberOfKeys: 1,
    lua: `
local raw = redis.call('GET', KEYS[1])
local current = 0
if raw then
  current = tonumber(raw)
  if not current then return redis.error_reply('ERR value is not an integer or out of range') end
end
local by = tonumber(ARGV[1])
if current < by then return {0, current} end
return {1, redis.call('DECRBY', KEYS[1], ARGV[1])}
`,
  },
  kvIncrIfBelow: {
    numberOfKeys: 1,
    lua: `
local raw = redis.call('GET', KEYS[1])
local current = 0
if raw then
  current = tonumber(raw)
  if not current then return redis.error_reply('ERR value is not an integer or out of range') end
end
local by = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])
if current + by > limit then return {0, current} end
local value = redis.call('INCRBY', KEYS[1], ARGV[1])
if not raw and ttl > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return {1, value}
`,
  },
  kvIncrByCreateTtl: {
    numberOfKeys: 1,
    lua: `
local existed = redis.call('EXISTS', KEYS[1])
local value = redis.call('INCRBY', KEYS[1], ARGV[1])
if existed == 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return value
`,
  },
  // Token buckets, all-or-nothing: every bucket is read and refilled first, and only when all
  // have `cost` tokens are they written. State `<millitokens>:<ms>` as in memory.ts; the time
  // is the server's (TIME), so processes with skewed clocks share one timeline. Redis 5+
  // replicates a script's effects, not the script, so calling TIME before writing is allowed.
  kvTakeTokens: {
    lua: `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cost = tonumber(ARGV[1]) * 1000
local milli = {}
local at = {}
for i = 1, #KEYS do
  local rate = tonumber(ARGV[i * 2])
  local cap = tonumber(ARGV[i * 2 + 1]) * 1000
  local raw = redis.call('GET', KEYS[i])
  local m = cap
  local last = now
  if raw then
    local tokens, stamp = string.match(raw, '^(-?%d+):(%d+)$')
    if not tokens then return redis.error_reply('ERR value is not a token bucket') end
    m = tonumber(tokens)
    last = tonumber(stamp)
    if now > last then m = math.min(cap, m + (now - last) * rate) end
  end
  if m < cost then return {0, i - 1, math.ceil((cost - m) / rate)} end
  milli[i] = m
  at[i] = math.max(now, last)
end
for i = 1, #KEYS do
  redis.call('SET', KEYS[i], string.format('%d:%d', milli[i] - cost, at[i]), 'PX', ARGV[#KEYS * 2 + 1 + i])
end
return {1, 0, 0}
`,
  },
  // Compare-and-delete: a holder whose lock expired and was taken by someone else must not
  // delete the new holder's lock, which a plain DEL would.
  kvReleaseLock: {
    numberOfKeys: 1,
    lua: `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`,
  },
  kvExtendLock: {
    numberOfKeys: 1,
    lua: `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`,
  },
} as const;

interface ScriptedRedis extends Redis {
  kvDecrIfEnough(key: string, by: number): Promise<[number, number]>;
  kvIncrIfBelow(key: string, by: number, limit: number, ttlMs: number): Promise<[number, number]>;
  kvIncrByCreateTtl(key: string, by: number, ttlMs: number): Promise<number>;
  kvReleaseLock(key: string, token: string): Promise<number>;
  kvTakeTokens(numberOfKeys: number, ...keysAndArgs: (string | number)[]): Promise<[number, number, number]>;
  kvExtendLock(key: string, token: string, ttlMs: number): Promise<number>;
}

/**
 * The raw connection behind a Redis Kv, for a module that needs its own multi-key Lua script
 * (flash-sales' slot state: one script over one hash tag). `run` applies the same guard as
 * every Kv call: a command not answered in time or a lost connection is KvUnavailableError.
 */
export interface RawRedis {
  client: Redis;
  prefix: string;
  run<T>(fn: (client: Redis) => Promise<T>): Promise<T>;
}
const rawConnections = new WeakMap<Kv, RawRedis>();

/** The raw connection of a Kv made by createRedisKv; undefined for any other Kv. */
export function rawRedisOf(kv: Kv): RawRedis | undefined {
  return rawConnections.get(kv);
}

/**
 * The production KV. Scripts are sent by SHA (ioredis falls back to EVAL once per script
 * per connection). Pub/sub needs its own connection because a subscribed Redis connection
 * accepts no other commands; it is opened on the first subscribe.
 */
export function createRedisKv(options: RedisKvOptions): Kv {
  const { prefix } = options;
  assertPrefix(prefix);
  const onHandlerError =
    options.onHandlerError ??
    ((error: unknown, channel: string) => console.error(`KV subscriber on ${channel} threw`, error));
  const commandTimeout = options.commandTimeoutMs ?? DEFAULT_KV_COMMAND_TIMEOUT_MS;
  const onConnectionEvent =
    options.onConnectionEvent ??
    ((event: string, detail: string) => console.error(`redis ${event}: ${detail}`));
  const client = new (loadIoredis().Redis)(options.url, {
    // Bounded waits (docs/operations.md): a command that is not answered in time fails, and
    // while the connection is down commands fail at once instead of queueing. A queued write
    // whose caller already got a 503 must not run later, when the connection returns.
    commandTimeout,
    enableOfflineQueue: false,
    // A command in flight when the connection drops fails rather than being resent: resending
    // a non-idempotent INCRBY after an unknown outcome could apply it twice.
    maxRetriesPerRequest: 0,
    connectTimeout: Math.max(1_000, commandTimeout * 4),
    retryStrategy: redisReconnectDelay,
    // Commands issued in the same tick go out in one write (a flash-sale request's session GET,
    // buckets and reserve script of many requests at once): fewer syscalls under load, and
    // nothing changes for a lone command.
    enableAutoPipelining: true,
    ...options.redis,
    scripts: SCRIPTS,
  }) as ScriptedRedis;
  // Logged once per outage, not once per failed reconnect attempt.
  // A server that goes away closes the socket ('close'), often with no 'error' at all; refused
  // reconnects then emit 'error'. Either starts an outage, unless we are closing.
  let down = false;
  let closing: Promise<void> | undefined;
  const lost = (detail: string) => {
    if (down || closing) return;
    down = true;
    onConnectionEvent('error', detail);
  };
  client.on('error', (err: Error) => lost(err.message));
  client.on('close', () => lost('connection closed'));
  client.on('ready', () => {
    if (!down) return;
    down = false;
    onConnectionEvent('ready', 'connection restored');
  });
  // The first commands of a process may come before the first connect finished; they wait
  // for it (at most one command timeout) rather than failing on the disabled offline queue.
  let everReady = false;
  const firstReady = new Promise<void>((resolve) =>
    client.once('ready', () => {
      everReady = true;
      resolve();
    }),
  );
  async function guard<T>(run: () => Promise<T>): Promise<T> {
    if (!everReady) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        firstReady,
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, commandTimeout);
        }),
      ]);
      clearTimeout(timer);
    }
    try {
      return await run();
    } catch (error) {
      throw toKvError(error);
    }
  }
  const k = (key: string) => prefix + key;

  let subscriber: Redis | undefined;
  const channels = new Map<string, Set<MessageHandler>>();

  function subscriberConnection(): Redis {
    if (subscriber) return subscriber;
    // The subscriber keeps ioredis' offline queue: SUBSCRIBE is idempotent, and ioredis
    // re-subscribes every channel itself after a reconnect (autoResubscribe).
    const sub = client.duplicate({ enableOfflineQueue: true });
    sub.on('error', () => {
      // Reported by the main connection's listener; this one keeps the event handled.
    });
    sub.on('message', (fullChannel: string, message: string) => {
      const handlers = channels.get(fullChannel);
      if (!handlers) return;
      const channel = fullChannel.slice(prefix.length);
      for (const handler of [...handlers]) {
        try {
          handler(message, channel);
        } catch (error) {
          onHandlerError(error, channel);
        }
      }
    });
    subscriber = sub;
    return sub;
  }

  const kv: Kv = {
    prefix,

    async get(key) {
      return client.get(k(key));
    },

    async set(key, value, opts: SetOptions = {}) {
      const fullKey = k(key);
      let reply: string | null;
      if (opts.ttlMs !== undefined) {
        assertTtl(opts.ttlMs);
        reply = opts.ifAbsent
          ? await client.set(fullKey, value, 'PX', opts.ttlMs, 'NX')
          : await client.set(fullKey, value, 'PX', opts.ttlMs);
      } else {
        reply = opts.ifAbsent ? await client.set(fullKey, value, 'NX') : await client.set(fullKey, value);
      }
      return reply === 'OK';
    },

    async del(...keys) {
      if (keys.length === 0) return 0;
      // One DEL per key: a multi-key DEL across hash slots is refused by Redis Cluster.
      const counts = await Promise.all(keys.map((key) => client.del(k(key))));
      return counts.reduce((a, b) => a + b, 0);
    },

    async ttlMs(key) {
      return client.pttl(k(key));
    },

    async expire(key, ttlMs) {
      assertTtl(ttlMs);
      return (await client.pexpire(k(key), ttlMs)) === 1;
    },

    async incrBy(key, by, opts: TtlOption = {}) {
      assertInteger(by, 'by');
      if (opts.ttlMs === undefined) return client.incrby(k(key), by);
      assertTtl(opts.ttlMs);
      return client.kvIncrByCreateTtl(k(key), by, opts.ttlMs);
    },

    async decrIfEnough(key, by): Promise<DecrResult> {
      assertPositiveInteger(by, 'by');
      const [ok, remaining] = await client.kvDecrIfEnough(k(key), by);
      return ok === 1 ? { ok: true, remaining } : { ok: false, remaining };
    },

    async incrIfBelow(key, by, limit, opts: TtlOption = {}) {
      assertPositiveInteger(by, 'by');
      assertInteger(limit, 'limit');
      if (opts.ttlMs !== undefined) assertTtl(opts.ttlMs);
      const [ok, value] = await client.kvIncrIfBelow(k(key), by, limit, opts.ttlMs ?? 0);
      return { ok: ok === 1, value };
    },

    async takeTokens(buckets, cost = 1) {
      validateBuckets(buckets, cost);
      const [ok, bucket, retryAfterMs] = await client.kvTakeTokens(
        buckets.length,
        ...buckets.map((b) => k(b.key)),
        cost,
        ...buckets.flatMap((b) => [b.ratePerSec, b.burst]),
        ...buckets.map(bucketTtlMs),
      );
      return ok === 1 ? { ok: true as const } : { ok: false as const, bucket, retryAfterMs };
    },

    async acquireLock(name, ttlMs) {
      assertTtl(ttlMs);
      const fullKey = k(lockKey(name));
      const token = randomBytes(16).toString('hex');
      const reply = await client.set(fullKey, token, 'PX', ttlMs, 'NX');
      if (reply !== 'OK') return null;
      const lock: Lock = {
        name,
        token,
        release: () => guard(async () => (await client.kvReleaseLock(fullKey, token)) === 1),
        extend: (ms) =>
          guard(async () => {
            assertTtl(ms);
            return (await client.kvExtendLock(fullKey, token, ms)) === 1;
          }),
      };
      return lock;
    },

    async publish(channel, message) {
      await client.publish(k(channel), message);
    },

    async subscribe(channel, handler) {
      const fullChannel = k(channel);
      const sub = subscriberConnection();
      // Wrapped so the same function subscribed twice gets two independent subscriptions.
      const own: MessageHandler = (message, ch) => handler(message, ch);
      let handlers = channels.get(fullChannel);
      if (!handlers) {
        handlers = new Set();
        channels.set(fullChannel, handlers);
      }
      handlers.add(own);
      const remove = () => {
        const set = channels.get(fullChannel);
        if (!set?.delete(own)) return false;
        if (set.size > 0) return false;
        channels.delete(fullChannel);
        return true;
      };
      // SUBSCRIBE is idempotent and commands on one connection run in order, so awaiting our
      // own SUBSCRIBE reply means delivery is live even if another caller sent the first one.
      try {
        await sub.subscribe(fullChannel);
      } catch (error) {
        remove();
        throw error;
      }
      return async () => {
        if (remove()) await guard(() => sub.unsubscribe(fullChannel));
      };
    },

    async zincrBy(key, member, by) {
      assertFiniteScore(by, 'by');
      return Number(await client.zincrby(k(key), by, member));
    },

    async zadd(key, member, score, opts = {}) {
      assertFiniteScore(score, 'score');
      if (opts.ifAbsent) return (await client.zadd(k(key), 'NX', score, member)) === 1;
      await client.zadd(k(key), score, member);
      return true;
    },

    async zrank(key, member) {
      return client.zrank(k(key), member);
    },

    async zscore(key, member) {
      const score = await client.zscore(k(key), member);
      return score === null ? null : Number(score);
    },

    async zrangeByRank(key, start, stop, opts = {}): Promise<ScoredMember[]> {
      assertInteger(start, 'start');
      assertInteger(stop, 'stop');
      const flat = opts.reverse
        ? await client.zrevrange(k(key), start, stop, 'WITHSCORES')
        : await client.zrange(k(key), start, stop, 'WITHSCORES');
      const out: ScoredMember[] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) {
        out.push({ member: flat[i]!, score: Number(flat[i + 1]) });
      }
      return out;
    },

    async zcard(key) {
      return client.zcard(k(key));
    },

    // Idempotent: shutdown paths often close twice (a finally plus a process hook), and a
    // second QUIT on a closed ioredis connection rejects.
    close() {
      closing ??= (async () => {
        channels.clear();
        // QUIT cannot be sent on a dead connection (no offline queue); disconnect instead, so
        // shutdown during an outage neither throws nor waits.
        const quit = async (c: Redis | undefined) => {
          if (!c) return;
          if (c.status !== 'ready') return c.disconnect();
          await c.quit().catch(() => c.disconnect());
        };
        await Promise.all([quit(subscriber), quit(client)]);
      })();
      return closing;
    },
  };
  // Every call goes through guard(): connection failures and timeouts become
  // KvUnavailableError (503 KV_UNAVAILABLE), never a hang or a raw ioredis error.
  for (const name of Object.keys(kv) as (keyof Kv)[]) {
    const method = kv[name];
    if (typeof method !== 'function' || name === 'close') continue;
    const fn = method as (...args: unknown[]) => Promise<unknown>;
    (kv as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => guard(() => fn(...args));
  }
  rawConnections.set(kv, { client, prefix, run: (fn) => guard(() => fn(client)) });
  return kv;
}
