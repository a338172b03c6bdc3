import argon2 from 'argon2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHarness, type Harness, testDatabaseTargets } from '../../../test/support/harness';

/**
 * Sign-ins through the HTTP API with the process's hasher (config `argon2`): N logins at once
 * never run more than K argon2 calls at once, and a hash made under weaker parameters is
 * replaced on the next successful sign-in.
 */
describe.each(testDatabaseTargets())('password hashing through sign-in ($kind)', (target) => {
  let h: Harness;
  const PASSWORD = 'Velvet-Orbit-Harbor-7';

  beforeAll(async () => {
    h = await createHarness(await target.open(), undefined, {
      argon2: { memoryKiB: 19_456, timeCost: 3, parallelism: 1, maxConcurrent: 2, maxQueued: 100 },
    });
  });
  afterAll(() => h.close());

  const login = (email: string, password = PASSWORD) =>
    h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  const storedHash = async (email: string) =>
    (
      await h.ctx.db
        .selectFrom('users')
        .select('password_hash')
        .where('email', '=', email)
        .executeTakeFirstOrThrow()
    ).password_hash;

  it('runs at most maxConcurrent argon2 verifications however many sign-ins arrive at once', async () => {
    const emails = await Promise.all(
      Array.from({ length: 4 }, async (_, i) => {
        const email = `parallel${i}@test.local`;
        await h.services.accounts.createUser({
          email,
          password: PASSWORD,
          displayName: `P ${i}`,
          role: 'consumer',
        });
        return email;
      }),
    );
    let inFlight = 0;
    let peak = 0;
    const realVerify = argon2.verify.bind(argon2);
    const spy = vi.spyOn(argon2, 'verify').mockImplementation(async (...args) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      try {
        return await realVerify(...args);
      } finally {
        inFlight--;
      }
    });
    try {
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          login(emails[i % 4]!, i % 4 === 3 ? 'wrong-password-1' : PASSWORD),
        ),
      );
      expect(answers.map((a) => a.statusCode).sort()).toEqual([...Array(9).fill(200), ...Array(3).fill(401)]);
      expect(spy).toHaveBeenCalledTimes(12);
      expect(peak).toBe(2);
    } finally {
      spy.mockRestore();
    }
  });

  it('replaces a hash made under weaker parameters at the next sign-in, and keeps a stronger one', async () => {
    const weak = 'weak@test.local';
    const strong = 'strong@test.local';
    for (const email of [weak, strong])
      await h.services.accounts.createUser({
        email,
        password: PASSWORD,
        displayName: email,
        role: 'consumer',
      });
    // As an older default would have stored them.
    const weakHash = await argon2.hash(PASSWORD, {
      type: argon2.argon2id,
      memoryCost: 19_456,
      timeCost: 2,
      parallelism: 1,
    });
    const strongHash = await argon2.hash(PASSWORD, {
      type: argon2.argon2id,
      memoryCost: 65_536,
      timeCost: 3,
      parallelism: 4,
    });
    await h.ctx.db.updateTable('users').set({ password_hash: weakHash }).where('email', '=', weak).execute();
    await h.ctx.db
      .updateTable('users')
      .set({ password_hash: strongHash })
      .where('email', '=', strong)
      .execute();

    // A wrong password changes nothing.
    expect((await login(weak, 'wrong-password-1')).statusCode).toBe(401);
    expect(await storedHash(weak)).toBe(weakHash);

    expect((await login(weak)).statusCode).toBe(200);
    const upgraded = await storedHash(weak);
    expect(upgraded).not.toBe(weakHash);
    expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=3\$/);
    expect((await login(weak)).statusCode).toBe(200);
    expect(await storedHash(weak)).toBe(upgraded);

    expect((await login(strong)).statusCode).toBe(200);
    expect(await storedHash(strong)).toBe(strongHash);
  });

  it('hashes new passwords with the configured parameters', async () => {
    await h.services.accounts.createUser({
      email: 'fresh@test.local',
      password: PASSWORD,
      displayName: 'Fresh',
      role: 'consumer',
    });
    expect(await storedHash('fresh@test.local')).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=3\$/);
  });
});
