import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../platform/clock';
import { createMemoryKv, createRedisKv, type Kv } from '../../platform/kv';
import { TEST_RUN_PREFIX, testKvTargets } from '../../platform/kv/testing';
import { createLoginThrottle } from './login-throttle';
import { passwordVerifications } from './password-hashing';
import { type AccountsTestApp, cookiesOf, openAccountsTestApp } from './test-app';

const STRONG = 'Velvet-Orbit-Harbor-7';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let n = 0;
const uniqueEmail = (what: string) => `${what}-${++n}-${Date.now().toString(36)}@test.local`;

describe.each(testKvTargets())('login throttling over HTTP on the %s KV', (kind) => {
  let t: AccountsTestApp;
  const redisUrl = process.env.REDIS_URL;
  const prefix = `${TEST_RUN_PREFIX}throttle-http-${kind}:`;
  beforeAll(async () => {
    t = await openAccountsTestApp((clock) =>
      kind === 'redis' && redisUrl
        ? createRedisKv({ url: redisUrl, prefix })
        : createMemoryKv({ prefix, clock }),
    );
  });
  afterAll(async () => {
    await t.close();
  });
  // Redis expires keys in real time; the memory KV follows the app's manual clock.
  const advance = async (ms: number) => {
    t.clock.advance(ms);
    if (kind === 'redis') await sleep(ms);
  };
  const user = async (what: string) => {
    const email = uniqueEmail(what);
    await t.services.accounts.createUser({ email, password: STRONG, displayName: what, role: 'consumer' });
    return email;
  };

  /**
   * An attacker guesses, waiting out each delay, until the account's wait is at least
   * `seconds`: long enough that the checks after it do not race a real Redis TTL.
   */
  const burnUntilWaitIsAtLeast = async (email: string, seconds: number) => {
    await Promise.all(
      Array.from({ length: 6 }, () => t.login(email, 'attacker-guess', { ip: '203.0.113.66' })),
    );
    for (;;) {
      const res = await t.login(email, 'attacker-guess', { ip: '203.0.113.66' });
      if (res.statusCode !== 429) continue;
      const wait = Number(res.headers['retry-after']);
      if (wait >= seconds) return;
      await advance(wait * 1000 + 50);
    }
  };

  it('checks at most 5 of 40 parallel wrong passwords; the rest are 429 with Retry-After', async () => {
    const email = await user('burst');
    const before = passwordVerifications.count;
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => t.login(email, `wrong-guess-${i}`, { ip: '198.51.100.7' })),
    );
    const verified = passwordVerifications.count - before;
    const statuses = answers.map((a) => a.statusCode);
    expect(verified).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 401)).toHaveLength(verified);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40 - verified);
    const refused = answers.find((a) => a.statusCode === 429)!;
    expect(refused.json().error).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', details: { scope: 'account' } });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('delays progressively rather than locking out: the right password works once the wait passes', async () => {
    const email = await user('delay');
    for (let i = 0; i < 5; i++) expect((await t.login(email, `wrong-${i}`)).statusCode).toBe(401);
    const early = await t.login(email, STRONG);
    expect(early.statusCode).toBe(429);
    await advance(1100);
    expect((await t.login(email, 'wrong-again')).statusCode).toBe(401);
    // The next wait doubled: one second is not enough any more.
    await advance(1100);
    expect((await t.login(email, STRONG)).statusCode).toBe(429);
    await advance(1100);
    expect((await t.login(email, STRONG)).statusCode).toBe(200);
    // Success forgot the failures: five free attempts again.
    for (let i = 0; i < 4; i++) expect((await t.login(email, `wrong-${i}`)).statusCode).toBe(401);
    expect((await t.login(email, STRONG)).statusCode).toBe(200);
  }, 60_000);

  it('lets a device that signed in before past the account delay, but not a forged or foreign cookie', async () => {
    const email = await user('owner');
    const first = await t.login(email, STRONG, { ip: '192.0.2.10' });
    expect(first.statusCode).toBe(200);
    const device = first.cookies.find((c) => c.name === 'carnival_device')!;
    expect(device.httpOnly).toBe(true);
    // An attacker elsewhere burns the account's attempts.
    await burnUntilWaitIsAtLeast(email, 4);
    expect((await t.login(email, STRONG, { ip: '192.0.2.10' })).statusCode).toBe(429);
    const owner = await t.login(email, STRONG, {
      ip: '192.0.2.10',
      cookie: `carnival_device=${device.value}`,
    });
    expect(owner.statusCode).toBe(200);
    // The owner's success reset the account; the attacker burns it again.
    await burnUntilWaitIsAtLeast(email, 4);
    const forged = device.value.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await t.login(email, STRONG, { cookie: `carnival_device=${forged}` })).statusCode).toBe(429);
    // A device cookie of another account does not help with this one.
    const other = await user('other');
    const otherDevice = cookiesOf(await t.login(other, STRONG));
    const victim = await user('victim');
    await burnUntilWaitIsAtLeast(victim, 4);
    expect((await t.login(victim, STRONG, { cookie: otherDevice })).statusCode).toBe(429);
  }, 60_000);
});

