import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kv } from './index';
import { deleteByPrefix, TEST_RUN_PREFIX, type TestKvTarget, testKvTargets } from './testing';

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/** Resolves with the first `n` messages; rejects if they do not arrive in time. */
function collect(n: number, timeoutMs = 2000) {
  const got: string[] = [];
  let done: (v: string[]) => void = () => {};
  const all = new Promise<string[]>((resolve, reject) => {
    done = resolve;
    setTimeout(
      () => reject(new Error(`got ${got.length}/${n} messages: ${got.join(',')}`)),
      timeoutMs,
    ).unref();
  });
  return {
    got,
    all,
    handler: (message: string) => {
      got.push(message);
      if (got.length === n) done(got);
    },
  };
}

describe.each(testKvTargets())('Kv contract: %s', (_kind, makeTarget) => {
  let target: TestKvTarget;
  let kv: Kv;

  beforeEach(() => {
    target = makeTarget();
    [kv] = target.open() as [Kv];
  });
  afterEach(async () => {
    await target.cleanup();
  });

  describe('strings', () => {
    it('gets what was set, null when missing', async () => {
      expect(await kv.get('a')).toBeNull();
      expect(await kv.set('a', '1')).toBe(true);
      expect(await kv.get('a')).toBe('1');
      expect(await kv.set('a', 'two')).toBe(true);
      expect(await kv.get('a')).toBe('two');
    });

    it('ifAbsent writes only a missing key', async () => {
      expect(await kv.set('a', 'first', { ifAbsent: true })).toBe(true);
      expect(await kv.set('a', 'second', { ifAbsent: true })).toBe(false);
      expect(await kv.get('a')).toBe('first');
    });

    it('del removes keys and counts the ones that existed', async () => {
      await kv.set('a', '1');
      await kv.set('b', '2');
      expect(await kv.del('a', 'b', 'missing')).toBe(2);
      expect(await kv.get('a')).toBeNull();
      expect(await kv.del()).toBe(0);
    });

    it('keys of one prefix are invisible under another', async () => {
      const [other] = target.open(1, 'other:') as [Kv];
      await kv.set('shared-name', 'mine');
      expect(await other.get('shared-name')).toBeNull();
      expect(kv.prefix.startsWith(TEST_RUN_PREFIX)).toBe(true);
    });

    it('keeps hash-tagged names intact', async () => {
      await kv.set('{sku_1}:stock', '5');
      expect(await kv.get('{sku_1}:stock')).toBe('5');
    });

    it('rejects a prefix with braces', async () => {
      const { createMemoryKv, createRedisKv } = await import('./index');
      expect(() => createMemoryKv({ prefix: 'bad{x}:' })).toThrow(/braces/);
      expect(() => createRedisKv({ url: 'redis://127.0.0.1:1', prefix: 'bad{x}:' })).toThrow(/braces/);
    });
  });

  describe('TTLs', () => {
    it('reports -2 missing, -1 no TTL, else the remaining ms', async () => {
      expect(await kv.ttlMs('a')).toBe(-2);
      await kv.set('a', '1');
      expect(await kv.ttlMs('a')).toBe(-1);
      await kv.set('b', '1', { ttlMs: 10_000 });
      const ttl = await kv.ttlMs('b');
      expect(ttl).toBeGreaterThan(9_000);
      expect(ttl).toBeLessThanOrEqual(10_000);
    });

    it('expires a key set with ttlMs', async () => {
      await kv.set('a', '1', { ttlMs: 80 });
      expect(await kv.get('a')).toBe('1');
      await target.advance(150);
      expect(await kv.get('a')).toBeNull();
      expect(await kv.ttlMs('a')).toBe(-2);
    });

    it('an expired key counts as absent for ifAbsent', async () => {
      await kv.set('a', 'old', { ttlMs: 60 });
      expect(await kv.set('a', 'new', { ifAbsent: true })).toBe(false);
      await target.advance(120);
      expect(await kv.set('a', 'new', { ifAbsent: true })).toBe(true);
      expect(await kv.get('a')).toBe('new');
    });

    it('a plain set clears the previous TTL', async () => {
      await kv.set('a', '1', { ttlMs: 10_000 });
      await kv.set('a', '2');
      expect(await kv.ttlMs('a')).toBe(-1);
    });

    it('expire sets a TTL on an existing key only', async () => {
      expect(await kv.expire('missing', 1000)).toBe(false);
      await kv.set('a', '1');
      expect(await kv.expire('a', 80)).toBe(true);
      expect(await kv.ttlMs('a')).toBeGreaterThan(0);
      await target.advance(150);
      expect(await kv.get('a')).toBeNull();
    });

    it('rejects a non-positive or fractional TTL', async () => {
      await expect(kv.set('a', '1', { ttlMs: 0 })).rejects.toThrow(RangeError);
      await expect(kv.expire('a', -5)).rejects.toThrow(RangeError);
      await expect(kv.incrBy('a', 1, { ttlMs: 1.5 })).rejects.toThrow(RangeError);
    });
  });

  describe('counters', () => {
    it('incrBy starts from 0 and returns the new value', async () => {
      expect(await kv.incrBy('n', 5)).toBe(5);
      expect(await kv.incrBy('n', -2)).toBe(3);
      expect(await kv.get('n')).toBe('3');
    });

    it('incrBy sets the TTL only when it creates the key', async () => {
      expect(await kv.incrBy('n', 1, { ttlMs: 10_000 })).toBe(1);
      expect(await kv.ttlMs('n')).toBeGreaterThan(9_000);
      await kv.incrBy('n', 1, { ttlMs: 60_000 });
      expect(await kv.ttlMs('n')).toBeLessThanOrEqual(10_000);
      await kv.set('plain', '7');
      await kv.incrBy('plain', 1, { ttlMs: 10_000 });
      expect(await kv.ttlMs('plain')).toBe(-1);
    });

    it('a counter window resets once its TTL passes', async () => {
      await kv.incrBy('n', 1, { ttlMs: 80 });
      await kv.incrBy('n', 1, { ttlMs: 80 });
      await target.advance(150);
      expect(await kv.incrBy('n', 1, { ttlMs: 80 })).toBe(1);
    });

    it('incrBy on a non-integer value fails instead of guessing', async () => {
      await kv.set('s', 'abc');
      await expect(kv.incrBy('s', 1)).rejects.toThrow(/not an integer/);
      await expect(kv.decrIfEnough('s', 1)).rejects.toThrow(/not an integer/);
      await expect(kv.incrIfBelow('s', 1, 5)).rejects.toThrow(/not an integer/);
      await expect(kv.incrBy('n', 0.5)).rejects.toThrow(RangeError);
    });

    it('handles counts beyond 32 bits', async () => {
      expect(await kv.incrBy('big', 4_000_000_000_000)).toBe(4_000_000_000_000);
      expect(await kv.decrIfEnough('big', 1_000_000_000_000)).toEqual({
        ok: true,
        remaining: 3_000_000_000_000,
      });
      expect(await kv.incrIfBelow('big', 1_000_000_000_000, 4_000_000_000_000)).toEqual({
        ok: true,
        value: 4_000_000_000_000,
      });
    });
  });

  describe('decrIfEnough', () => {
    it('decrements while enough remains, never below zero', async () => {
      await kv.set('stock', '3');
      expect(await kv.decrIfEnough('stock', 2)).toEqual({ ok: true, remaining: 1 });
      expect(await kv.decrIfEnough('stock', 2)).toEqual({ ok: false, remaining: 1 });
      expect(await kv.decrIfEnough('stock', 1)).toEqual({ ok: true, remaining: 0 });
      expect(await kv.decrIfEnough('stock', 1)).toEqual({ ok: false, remaining: 0 });
      expect(await kv.get('stock')).toBe('0');
    });

    it('a missing key has nothing and is not created', async () => {
      expect(await kv.decrIfEnough('none', 1)).toEqual({ ok: false, remaining: 0 });
      expect(await kv.ttlMs('none')).toBe(-2);
    });

    it('keeps the TTL of the stock key', async () => {
      await kv.set('stock', '5', { ttlMs: 10_000 });
      await kv.decrIfEnough('stock', 1);
      expect(await kv.ttlMs('stock')).toBeGreaterThan(0);
    });

    it('rejects a non-positive amount', async () => {
      await expect(kv.decrIfEnough('stock', 0)).rejects.toThrow(RangeError);
      await expect(kv.decrIfEnough('stock', -1)).rejects.toThrow(RangeError);
    });

    it('200 concurrent buyers of 50 units: exactly 50 succeed, stock ends at 0', async () => {
      const clients = target.open(4);
      await kv.set('{sku_1}:stock', '50');
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) => clients[i % clients.length]!.decrIfEnough('{sku_1}:stock', 1)),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(50);
      expect(await kv.get('{sku_1}:stock')).toBe('0');
      const remainders = results.filter((r) => r.ok).map((r) => r.remaining);
      expect(new Set(remainders).size).toBe(50);
    });

    it('concurrent multi-unit takes never oversell', async () => {
      const clients = target.open(3);
      await kv.set('stock', '10');
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => clients[i % clients.length]!.decrIfEnough('stock', 3)),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(3);
      expect(await kv.get('stock')).toBe('1');
    });
  });

  describe('incrIfBelow', () => {
    it('increments only while value + by <= limit', async () => {
      expect(await kv.incrIfBelow('lim', 2, 3)).toEqual({ ok: true, value: 2 });
      expect(await kv.incrIfBelow('lim', 2, 3)).toEqual({ ok: false, value: 2 });
      expect(await kv.incrIfBelow('lim', 1, 3)).toEqual({ ok: true, value: 3 });
      expect(await kv.incrIfBelow('lim', 1, 3)).toEqual({ ok: false, value: 3 });
    });

    it('a refused first call does not create the key', async () => {
      expect(await kv.incrIfBelow('lim', 5, 3)).toEqual({ ok: false, value: 0 });
      expect(await kv.ttlMs('lim')).toBe(-2);
    });

    it('sets the TTL only when it creates the key', async () => {
      await kv.incrIfBelow('lim', 1, 3, { ttlMs: 100 });
      expect(await kv.ttlMs('lim')).toBeGreaterThan(0);
      await kv.incrIfBelow('lim', 1, 3, { ttlMs: 60_000 });
      expect(await kv.ttlMs('lim')).toBeLessThanOrEqual(100);
      await target.advance(160);
      expect(await kv.incrIfBelow('lim', 1, 3, { ttlMs: 10_000 })).toEqual({ ok: true, value: 1 });
    });

    it('100 concurrent attempts with a limit of 3: exactly 3 succeed', async () => {
      const clients = target.open(4);
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          clients[i % clients.length]!.incrIfBelow('{cust_1}:limit', 1, 3, { ttlMs: 60_000 }),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(3);
      expect(await kv.get('{cust_1}:limit')).toBe('3');
    });
  });

  describe('takeTokens', () => {
    const bucket = (key: string, ratePerSec: number, burst: number) => ({ key, ratePerSec, burst });

    it('a full bucket gives `burst` tokens, then refuses with when to come back', async () => {
      const b = [bucket('{fs:1}:tb:slot', 10, 3)];
      for (let i = 0; i < 3; i++) expect(await kv.takeTokens(b)).toEqual({ ok: true });
      const refused = await kv.takeTokens(b);
      expect(refused).toMatchObject({ ok: false, bucket: 0 });
      // 10/s: one token every 100 ms (less whatever refilled while the test ran).
      const retry = (refused as { retryAfterMs: number }).retryAfterMs;
      expect(retry).toBeGreaterThanOrEqual(1);
      expect(retry).toBeLessThanOrEqual(100);
    });

    it('refills at the rate, never above the burst', async () => {
      const b = [bucket('tb', 10, 2)];
      expect(await kv.takeTokens(b, 2)).toEqual({ ok: true });
      await target.advance(130);
      expect(await kv.takeTokens(b)).toEqual({ ok: true });
      expect((await kv.takeTokens(b)).ok).toBe(false);
      await target.advance(1_000);
      expect(await kv.takeTokens(b, 2)).toEqual({ ok: true });
      expect((await kv.takeTokens(b)).ok).toBe(false);
    });

    it('all or nothing: a short bucket leaves the others untouched, and names itself', async () => {
      const shared = bucket('{fs:1}:tb:slot', 1, 5);
      const mine = bucket('{fs:1}:tb:c:alice', 1, 1);
      expect(await kv.takeTokens([mine, shared])).toEqual({ ok: true });
      for (let i = 0; i < 3; i++)
        expect(await kv.takeTokens([mine, shared])).toMatchObject({ ok: false, bucket: 0 });
      // The shared bucket gave one token only: four are left for everyone else.
      for (let i = 0; i < 4; i++) expect(await kv.takeTokens([shared])).toEqual({ ok: true });
      expect(await kv.takeTokens([bucket('{fs:1}:tb:c:bob', 1, 1), shared])).toMatchObject({
        ok: false,
        bucket: 1,
      });
    });

    it('a refusal writes nothing; a bucket left alone expires once it would be full', async () => {
      const b = [bucket('tb', 5, 1)];
      expect(await kv.takeTokens([bucket('tb-none', 1, 1)], 1)).toEqual({ ok: true });
      expect(await kv.takeTokens(b)).toEqual({ ok: true });
      const ttl = await kv.ttlMs('tb');
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(1_200);
    });

    it('rejects bad numbers and a cost above the burst', async () => {
      await expect(kv.takeTokens([bucket('tb', 0, 1)])).rejects.toThrow(RangeError);
      await expect(kv.takeTokens([bucket('tb', 1, 1.5)])).rejects.toThrow(RangeError);
      await expect(kv.takeTokens([bucket('tb', 1, 2)], 3)).rejects.toThrow(RangeError);
      await expect(kv.takeTokens([])).rejects.toThrow(RangeError);
      await kv.set('s', 'abc');
      await expect(kv.takeTokens([bucket('s', 1, 1)])).rejects.toThrow(/token bucket/);
    });

    it('200 concurrent takes on a burst of 20 from 4 clients: exactly 20 pass', async () => {
      const clients = target.open(4);
      const b = [bucket('{fs:1}:tb:slot', 1, 20)];
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) => clients[i % clients.length]!.takeTokens(b)),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(20);
    });
  });

  describe('locks', () => {
    it('only one holder at a time', async () => {
      const [a, b] = target.open(2) as [Kv, Kv];
      const lock = await a.acquireLock('settle', 10_000);
      expect(lock).not.toBeNull();
      expect(lock!.name).toBe('settle');
      expect(await b.acquireLock('settle', 10_000)).toBeNull();
      expect(await lock!.release()).toBe(true);
      expect(await lock!.release()).toBe(false);
      expect(await b.acquireLock('settle', 10_000)).not.toBeNull();
    });

    it('concurrent acquirers: exactly one wins', async () => {
      const clients = target.open(4);
      const locks = await Promise.all(
        Array.from({ length: 40 }, (_, i) => clients[i % clients.length]!.acquireLock('race', 10_000)),
      );
      expect(locks.filter((l) => l !== null)).toHaveLength(1);
    });

    it('a lock name does not collide with an ordinary key', async () => {
      await kv.set('job', 'data');
      expect(await kv.acquireLock('job', 10_000)).not.toBeNull();
      expect(await kv.get('job')).toBe('data');
    });

    it('tokens are random', async () => {
      const first = await kv.acquireLock('x', 10_000);
      await first!.release();
      const second = await kv.acquireLock('x', 10_000);
      expect(first!.token).not.toBe(second!.token);
      expect(first!.token.length).toBeGreaterThanOrEqual(16);
    });

    it('after expiry and re-acquire, the old holder can neither release nor extend', async () => {
      const [a, b] = target.open(2) as [Kv, Kv];
      const stale = await a.acquireLock('settle', 60);
      await target.advance(120);
      const fresh = await b.acquireLock('settle', 10_000);
      expect(fresh).not.toBeNull();
      expect(await stale!.release()).toBe(false);
      expect(await stale!.extend(10_000)).toBe(false);
      expect(await a.acquireLock('settle', 10_000)).toBeNull();
      expect(await fresh!.release()).toBe(true);
    });

    it('extend keeps a live lock past its first TTL', async () => {
      const lock = await kv.acquireLock('long', 100);
      expect(await lock!.extend(10_000)).toBe(true);
      await target.advance(200);
      expect(await kv.acquireLock('long', 100)).toBeNull();
      expect(await lock!.release()).toBe(true);
    });
  });

  describe('pub/sub', () => {
    it('delivers messages in order to every subscriber', async () => {
      const [pub, sub] = target.open(2) as [Kv, Kv];
      const one = collect(3);
      const two = collect(3);
      await sub.subscribe('live:gmv', one.handler);
      await sub.subscribe('live:gmv', two.handler);
      for (const m of ['1', '2', '3']) await pub.publish('live:gmv', m);
      expect(await one.all).toEqual(['1', '2', '3']);
      expect(await two.all).toEqual(['1', '2', '3']);
    });

    it('passes the unprefixed channel name to the handler', async () => {
      const seen: string[] = [];
      let resolve: () => void = () => {};
      const arrived = new Promise<void>((r) => {
        resolve = r;
      });
      await kv.subscribe('board', (_m, channel) => {
        seen.push(channel);
        resolve();
      });
      await kv.publish('board', 'x');
      await arrived;
      expect(seen).toEqual(['board']);
    });

    it('unsubscribe stops delivery to that handler only', async () => {
      const [pub, sub] = target.open(2) as [Kv, Kv];
      const gone: string[] = [];
      const stays = collect(2);
      const off = await sub.subscribe('ch', (m) => gone.push(m));
      await sub.subscribe('ch', stays.handler);
      await pub.publish('ch', 'a');
      await settle();
      await off();
      await off();
      await pub.publish('ch', 'b');
      expect(await stays.all).toEqual(['a', 'b']);
      await settle();
      expect(gone).toEqual(['a']);
    });

    it('does not cross channels or prefixes', async () => {
      const [other] = target.open(1, 'other:') as [Kv];
      const got: string[] = [];
      await kv.subscribe('ch', (m) => got.push(m));
      await kv.publish('ch2', 'wrong channel');
      await other.publish('ch', 'wrong prefix');
      await kv.publish('ch', 'right');
      await settle();
      expect(got).toEqual(['right']);
    });

    it('a throwing handler does not stop the others', async () => {
      const errors: unknown[] = [];
      const ok = collect(1);
      const { createMemoryKv, createRedisKv } = await import('./index');
      const isolated =
        target.kind === 'memory'
          ? createMemoryKv({ prefix: `${target.prefix}iso:`, onHandlerError: (e) => errors.push(e) })
          : createRedisKv({
              url: process.env.REDIS_URL!,
              prefix: `${target.prefix}iso:`,
              onHandlerError: (e) => errors.push(e),
            });
      try {
        await isolated.subscribe('ch', () => {
          throw new Error('boom');
        });
        await isolated.subscribe('ch', ok.handler);
        await isolated.publish('ch', 'm');
        expect(await ok.all).toEqual(['m']);
        expect(errors).toHaveLength(1);
      } finally {
        await isolated.close();
      }
    });
  });

  describe('sorted sets', () => {
    it('zadd, zscore, zcard', async () => {
      expect(await kv.zcard('board')).toBe(0);
      expect(await kv.zscore('board', 'a')).toBeNull();
      await kv.zadd('board', 'a', 10);
      await kv.zadd('board', 'b', 2.5);
      await kv.zadd('board', 'a', 7);
      expect(await kv.zscore('board', 'a')).toBe(7);
      expect(await kv.zscore('board', 'b')).toBe(2.5);
      expect(await kv.zcard('board')).toBe(2);
    });

    it('zadd ifAbsent keeps an existing score; zrank counts from 0 by score, null when absent', async () => {
      expect(await kv.zadd('q', 'a', 0.5, { ifAbsent: true })).toBe(true);
      expect(await kv.zadd('q', 'a', 0.1, { ifAbsent: true })).toBe(false);
      expect(await kv.zscore('q', 'a')).toBe(0.5);
      expect(await kv.zadd('q', 'b', 0.2)).toBe(true);
      await kv.zadd('q', 'c', 0.5);
      expect(await kv.zrank('q', 'b')).toBe(0);
      expect(await kv.zrank('q', 'a')).toBe(1);
      expect(await kv.zrank('q', 'c')).toBe(2);
      expect(await kv.zrank('q', 'nobody')).toBeNull();
      expect(await kv.zrank('missing', 'a')).toBeNull();
    });

    it('zincrBy creates and accumulates, returning the new score', async () => {
      expect(await kv.zincrBy('gmv', 'shop_1', 100)).toBe(100);
      expect(await kv.zincrBy('gmv', 'shop_1', 250)).toBe(350);
      expect(await kv.zincrBy('gmv', 'shop_1', -50)).toBe(300);
      expect(await kv.zscore('gmv', 'shop_1')).toBe(300);
    });

    it('concurrent zincrBy loses no increments', async () => {
      const clients = target.open(4);
      await Promise.all(Array.from({ length: 100 }, (_, i) => clients[i % 4]!.zincrBy('gmv', 'shop', 3)));
      expect(await kv.zscore('gmv', 'shop')).toBe(300);
    });

    it('ranks ascending, or highest first with reverse; ties by member', async () => {
      await kv.zadd('b', 'carol', 30);
      await kv.zadd('b', 'alice', 10);
      await kv.zadd('b', 'bob', 20);
      await kv.zadd('b', 'bea', 20);
      await kv.zadd('b', 'dan', -5);
      expect(await kv.zrangeByRank('b', 0, -1)).toEqual([
        { member: 'dan', score: -5 },
        { member: 'alice', score: 10 },
        { member: 'bea', score: 20 },
        { member: 'bob', score: 20 },
        { member: 'carol', score: 30 },
      ]);
      expect((await kv.zrangeByRank('b', 0, 2, { reverse: true })).map((e) => e.member)).toEqual([
        'carol',
        'bob',
        'bea',
      ]);
    });

    it('follows Redis rank rules: negative indexes, clamping, empty ranges', async () => {
      for (const [m, s] of [
        ['a', 1],
        ['b', 2],
        ['c', 3],
        ['d', 4],
      ] as const) {
        await kv.zadd('r', m, s);
      }
      const members = async (start: number, stop: number, reverse = false) =>
        (await kv.zrangeByRank('r', start, stop, { reverse })).map((e) => e.member);
      expect(await members(-2, -1)).toEqual(['c', 'd']);
      expect(await members(1, 100)).toEqual(['b', 'c', 'd']);
      expect(await members(-100, 0)).toEqual(['a']);
      expect(await members(3, 1)).toEqual([]);
      expect(await members(10, 20)).toEqual([]);
      expect(await members(-1, -1, true)).toEqual(['a']);
      expect(await kv.zrangeByRank('missing', 0, -1)).toEqual([]);
    });

    it('orders tied members by their UTF-8 bytes', async () => {
      // U+FF21 (fullwidth A) sorts before U+1F600 in UTF-8, after it in UTF-16 units.
      await kv.zadd('u', '\u{1F600}', 1);
      await kv.zadd('u', '\uFF21', 1);
      await kv.zadd('u', 'z', 1);
      expect((await kv.zrangeByRank('u', 0, -1)).map((e) => e.member)).toEqual(['z', '\uFF21', '\u{1F600}']);
    });

    it('sorted sets expire like any key', async () => {
      await kv.zadd('z', 'a', 1);
      expect(await kv.ttlMs('z')).toBe(-1);
      expect(await kv.expire('z', 80)).toBe(true);
      await target.advance(150);
      expect(await kv.zcard('z')).toBe(0);
      expect(await kv.del('z')).toBe(0);
    });

    it('string and sorted-set operations refuse each other’s keys', async () => {
      await kv.set('s', 'x');
      await kv.zadd('z', 'a', 1);
      await expect(kv.zadd('s', 'a', 1)).rejects.toThrow(/WRONGTYPE/);
      await expect(kv.get('z')).rejects.toThrow(/WRONGTYPE/);
      await expect(kv.incrBy('z', 1)).rejects.toThrow(/WRONGTYPE/);
      expect(await kv.set('z', 'now a string')).toBe(true);
      expect(await kv.get('z')).toBe('now a string');
    });
  });

  describe('close', () => {
    it('closes cleanly with live subscriptions', async () => {
      const [own] = target.open(1, 'close:') as [Kv];
      await own.subscribe('ch', () => {});
      await own.set('k', 'v');
      await own.close();
      await own.close();
    });
  });
});

