import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The sandbox gateway's notification signature, shaped like Stripe's: the gateway sends
 * `Sandbox-Timestamp: <unix seconds>` and `Sandbox-Signature: v1=<hex HMAC-SHA256(secret,
 * "<timestamp>.<raw body>")>`. Signing the timestamp with the body means an old notification
 * cannot be replayed with a fresh timestamp; the tolerance bounds how old a captured one may be.
 */
export const TIMESTAMP_HEADER = 'sandbox-timestamp';
export const SIGNATURE_HEADER = 'sandbox-signature';
/** Notifications signed more than this long ago (or ahead) are refused. */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

export function signatureOf(secret: string, timestamp: number, rawBody: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/** The headers to send with a notification body signed now. */
export function signedHeaders(secret: string, now: Date, rawBody: string): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'content-type': 'application/json',
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: signatureOf(secret, timestamp, rawBody),
  };
}

export type SignatureCheck = 'ok' | 'bad_signature' | 'stale';

/** Checks a notification's signature headers against its raw body; constant-time comparison. */
export function checkSignature(
  secret: string,
  now: Date,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
): SignatureCheck {
  const ts = single(headers[TIMESTAMP_HEADER]);
  const given = single(headers[SIGNATURE_HEADER]);
  if (!ts || !given || !/^\d{1,12}$/.test(ts)) return 'bad_signature';
  const timestamp = Number(ts);
  const expected = Buffer.from(signatureOf(secret, timestamp, rawBody));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return 'bad_signature';
  // Checked after the signature, so an attacker learns nothing about our clock from a forgery.
  if (Math.abs(now.getTime() / 1000 - timestamp) > SIGNATURE_TOLERANCE_SECONDS) return 'stale';
  return 'ok';
}

function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
