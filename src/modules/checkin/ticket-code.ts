/**
 * The QR payload of a signed ticket, pretix-style: the device verifies it with the event's
 * public key alone. `CV1.<base64url(payload)>.<base64url(Ed25519 signature of payload)>`.
 *
 * Payload bytes: version (1 byte) · eventId · ticketId · typeId (each 1 length byte + UTF-8) ·
 * issued-at (4 bytes, seconds since epoch, big-endian). No attendee name: a transfer must not
 * change the code (pretix likewise signs only ids). Pure: no Node APIs, so the web page parses
 * the same format (this file is copied to web/src/checkin/ticket-code.ts for the browser build; a test keeps the two equal).
 */
export const CODE_PREFIX = 'CV1';
export const CODE_VERSION = 1;

export interface TicketClaims {
  eventId: string;
  ticketId: string;
  typeId: string;
  /** Whole seconds. */
  issuedAt: number;
}

export function encodeClaims(c: TicketClaims): Uint8Array {
  const parts = [c.eventId, c.ticketId, c.typeId].map((s) => new TextEncoder().encode(s));
  for (const p of parts) if (p.length > 255) throw new Error('id too long for a ticket code');
  const out = new Uint8Array(1 + parts.reduce((n, p) => n + 1 + p.length, 0) + 4);
  let i = 0;
  out[i++] = CODE_VERSION;
  for (const p of parts) {
    out[i++] = p.length;
    out.set(p, i);
    i += p.length;
  }
  new DataView(out.buffer).setUint32(i, c.issuedAt >>> 0, false);
  return out;
}

/** Null when the bytes are not a version-1 payload (wrong version, truncated, trailing bytes). */
export function decodeClaims(bytes: Uint8Array): TicketClaims | null {
  if (bytes.length < 1 + 3 + 4 || bytes[0] !== CODE_VERSION) return null;
  let i = 1;
  const fields: string[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let f = 0; f < 3; f++) {
    const len = bytes[i++];
    if (len === undefined || i + len > bytes.length) return null;
    try {
      fields.push(decoder.decode(bytes.subarray(i, i + len)));
    } catch {
      return null;
    }
    i += len;
  }
  if (i + 4 !== bytes.length) return null;
  const issuedAt = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(i, false);
  const [eventId, ticketId, typeId] = fields as [string, string, string];
  return { eventId, ticketId, typeId, issuedAt };
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    if (i + 1 < bytes.length) out += B64[(n >> 6) & 63]!;
    if (i + 2 < bytes.length) out += B64[n & 63]!;
  }
  return out;
}

export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (const ch of text) {
    value = (value << 6) | B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 255;
    }
  }
  return out;
}

export interface SplitCode {
  payload: Uint8Array;
  signature: Uint8Array;
  claims: TicketClaims;
}

/** The parts of a code, unverified; null when it is not a well-formed code. */
export function splitCode(code: string): SplitCode | null {
  const parts = code.trim().split('.');
  if (parts.length !== 3 || parts[0] !== CODE_PREFIX) return null;
  const payload = fromBase64Url(parts[1]!);
  const signature = fromBase64Url(parts[2]!);
  if (!payload || !signature || signature.length !== 64) return null;
  const claims = decodeClaims(payload);
  return claims ? { payload, signature, claims } : null;
}

export const joinCode = (payload: Uint8Array, signature: Uint8Array) =>
  `${CODE_PREFIX}.${toBase64Url(payload)}.${toBase64Url(signature)}`;