if (process.env.REDIS_URL) {
  describe('Redis key layout', () => {
    const url = process.env.REDIS_URL!;

    it('prefixes outside the hash tag, so Cluster hashes only the tag', async () => {
      const target = testKvTargets().find(([kind]) => kind === 'redis')![1]();
      const [kv] = target.open() as [Kv];
      const raw = new Redis(url);
      try {
        await kv.set('{sku_1}:stock', '5');
        expect(await raw.get(`${target.prefix}{sku_1}:stock`)).toBe('5');
        const lock = await kv.acquireLock('{sku_1}:settle', 1000);
        expect(await raw.get(`${target.prefix}lock:{sku_1}:settle`)).toBe(lock!.token);
      } finally {
        await raw.quit();
        await target.cleanup();
      }
    });

    afterAll(async () => {
      await deleteByPrefix(url, TEST_RUN_PREFIX);
      const raw = new Redis(url);
      try {
        const left: string[] = [];
        let cursor = '0';
        do {
          const [next, keys] = await raw.scan(cursor, 'MATCH', `${TEST_RUN_PREFIX}*`, 'COUNT', 1000);
          cursor = next;
          left.push(...keys);
        } while (cursor !== '0');
        expect(left).toEqual([]);
      } finally {
        await raw.quit();
      }
    });
  });
}
