import { createHash, randomBytes } from 'node:crypto';
import argon2 from 'argon2';

/** argon2id with the library's defaults (64 MiB, t=3), which follow OWASP's guidance. */
export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

/** How many argon2 verifications this process ran: the figure login throttling must bound. */
export const passwordVerifications = { count: 0 };

export const verifyPassword = (hash: string, password: string) => {
  passwordVerifications.count++;
  return argon2.verify(hash, password).catch(() => false);
};

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
