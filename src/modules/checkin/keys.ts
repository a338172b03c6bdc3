import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import type { Kysely } from 'kysely';
import { serverSecret } from '../../platform/server-secrets';
import type { DB } from '../../schema';
import { encodeClaims, joinCode, splitCode, type TicketClaims, toBase64Url } from './ticket-code';

/** PKCS#8 DER prefix of an Ed25519 private key: the 32-byte seed follows it. */
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface EventKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The raw 32-byte public key, base64url: what devices import (WebCrypto `raw`). */
  publicKeyRaw: string;
}

/** Raw public key bytes from a KeyObject (its SPKI DER ends with them). */
const rawPublic = (key: KeyObject) => key.export({ format: 'der', type: 'spki' }).subarray(-32);

export function keyFromSeed(seed: Buffer): EventKey {
  if (seed.length !== 32) throw new Error('an Ed25519 seed is 32 bytes');
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicKeyRaw: toBase64Url(rawPublic(publicKey)) };
}

/**
 * The event's key pair, made on first use. The seed is a server secret (platform/server-secrets):
 * the first process to ask inserts 32 random bytes, every other one reads the same row, so N API
 * processes sign with one key without coordination. Cached per process: keys never change.
 */
export function createKeyring(db: Kysely<DB>) {
  const cache = new Map<string, Promise<EventKey>>();
  return {
    keyOf(eventId: string): Promise<EventKey> {
      let key = cache.get(eventId);
      if (!key) {
        key = serverSecret(db, `checkin-ed25519:${eventId}`).then((s) =>
          keyFromSeed(Buffer.from(s, 'base64url')),
        );
        key.catch(() => cache.delete(eventId));
        cache.set(eventId, key);
      }
      return key;
    },
  };
}
export type Keyring = ReturnType<typeof createKeyring>;

export function signClaims(key: EventKey, claims: TicketClaims): string {
  const payload = encodeClaims(claims);
  return joinCode(payload, new Uint8Array(sign(null, payload, key.privateKey)));
}

/** Verifies with a raw public key only (what a device has). */
export function verifyCode(publicKeyRaw: string, code: string): TicketClaims | null {
  const parts = splitCode(code);
  if (!parts) return null;
  const publicKey = createPublicKey({
    key: Buffer.concat([
      Buffer.from('302a300506032b6570032100', 'hex'),
      Buffer.from(publicKeyRaw, 'base64url'),
    ]),
    format: 'der',
    type: 'spki',
  });
  return verify(null, parts.payload, publicKey, parts.signature) ? parts.claims : null;
}
