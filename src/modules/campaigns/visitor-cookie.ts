import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { serverSecret } from '../../platform/server-secrets';
import type { DB } from '../../schema';

/**
 * The anonymous visitor cookie of the view counter ("N 人看过"): `<id>.<HMAC-SHA256>` under a
 * server secret, so a client cannot mint visitors by inventing cookie values; only a cookie this
 * server issued counts. The secret is `CARNIVAL_COOKIE_SECRET` when configured, otherwise a row
 * made once in `server_secrets` and shared by every process.
 */
const VISITOR_ID = /^[A-Za-z0-9_-]{22}$/;

export interface VisitorCookies {
  /** A new visitor id and its signed cookie value. */
  issue(): Promise<{ visitorId: string; value: string }>;
  /** The visitor id of a cookie this server signed; null for a missing, unsigned or forged one. */
  verify(value: string | undefined): Promise<string | null>;
}

export function createVisitorCookies({ db, secret }: { db: Kysely<DB>; secret?: string }): VisitorCookies {
  let key: Promise<string> | null = secret ? Promise.resolve(secret) : null;
  const secretKey = () => {
    if (!key)
      key = serverSecret(db, 'visitor_cookie').catch((e) => {
        key = null; // a failed read is retried by the next request, not cached
        throw e;
      });
    return key;
  };
  const mac = async (id: string) =>
    createHmac('sha256', await secretKey())
      .update(`carnival-visitor:${id}`)
      .digest('base64url');

  return {
    async issue() {
      const visitorId = randomBytes(16).toString('base64url');
      return { visitorId, value: `${visitorId}.${await mac(visitorId)}` };
    },
    async verify(value) {
      if (!value || value.length > 100) return null;
      const [id, sig, extra] = value.split('.');
      if (extra !== undefined || !id || !sig || !VISITOR_ID.test(id)) return null;
      const expected = Buffer.from(await mac(id));
      const given = Buffer.from(sig);
      return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
    },
  };
}
