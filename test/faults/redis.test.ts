import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisKv, type Kv, KvUnavailableError } from '../../src/platform/kv';
import { RedisInstance } from '../support/redis-instance';
import {
  api,
  binariesOrSkip,
  DEMO_PASSWORD,
  errorCode,
  type ServeProcess,
  scratchDatabase,
  startServe,
  waitFor,
} from './support';

/**
 * Redis goes away: the KV fails fast with KvUnavailableError (503 KV_UNAVAILABLE at the HTTP
 * edge) instead of hanging for ioredis' reconnect, /readyz names it, and everything works
 * again once Redis is back, subscriptions included.
 */
const enabled = binariesOrSkip('Redis', [RedisInstance.binary]);

describe.skipIf(!enabled)('Redis outages', () => {
  let redis: RedisInstance;
  beforeAll(async () => {
    redis = await RedisInstance.start();
  });
  afterAll(() => redis?.kill());

  describe('the KV seam', () => {
    let kv: Kv;
    let events: string[];
    beforeAll(() => {
      events = [];
      kv = createRedisKv({
        url: redis.url,
        prefix: 'faults:',
        commandTimeoutMs: 300,
        onConnectionEvent: (e) => events.push(e),
      });
    });
    afterAll(() => kv.close());

    it('fails fast with KvUnavailableError while Redis is down, and works again after; subscriptions resume', async () => {
      const received: string[] = [];
      await kv.subscribe('news', (m) => received.push(m));
      await kv.set('k', '1');
      await redis.kill();
      for (const call of [
        () => kv.get('k'),
        () => kv.incrBy('n', 1),
        () => kv.decrIfEnough('stock', 1),
        () => kv.acquireLock('l', 1_000),
        () => kv.publish('news', 'lost'),
      ]) {
        const started = Date.now();
        const err = await call().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(KvUnavailableError);
        expect(Date.now() - started).toBeLessThan(1_000);
      }
      // Closing during the outage neither throws nor waits for a reconnect.
      const other = createRedisKv({ url: redis.url, prefix: 'faults2:', onConnectionEvent: () => {} });
      const closeStarted = Date.now();
      await other.close();
      expect(Date.now() - closeStarted).toBeLessThan(1_000);

      await redis.start();
      await waitFor(
        'the KV to reconnect',
        () =>
          kv.get('k').then(
            () => true,
            () => false,
          ),
        15_000,
      );
      // A restarted Redis without persistence has lost the key; what matters is it answers.
      expect(await kv.incrBy('n', 1)).toBe(1);
      await waitFor(
        'the subscription to resume',
        async () => {
          await kv.publish('news', 'back');
          return received.includes('back');
        },
        10_000,
        200,
      );
      expect(received).not.toContain('lost');
      expect(events).toEqual(['error', 'ready']);
    }, 60_000);

    it('a bad command is still the caller’s error, not an outage', async () => {
      await kv.set('text', 'abc');
      const err = await kv.incrBy('text', 1).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(Error);
      expect(err).not.toBeInstanceOf(KvUnavailableError);
    });
  });

  describe('under carnival serve', () => {
    let serve: ServeProcess;
    let database: Awaited<ReturnType<typeof scratchDatabase>>;
    beforeAll(async () => {
      database = await scratchDatabase();
      serve = await startServe({ ...database.env, REDIS_URL: redis.url });
    }, 180_000);
    afterAll(async () => {
      await serve?.stop();
      await database?.drop();
    });

    const loginAsConsumer = () =>
      api(serve.url, 'POST', '/api/auth/login', {
        body: { email: 'consumer@carnival.local', password: DEMO_PASSWORD },
      });

    it('logins answer 503 KV_UNAVAILABLE within ~1 s while Redis is down, /readyz names kv, and work again after', async () => {
      expect((await loginAsConsumer()).status).toBe(200);
      expect((await api(serve.url, 'GET', '/readyz')).status).toBe(200);

      await redis.kill();
      try {
        for (let i = 0; i < 3; i++) {
          const r = await loginAsConsumer();
          expect([r.status, errorCode(r)]).toEqual([503, 'KV_UNAVAILABLE']);
          expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
          expect(r.ms).toBeLessThan(1_500);
        }
        const ready = await api(serve.url, 'GET', '/readyz');
        expect(ready.status).toBe(503);
        expect(ready.ms).toBeLessThan(2_000);
        expect(ready.body).toMatchObject({
          status: 'unavailable',
          checks: { kv: { ok: false }, database: { ok: true }, bus: { ok: true } },
        });
        expect((await api(serve.url, 'GET', '/healthz')).status).toBe(200);
      } finally {
        await redis.start();
      }
      await waitFor(
        'logins to work again',
        async () => (await loginAsConsumer()).status === 200,
        15_000,
        200,
      );
      expect((await api(serve.url, 'GET', '/readyz')).status).toBe(200);
      expect(serve.isAlive()).toBe(true);
    }, 60_000);
  });
});
