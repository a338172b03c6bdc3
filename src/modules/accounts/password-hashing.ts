import argon2 from 'argon2';
import { createConcurrencyGate } from '../../platform/concurrency-gate';
import { serviceUnavailable } from '../../platform/errors';

/**
 * Password hashing: argon2id with parameters from the config, and a bound on how many hashes
 * run at once in this process.
 *
 * Why the bound: an argon2 hash is ~50 ms of one core and tens of MiB of memory, computed on
 * libuv's thread pool (4 threads), which file reads and compression share. Sixteen sign-ins at
 * once would take every core for most of a second and every request behind them would wait.
 * With at most `maxConcurrent` hashes at once (default: half the cores, at least one) the rest
 * of the traffic keeps a core; further sign-ins wait their turn in memory, the queue is bounded
 * (`maxQueued`, and `maxWaitMs` for a turn), and beyond that the answer is 503 LOGIN_BUSY with
 * a Retry-After instead of a pile of waiting requests. (The login throttle's per-second cap
 * limits the rate across processes; this bounds the concurrency inside one.)
 */
export interface Argon2Params {
  /** KiB of memory per hash (argon2's m). */
  memoryKiB: number;
  /** Passes over that memory (t). */
  timeCost: number;
  /** Lanes (p); each may take a thread of the pool. */
  parallelism: number;
}

/**
 * OWASP's argon2id floor (Password Storage Cheat Sheet): m=47104 t=1, m=19456 t=2, m=12288 t=3,
 * m=9216 t=4, m=7168 t=5, all p=1; equivalents trading memory for passes.
 */
export const OWASP_MIN_MEMORY_KIB_BY_TIME: Record<number, number> = {
  1: 47_104,
  2: 19_456,
  3: 12_288,
  4: 9_216,
  5: 7_168,
};

export function meetsOwaspMinimum(p: Pick<Argon2Params, 'memoryKiB' | 'timeCost'>): boolean {
  const floor = OWASP_MIN_MEMORY_KIB_BY_TIME[Math.min(p.timeCost, 5)];
  return p.timeCost >= 1 && floor !== undefined && p.memoryKiB >= floor;
}

/**
 * Tuned on the reference machine (2 shared cores, load ~3) to ~50 ms a hash: m=28 MiB t=3 p=1
 * measured 48-50 ms, OWASP's m=19 MiB t=2 floor 21 ms, m=28 MiB t=2 32 ms, m=40 MiB t=2 72 ms
 * (past the CPU caches). docs/operations.md has the knobs.
 */
export const DEFAULT_ARGON2: Argon2Params = { memoryKiB: 28_672, timeCost: 3, parallelism: 1 };

export interface HashingLimits {
  /** Hashes (or verifications) running at once in this process. */
  maxConcurrent: number;
  /** Sign-ins allowed to wait for a turn; one more is refused with 503. */
  maxQueued: number;
  /** Longest wait for a turn before 503. */
  maxWaitMs: number;
}

export function defaultHashingLimits(cores: number): HashingLimits {
  return { maxConcurrent: Math.max(1, Math.floor(cores / 2)), maxQueued: 64, maxWaitMs: 5_000 };
}

export interface PasswordHasher {
  readonly params: Argon2Params;
  hash(password: string): Promise<string>;
  /** `needsRehash`: the stored hash is weaker than the parameters now in force. */
  verify(hash: string, password: string): Promise<{ ok: boolean; needsRehash: boolean }>;
  /** A hash of a random password with the current parameters: verifying against it takes as long. */
  dummyHash(): Promise<string>;
  /** Running, waiting, and the most that ever ran at once (tests, metrics). */
  stats(): { running: number; queued: number; peakRunning: number };
}

/** How many argon2 verifications this process ran: the figure login throttling must bound. */
export const passwordVerifications = { count: 0 };

/** `$argon2id$v=19$m=28672,p=1,t=2$salt$hash`: the library writes the parameters in any order. */
function parsePhc(hash: string): { variant: string; version: number; params: Record<string, number> } | null {
  const [, variant, version, params] = hash.split('$');
  if (!variant || !version?.startsWith('v=') || !params) return null;
  const values: Record<string, number> = {};
  for (const pair of params.split(',')) {
    const [key, value] = pair.split('=');
    if (key && value) values[key] = Number(value);
  }
  return { variant, version: Number(version.slice(2)), params: values };
}

/**
 * Weaker than `target`: another variant than argon2id, an older version, or less memory or fewer
 * passes. A stored hash that is stronger in every respect stays as it is: lowering the policy
 * must never lower what a leaked table costs to attack.
 */
export function isWeakerThan(hash: string, target: Argon2Params): boolean {
  const phc = parsePhc(hash);
  if (!phc) return true;
  const { m = 0, t = 0 } = phc.params;
  return phc.variant !== 'argon2id' || phc.version < 0x13 || m < target.memoryKiB || t < target.timeCost;
}

export function createPasswordHasher(
  params: Argon2Params = DEFAULT_ARGON2,
  limits: HashingLimits = defaultHashingLimits(2),
): PasswordHasher {
  const options = {
    type: argon2.argon2id as 2,
    raw: false as const,
    memoryCost: params.memoryKiB,
    timeCost: params.timeCost,
    parallelism: params.parallelism,
  };
  const gate = createConcurrencyGate({
    limit: limits.maxConcurrent,
    maxQueue: limits.maxQueued,
    maxWaitMs: limits.maxWaitMs,
    refuse: (reason, retryAfter) =>
      serviceUnavailable(
        'LOGIN_BUSY',
        'Too many sign-ins are being checked right now; try again shortly',
        retryAfter,
        { reason },
      ),
  });
  const bounded = gate.run;

  let dummy: Promise<string> | undefined;
  return {
    params,
    hash: (password) => bounded(() => argon2.hash(password, options)),
    async verify(hash, password) {
      passwordVerifications.count++;
      const ok = await bounded(() => argon2.verify(hash, password).catch(() => false));
      return { ok, needsRehash: ok && isWeakerThan(hash, params) };
    },
    dummyHash() {
      const made =
        dummy ??
        bounded(() => argon2.hash(`dummy ${Math.random()}`, options)).catch((err: unknown) => {
          dummy = undefined; // refused (busy): the next sign-in makes it
          throw err;
        });
      dummy = made;
      return made;
    },
    stats: () => {
      const { active, waiting, peakActive } = gate.stats();
      return { running: active, queued: waiting, peakRunning: peakActive };
    },
  };
}
