import { afterEach, describe, expect, it } from 'vitest';
import { KvUnavailableError } from '../kv';
import { type TestKvTarget, testKvTargets } from '../kv/testing';
import { silentLogger } from '../logger';
import { countHit, giveBackHit, kvRateLimitStore, readHits } from './rate-limit-store';

/** The rate-limit counters on every KV implementation: memory always, Redis when REDIS_URL is set. */
describe.each(testKvTargets())('rate-limit store on %s', (_kind, makeTarget) => {
  let target: TestKvTarget;
  afterEach(() => target?.cleanup());

  it('counts hits in a window that starts at the first hit and ends with its TTL', async () => {
    target = makeTarget();
    const [kv] = target.open();
    const first = await countHit(kv!, 'k', 300);
    expect(first.current).toBe(1);
    expect(first.ttl).toBeGreaterThan(200);
    expect(first.ttl).toBeLessThanOrEqual(300);
    expect((await countHit(kv!, 'k', 300)).current).toBe(2);
    expect(await readHits(kv!, 'k')).toMatchObject({ current: 2 });
    await target.advance(350);
    expect((await countHit(kv!, 'k', 300)).current).toBe(1);
  });

  it('shares one count between processes (two connections), with no lost hits under concurrency', async () => {
    target = makeTarget();
    const [a, b] = target.open(2);
    const hits = await Promise.all(
      Array.from({ length: 50 }, (_, i) => countHit(i % 2 ? a! : b!, 'shared', 10_000)),
    );
    expect(hits.map((h) => h.current).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
  });

  it('gives a hit back, never below zero and never creating a counter', async () => {
    target = makeTarget();
    const [kv] = target.open();
    await countHit(kv!, 'g', 10_000);
    await giveBackHit(kv!, 'g');
    await giveBackHit(kv!, 'g');
    expect(await readHits(kv!, 'g')).toMatchObject({ current: 0 });
    await giveBackHit(kv!, 'never');
    expect(await readHits(kv!, 'never')).toEqual({ current: 0, ttl: 0 });
  });

  it('answers the plugin through callbacks, and turns any KV failure into KvUnavailableError', async () => {
    target = makeTarget();
    const [kv] = target.open();
    const Store = kvRateLimitStore(kv!, silentLogger);
    const store = new Store({ skipOnError: true }).child({ skipOnError: false });
    const result = await new Promise((resolve, reject) =>
      store.incr('cb', (e, r) => (e ? reject(e) : resolve(r)), 1000, 5),
    );
    expect(result).toMatchObject({ current: 1 });
    await kv!.set('ratelimit:bad', 'not a number');
    const error = await new Promise((resolve) => store.incr('bad', (e) => resolve(e), 1000, 5));
    expect(error).toBeInstanceOf(KvUnavailableError);
  });
});
