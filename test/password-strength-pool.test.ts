import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkInThread,
  closePasswordStrengthPool,
  judgePassword,
} from '../src/modules/accounts/password-strength';
import { createStrengthPool } from '../src/modules/accounts/password-strength-pool';
import { installHealthRoutes } from '../src/platform/http/health';

// Weak, middling and strong passwords, with and without the account's words in them.
const CASES: [string, string[]][] = [
  ['password123', []],
  ['qwertyuiop', ['mei@example.com', 'mei']],
  ['Tr0ub4dor&3', []],
  ['correct horse battery staple', ['carnival']],
  ['mei.lin.2024!', ['mei.lin@example.com', 'mei', 'lin', 'example', 'com']],
  ['carnival2026!', ['carnival']],
  ['zhangwei19900101', ['zhang.wei@example.cn', 'zhang', 'wei']],
];

describe('the password-strength worker pool', () => {
  const pool = createStrengthPool({ size: 2 });
  afterAll(() => pool.close());

  it('answers exactly what the estimator on the main thread answers', async () => {
    for (const [password, inputs] of CASES) {
      const [inWorker, inThread] = await Promise.all([
        pool.check(password, inputs),
        checkInThread(password, inputs),
      ]);
      expect(inWorker, password).toEqual(inThread);
    }
    expect(pool.stats().workers).toBeGreaterThan(0);
  }, 240_000);

  it('refuses with 503 LOGIN_BUSY beyond its bounded queue, without starting the refused checks', async () => {
    const tiny = createStrengthPool({ size: 1, maxQueued: 2, maxWaitMs: 120_000 });
    try {
      const burst = Array.from({ length: 6 }, (_, i) =>
        tiny.check(`queued-check-${i}-x`, []).then(
          () => 'ok',
          (e: { code?: string; status?: number }) => `${e.status} ${e.code}`,
        ),
      );
      const outcomes = await Promise.all(burst);
      // One running, two waiting; the other three refused at once.
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(3);
      expect(outcomes.filter((o) => o === '503 LOGIN_BUSY')).toHaveLength(3);
    } finally {
      await tiny.close();
    }
  }, 240_000);
});

describe('a burst of sign-up checks', () => {
  // The server's own /healthz (it touches no dependency), on a bare Fastify: the point is the
  // event loop of the process that runs the checks, not the database.
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    installHealthRoutes(app, { db: undefined as never, kv: undefined as never, bus: undefined as never });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await closePasswordStrengthPool();
  });

  it('does not hold /healthz while it runs', async () => {
    // Long passphrases: zxcvbn's Levenshtein matching is slowest on them (tens of ms each on a
    // quiet core, seconds on a loaded one). On the main thread a burst ran back to back and
    // held every request; here /healthz must answer between, while the checks still run.
    await judgePassword('warm-up the workers and their dictionaries please', {});
    let done = 0;
    const burst = Array.from({ length: 6 }, (_, i) =>
      judgePassword(`shopper ${i} chose this rather long passphrase ${i * 7919} today`, {
        email: `buyer${i}@example.com`,
      }).then(
        (v) => {
          done++;
          return typeof v.score === 'number' ? 'judged' : 'odd';
        },
        // A check that waited past the pool's bound is refused (503 LOGIN_BUSY), never left hanging.
        (e: { code?: string }) => {
          done++;
          return e.code ?? 'error';
        },
      ),
    );
    const answeredWhileBusy: number[] = [];
    const latencies: number[] = [];
    while (done < burst.length) {
      const started = performance.now();
      const res = await app.inject({ method: 'GET', url: '/healthz' });
      latencies.push(performance.now() - started);
      expect(res.statusCode).toBe(200);
      if (done < burst.length) answeredWhileBusy.push(done);
      await new Promise((r) => setTimeout(r, 5));
    }
    const verdicts = await Promise.all(burst);
    expect(verdicts.every((v) => v === 'judged' || v === 'LOGIN_BUSY')).toBe(true);
    expect(verdicts).toContain('judged');
    // /healthz kept answering while checks were still running (several times, not once at the end).
    expect(answeredWhileBusy.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...latencies)).toBeLessThan(2_000);
  }, 240_000);
});
