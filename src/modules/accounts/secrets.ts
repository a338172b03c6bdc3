import { createHash, randomBytes } from 'node:crypto';

// Passwords: ./password-hashing.ts (argon2id, configured parameters, bounded concurrency).

/**
 * Session tokens and API keys are random and high-entropy, so a fast SHA-256 is enough to
 * store them: a database leak yields no usable token, and lookups stay one index probe.
 */
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export const newSessionToken = () => randomBytes(32).toString('base64url');

/** `ck_live_<32 random>`: the prefix lets support identify a key without seeing it. */
export function newApiKey(): { key: string; prefix: string } {
  const key = `ck_live_${randomBytes(24).toString('base64url')}`;
  return { key, prefix: key.slice(0, 12) };
}

/** A readable one-time password for the bootstrap operator. */
export const newOneTimePassword = () => randomBytes(12).toString('base64url');
