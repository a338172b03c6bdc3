/**
 * A key's rate holds in total across API processes (issue 13 acceptance): two `carnival serve`
 * processes on one PostgreSQL database and one Redis prefix, a key allowed 10 calls a minute,
 * 30 calls spread over both at once: exactly 10 are served, the rest get 429 with Retry-After.
 * Needs DATABASE_URL and REDIS_URL (the shared loopback servers); skipped without them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteByPrefix, TEST_RUN_PREFIX } from '../src/platform/kv/testing';
import { ADMIN_PASSWORD, login, type ServeProcess, scratchDatabase, startServe } from './faults/support';
import { relaxedLimits } from './support/limits';

const redisUrl = process.env.REDIS_URL;
const RATE = 10;

describe.skipIf(!redisUrl || !process.env.DATABASE_URL)(
  'API key rate across two processes sharing Redis',
  () => {
    const prefix = `${TEST_RUN_PREFIX}key-rate:`;
    let database: Awaited<ReturnType<typeof scratchDatabase>>;
    let a: ServeProcess;
    let b: ServeProcess;

    beforeAll(async () => {
      database = await scratchDatabase();
      const env = {
        ...database.env,
        REDIS_URL: redisUrl!,
        CARNIVAL_KV_PREFIX: prefix,
        CARNIVAL_SEED_DEMO: 'false',
        CARNIVAL_LIMITS: JSON.stringify(relaxedLimits({ apiKeyPerMinute: 600 })),
      };
      a = await startServe(env);
      b = await startServe(env);
    }, 240_000);
    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      await database?.drop();
      if (redisUrl) await deleteByPrefix(redisUrl, prefix);
    });

    it('serves the key its rate in total, however the calls are spread', async () => {
      const cookie = await login(a.url, 'admin@carnival.local', ADMIN_PASSWORD);
      const created = await fetch(`${a.url}/api/auth/api-keys`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'two-processes', scopes: ['campaigns:read'], ratePerMinute: RATE }),
      });
      expect(created.status).toBe(201);
      const { key } = (await created.json()) as { key: string };
      const calls = Array.from({ length: 3 * RATE }, (_, i) =>
        fetch(`${(i % 2 ? a : b).url}/api/campaigns`, { headers: { authorization: `Bearer ${key}` } }),
      );
      const answers = await Promise.all(calls);
      const served = answers.filter((r) => r.status === 200);
      const limited = answers.filter((r) => r.status === 429);
      expect(served).toHaveLength(RATE);
      expect(limited).toHaveLength(2 * RATE);
      expect(new Set(answers.map((r) => r.url.split('/api')[0]))).toEqual(new Set([a.url, b.url]));
      const refused = limited[0]!;
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.headers.get('ratelimit-policy')).toBe(`"api-key";q=${RATE};w=60`);
      expect(refused.headers.get('ratelimit')).toMatch(/^"api-key";r=0;t=\d+$/);
      // Both processes report the same count: the remaining values of the served calls are 0..9 once each.
      const remaining = served.map((r) => Number(/r=(\d+)/.exec(r.headers.get('ratelimit') ?? '')?.[1]));
      expect(remaining.sort((x, y) => x - y)).toEqual([...Array(RATE).keys()]);
    });
  },
);
