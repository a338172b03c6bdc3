import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyFromSeed, signClaims, verifyCode } from './keys';
import { decodeClaims, encodeClaims, fromBase64Url, splitCode, toBase64Url } from './ticket-code';

const claims = { eventId: 'cmp_apsara', ticketId: 'tkt_01', typeId: 'ttp_early', issuedAt: 1790000000 };

describe('signed ticket codes', () => {
  const key = keyFromSeed(randomBytes(32));
  const code = signClaims(key, claims);

  it('verify with the raw public key alone, and carry the claims', () => {
    expect(code).toMatch(/^CV1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyCode(key.publicKeyRaw, code)).toEqual(claims);
    expect(fromBase64Url(key.publicKeyRaw)).toHaveLength(32);
  });

  it('fail when any one byte of the payload or the signature changes', () => {
    const parts = splitCode(code)!;
    const bytes = [...parts.payload, ...parts.signature];
    for (let i = 0; i < bytes.length; i++) {
      const changed = Uint8Array.from(bytes);
      changed[i] = changed[i]! ^ 0x01;
      const forged = `CV1.${toBase64Url(changed.subarray(0, parts.payload.length))}.${toBase64Url(
        changed.subarray(parts.payload.length),
      )}`;
      expect(verifyCode(key.publicKeyRaw, forged), `byte ${i}`).toBeNull();
    }
  });

  it('fail under another event’s key', () => {
    expect(verifyCode(keyFromSeed(randomBytes(32)).publicKeyRaw, code)).toBeNull();
  });

  it('refuse malformed codes without throwing', () => {
    for (const bad of ['', 'CV1', 'CV2.AA.AA', 'CV1.!!.AA', `${code}.x`, code.slice(0, -2)])
      expect(verifyCode(key.publicKeyRaw, bad)).toBeNull();
  });

  it('round-trips the payload bytes and refuses trailing or truncated ones', () => {
    const bytes = encodeClaims(claims);
    expect(decodeClaims(bytes)).toEqual(claims);
    expect(decodeClaims(bytes.subarray(0, bytes.length - 1))).toBeNull();
    expect(decodeClaims(Uint8Array.from([...bytes, 0]))).toBeNull();
    expect(toBase64Url(fromBase64Url(toBase64Url(bytes))!)).toBe(toBase64Url(bytes));
    expect(toBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
  });
});