describe.each(testKvTargets())('the login throttle itself on the %s KV', (_kind, open) => {
  const target = open();
  const [kv] = target.open(1, 'unit:') as [Kv];
  let clockMs = Date.parse('2026-11-01T00:00:00Z');
  afterAll(() => target.cleanup());

  it('limits failed attempts per client IP across accounts, and refunds the successful ones', async () => {
    const throttle = createLoginThrottle(kv, () => clockMs, { perIpFailures: 3 });
    for (let i = 0; i < 3; i++) await throttle.reserve({ email: `a${i}@x.test`, ip: '10.0.0.1' });
    const refused = await throttle.reserve({ email: 'a9@x.test', ip: '10.0.0.1' }).catch((e) => e);
    expect(refused).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', status: 429, details: { scope: 'ip' } });
    // Another network is not affected.
    await throttle.reserve({ email: 'a9@x.test', ip: '10.0.0.2' });
    // Successes do not use up the allowance: a busy office signs in all day.
    for (let i = 0; i < 5; i++)
      await (await throttle.reserve({ email: `ok${i}@x.test`, ip: '10.0.0.3' })).succeeded();
    await throttle.reserve({ email: 'last@x.test', ip: '10.0.0.3' });
  });

  it('caps verifications per second across every account and IP (LOGIN_BUSY)', async () => {
    clockMs += 10_000;
    const throttle = createLoginThrottle(kv, () => clockMs, { globalPerSecond: 2 });
    await throttle.reserve({ email: 'g1@x.test', ip: '10.1.0.1' });
    await throttle.reserve({ email: 'g2@x.test', ip: '10.1.0.2' });
    await expect(throttle.reserve({ email: 'g3@x.test', ip: '10.1.0.3' })).rejects.toMatchObject({
      code: 'LOGIN_BUSY',
      status: 429,
    });
    clockMs += 1000;
    await throttle.reserve({ email: 'g3@x.test', ip: '10.1.0.3' });
  });

  it('caps the wait at 15 minutes', async () => {
    const throttle = createLoginThrottle(kv, () => clockMs, { freeAttempts: 1, firstDelayMs: 600_000 });
    await throttle.reserve({ email: 'cap@x.test', ip: '10.2.0.1' });
    await target.advance(0);
    const second = await throttle.reserve({ email: 'cap@x.test', ip: '10.2.0.1' }).catch((e) => e);
    expect(second.details.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
  });
});

describe('login when the KV fails', () => {
  const failing = (mode: 'throw' | 'hang') => (clock: ManualClock) => {
    const real = createMemoryKv({ prefix: 'failing:', clock });
    const broken = () =>
      mode === 'throw' ? Promise.reject(new Error('ECONNREFUSED')) : new Promise<never>(() => {});
    return { ...real, incrIfBelow: broken, set: broken, incrBy: broken } as Kv;
  };

  for (const mode of ['throw', 'hang'] as const)
    it(`answers 503 KV_UNAVAILABLE within about a second when the KV ${mode}s, and checks no password`, async () => {
      const t = await openAccountsTestApp(failing(mode));
      try {
        await t.services.accounts.createUser({
          email: 'kv@test.local',
          password: STRONG,
          displayName: 'kv',
          role: 'consumer',
        });
        const before = passwordVerifications.count;
        const started = Date.now();
        const res = await t.login('kv@test.local', STRONG);
        expect(Date.now() - started).toBeLessThan(3000);
        expect(res.statusCode).toBe(503);
        expect(res.json().error.code).toBe('KV_UNAVAILABLE');
        expect(res.headers['retry-after']).toBeDefined();
        expect(passwordVerifications.count).toBe(before);
      } finally {
        await t.close();
      }
    }, 30_000);
});
