import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { serverSecret } from '../../platform/server-secrets';
import type { DB } from '../../schema';

/**
 * "This browser signed in to this account before": a long-lived, HTTP-only cookie set at every
 * successful sign-in, `d1.<deviceId>.<userId>.<hmac>`. It proves nothing about the password; it
 * only moves the device's attempts into a bucket of its own (login-throttle.ts), so an attacker
 * hammering the account from elsewhere cannot lock its owner out.
 */
export const DEVICE_COOKIE = 'carnival_device';
export const DEVICE_COOKIE_TTL_MS = 180 * 24 * 3600 * 1000;
const SECRET_NAME = 'device_cookie_hmac';

export interface DeviceCookies {
  issue(userId: string, deviceId?: string): Promise<{ value: string; deviceId: string }>;
  /** The device id when the cookie is genuine and belongs to `userId`, else null. */
  verify(cookie: string | undefined, userId: string): Promise<string | null>;
}

export function createDeviceCookies(db: Kysely<DB>): DeviceCookies {
  let secret: Promise<Buffer> | undefined;
  // One row, written by whichever process asks first; the rest read the winner's value.
  const loadSecret = () => {
    secret ??= serverSecret(db, SECRET_NAME)
      .then((value) => Buffer.from(value, 'utf8'))
      .catch((e) => {
        secret = undefined;
        throw e;
      });
    return secret;
  };
  const sign = async (deviceId: string, userId: string) =>
    createHmac('sha256', await loadSecret())
      .update(`d1.${deviceId}.${userId}`)
      .digest('base64url');

  return {
    async issue(userId, deviceId = randomBytes(12).toString('base64url')) {
      return { value: `d1.${deviceId}.${userId}.${await sign(deviceId, userId)}`, deviceId };
    },
    async verify(cookie, userId) {
      const parts = cookie?.split('.');
      if (parts?.length !== 4 || parts[0] !== 'd1' || parts[2] !== userId) return null;
      const [, deviceId = '', , mac = ''] = parts;
      const expected = Buffer.from(await sign(deviceId, userId));
      const given = Buffer.from(mac);
      return given.length === expected.length && timingSafeEqual(given, expected) ? deviceId : null;
    },
  };
}
