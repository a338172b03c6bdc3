import { createHash } from 'node:crypto';
import { tooManyRequests } from '../../platform/errors';
import { type Kv, KvUnavailableError } from '../../platform/kv';

/**
 * Password guessing limits (issue 7 point 3), on the Kv seam so every API process shares them.
 *
 * An attempt is *reserved* with one atomic KV operation before the password is verified, so a
 * burst of parallel guesses cannot all be checked before a counter moves. Three limits:
 *
 * - per account (the e-mail typed): `freeAttempts` right away, then one attempt per gate whose
 *   wait doubles from `firstDelayMs` up to `maxDelayMs`. A delay, never a lock-out: an attacker
 *   cannot keep the operator out, because
 * - a device that signed in before (a signed device cookie) has its own bucket instead of the
 *   account's, so the owner's browser keeps working while the account is under attack;
 * - per client IP: at most `perIpFailures` failed (or in-flight) attempts a window; and
 * - globally: at most `globalPerSecond` verifications a second, which caps the CPU argon2 can
 *   take however many IPs an attack comes from.
 *
 * Fail closed: a KV that throws or does not answer within `kvTimeoutMs` raises
 * KvUnavailableError (503) rather than letting guesses through unthrottled or hanging.
 */
export interface LoginThrottleLimits {
  freeAttempts: number;
  firstDelayMs: number;
  maxDelayMs: number;
  /** How long failures are remembered for an account or device. */
  memoryMs: number;
  perIpFailures: number;
  perIpWindowMs: number;
  globalPerSecond: number;
  kvTimeoutMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginThrottleLimits = {
  freeAttempts: 5,
  firstDelayMs: 1000,
  maxDelayMs: 15 * 60 * 1000,
  memoryMs: 24 * 3600 * 1000,
  perIpFailures: 50,
  perIpWindowMs: 15 * 60 * 1000,
  globalPerSecond: 100,
  kvTimeoutMs: 1000,
};

export interface LoginAttempt {
  /** The e-mail as typed; hashed into the key (unknown e-mails are limited too). */
  email: string;
  ip: string;
  /** Set when the request carries a valid device cookie for this account. */
  trustedDeviceId?: string | null;
}

export interface Reservation {
  /** The password was right: forget the account's (and device's) failures, refund the IP. */
  succeeded(): Promise<void>;
  /** The password was wrong: the reservation stays counted. */
  failed(): Promise<void>;
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

export function createLoginThrottle(kv: Kv, now: () => number, overrides: Partial<LoginThrottleLimits> = {}) {
  const limits = { ...DEFAULT_LOGIN_LIMITS, ...overrides };

  /** Every KV call goes through here: a slow or broken KV becomes a quick 503, never a pass. */
  async function call<T>(op: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new KvUnavailableError('The login limiter did not answer in time')),
        limits.kvTimeoutMs,
      );
    });
    try {
      return await Promise.race([op(), timeout]);
    } catch (e) {
      if (e instanceof KvUnavailableError) throw e;
      throw new KvUnavailableError('The login limiter is unavailable', { cause: e });
    } finally {
      clearTimeout(timer);
    }
  }

  const delayFor = (failures: number) =>
    Math.min(limits.maxDelayMs, limits.firstDelayMs * 2 ** Math.max(0, failures - (limits.freeAttempts - 1)));

  /**
   * One bucket (an account or a trusted device): the first `freeAttempts - 1` through a counter,
   * then each attempt must claim the gate (set-if-absent), whose TTL is the wait before the
   * next; exactly one of any number of parallel attempts wins it.
   */
  async function reserveBucket(bucket: string): Promise<void> {
    const counter = `login:{${bucket}}:n`;
    const gate = `login:{${bucket}}:gate`;
    const free = await call(() =>
      kv.incrIfBelow(counter, 1, limits.freeAttempts - 1, { ttlMs: limits.memoryMs }),
    );
    if (free.ok) return;
    const won = await call(() => kv.set(gate, '1', { ifAbsent: true, ttlMs: delayFor(free.value) }));
    if (won) {
      await call(() => kv.incrBy(counter, 1, { ttlMs: limits.memoryMs }));
      return;
    }
    const waitMs = await call(() => kv.ttlMs(gate));
    throw tooManyRequests(
      'TOO_MANY_ATTEMPTS',
      'Too many failed sign-ins for this account; wait before trying again',
      waitMs > 0 ? waitMs / 1000 : 1,
      { field: 'email', scope: 'account' },
    );
  }

  async function resetBucket(bucket: string): Promise<void> {
    await call(() => kv.del(`login:{${bucket}}:n`, `login:{${bucket}}:gate`));
  }

  async function reserve(attempt: LoginAttempt): Promise<Reservation> {
    const second = Math.floor(now() / 1000);
    const global = await call(() =>
      kv.incrIfBelow(`login:all:${second}`, 1, limits.globalPerSecond, { ttlMs: 2000 }),
    );
    if (!global.ok)
      throw tooManyRequests('LOGIN_BUSY', 'Too many sign-ins right now; try again in a moment', 1);

    const ipKey = `login:ip:${hash(attempt.ip)}`;
    const ip = await call(() =>
      kv.incrIfBelow(ipKey, 1, limits.perIpFailures, { ttlMs: limits.perIpWindowMs }),
    );
    if (!ip.ok) {
      const waitMs = await call(() => kv.ttlMs(ipKey));
      throw tooManyRequests(
        'TOO_MANY_ATTEMPTS',
        'Too many failed sign-ins from your network; wait before trying again',
        waitMs > 0 ? waitMs / 1000 : limits.perIpWindowMs / 1000,
        { field: 'email', scope: 'ip' },
      );
    }

    const accountBucket = `acct:${hash(attempt.email.trim().toLowerCase())}`;
    const bucket = attempt.trustedDeviceId ? `dev:${hash(attempt.trustedDeviceId)}` : accountBucket;
    try {
      await reserveBucket(bucket);
    } catch (e) {
      // A refused attempt checks no password, so it does not use up the network's allowance.
      await call(() => kv.decrIfEnough(ipKey, 1)).catch(() => undefined);
      throw e;
    }
    return {
      async succeeded() {
        await resetBucket(accountBucket);
        if (bucket !== accountBucket) await resetBucket(bucket);
        await call(() => kv.decrIfEnough(ipKey, 1));
      },
      async failed() {},
    };
  }

  return { reserve, limits };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
