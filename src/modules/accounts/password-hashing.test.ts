import argon2 from 'argon2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAppError } from '../../platform/errors';
import {
  createPasswordHasher,
  DEFAULT_ARGON2,
  defaultHashingLimits,
  isWeakerThan,
  meetsOwaspMinimum,
} from './password-hashing';

/** Counts how many argon2 calls are in flight at once, whatever the hasher believes. */
function watchArgon2() {
  let inFlight = 0;
  let peak = 0;
  const track =
    <A extends unknown[], R>(real: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      try {
        return await real(...args);
      } finally {
        inFlight--;
      }
    };
  const realHash = argon2.hash.bind(argon2) as (p: string, o: object) => Promise<string>;
  const realVerify = argon2.verify.bind(argon2);
  vi.spyOn(argon2, 'hash').mockImplementation(track(realHash) as typeof argon2.hash);
  vi.spyOn(argon2, 'verify').mockImplementation(track(realVerify));
  return { peak: () => peak };
}

afterEach(() => vi.restoreAllMocks());

describe('argon2 parameters', () => {
  it("knows OWASP's minimums and the default meets them", () => {
    expect(meetsOwaspMinimum(DEFAULT_ARGON2)).toBe(true);
    expect(meetsOwaspMinimum({ memoryKiB: 19_456, timeCost: 2 })).toBe(true);
    expect(meetsOwaspMinimum({ memoryKiB: 19_455, timeCost: 2 })).toBe(false);
    expect(meetsOwaspMinimum({ memoryKiB: 47_104, timeCost: 1 })).toBe(true);
    expect(meetsOwaspMinimum({ memoryKiB: 19_456, timeCost: 1 })).toBe(false);
    expect(meetsOwaspMinimum({ memoryKiB: 7_168, timeCost: 9 })).toBe(true);
    expect(meetsOwaspMinimum({ memoryKiB: 65_536, timeCost: 0 })).toBe(false);
  });

  it('calls a stored hash weaker only when it is: older variant, less memory or fewer passes', () => {
    const policy = { memoryKiB: 28_672, timeCost: 2, parallelism: 1 };
    const hashOf = (variant: string, m: number, t: number, p = 1) =>
      `$${variant}$v=19$m=${m},t=${t},p=${p}$c2FsdA$aGFzaA`;
    expect(isWeakerThan(hashOf('argon2id', 19_456, 2), policy)).toBe(true);
    expect(isWeakerThan(hashOf('argon2id', 28_672, 1), policy)).toBe(true);
    expect(isWeakerThan(hashOf('argon2i', 65_536, 3), policy)).toBe(true);
    expect(isWeakerThan('$argon2id$v=16$m=65536,t=3,p=1$c2FsdA$aGFzaA', policy)).toBe(true);
    expect(isWeakerThan('not a hash', policy)).toBe(true);
    // The library's old default (64 MiB, t=3, p=4) is stronger: it stays.
    expect(isWeakerThan(hashOf('argon2id', 65_536, 3, 4), policy)).toBe(false);
    expect(isWeakerThan(hashOf('argon2id', 28_672, 2), policy)).toBe(false);
  });

  it('hashes with the configured parameters and verifies, flagging weaker hashes for an upgrade', async () => {
    const hasher = createPasswordHasher({ memoryKiB: 19_456, timeCost: 2, parallelism: 1 });
    const hash = await hasher.hash('Velvet-Orbit-Harbor-7');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await hasher.verify(hash, 'Velvet-Orbit-Harbor-7')).toEqual({ ok: true, needsRehash: false });
    expect(await hasher.verify(hash, 'wrong')).toEqual({ ok: false, needsRehash: false });
    const stronger = createPasswordHasher({ memoryKiB: 24_576, timeCost: 2, parallelism: 1 });
    expect(await stronger.verify(hash, 'Velvet-Orbit-Harbor-7')).toEqual({ ok: true, needsRehash: true });
    // A wrong password never triggers a rehash, and a broken hash is just a failed check.
    expect(await stronger.verify(hash, 'wrong')).toEqual({ ok: false, needsRehash: false });
    expect((await hasher.verify('garbage', 'x')).ok).toBe(false);
  });

  it('defaults to half the cores at once, at least one', () => {
    expect(defaultHashingLimits(1).maxConcurrent).toBe(1);
    expect(defaultHashingLimits(2).maxConcurrent).toBe(1);
    expect(defaultHashingLimits(8).maxConcurrent).toBe(4);
  });
});

describe('bounded hashing', () => {
  const cheap = { memoryKiB: 19_456, timeCost: 2, parallelism: 1 };

  it('never runs more than maxConcurrent argon2 calls at once; the rest wait and all finish', async () => {
    const hasher = createPasswordHasher(cheap, { maxConcurrent: 2, maxQueued: 100, maxWaitMs: 30_000 });
    const hash = await hasher.hash('correct horse');
    const watch = watchArgon2();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => hasher.verify(hash, i % 3 ? 'correct horse' : 'wrong')),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(8);
    expect(watch.peak()).toBe(2);
    expect(hasher.stats()).toEqual({ running: 0, queued: 0, peakRunning: 2 });
  });

  it('refuses with 503 LOGIN_BUSY once the queue is full, and serves the rest', async () => {
    const hasher = createPasswordHasher(cheap, { maxConcurrent: 1, maxQueued: 2, maxWaitMs: 30_000 });
    const hash = await hasher.hash('correct horse');
    const settled = await Promise.allSettled(
      Array.from({ length: 6 }, () => hasher.verify(hash, 'correct horse')),
    );
    const refused = settled.filter((s) => s.status === 'rejected');
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(3); // 1 running + 2 queued
    expect(refused).toHaveLength(3);
    for (const r of refused) {
      const err = (r as PromiseRejectedResult).reason;
      expect(isAppError(err) && err.status).toBe(503);
      expect(err.code).toBe('LOGIN_BUSY');
      expect(err.details).toMatchObject({ reason: 'queue_full', retryAfterSeconds: 30 });
    }
    expect(hasher.stats().queued).toBe(0);
  });

  it('refuses a call that waited maxWaitMs for its turn, and the slot moves on', async () => {
    const hasher = createPasswordHasher(cheap, { maxConcurrent: 1, maxQueued: 10, maxWaitMs: 20 });
    let release!: () => void;
    const held = new Promise<boolean>((resolve) => {
      release = () => resolve(true);
    });
    vi.spyOn(argon2, 'verify').mockImplementationOnce(() => held);
    const first = hasher.verify('$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', 'x');
    const second = hasher.verify('$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', 'x');
    await expect(second).rejects.toMatchObject({ code: 'LOGIN_BUSY', details: { reason: 'wait_exceeded' } });
    release();
    expect((await first).ok).toBe(true);
    vi.restoreAllMocks();
    const hash = await hasher.hash('after');
    expect((await hasher.verify(hash, 'after')).ok).toBe(true);
    expect(hasher.stats()).toMatchObject({ running: 0, queued: 0 });
  });

  it('makes its dummy hash (for unknown e-mails) with the parameters in force, once', async () => {
    const hasher = createPasswordHasher(cheap);
    const dummy = await hasher.dummyHash();
    expect(dummy).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await hasher.dummyHash()).toBe(dummy);
  });
});
