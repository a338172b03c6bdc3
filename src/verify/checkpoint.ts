import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

/**
 * C2SP signed-note (https://c2sp.org/signed-note) with Ed25519 signatures, carrying a C2SP
 * tlog-checkpoint (https://c2sp.org/tlog-checkpoint) body: origin, tree size, base64 root hash,
 * optional extension lines. Dependency-free (node:crypto) so it ships in `carnival/verify`.
 */

const ED25519_ALG = 0x01;
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SIG_PREFIX = '\u2014 ';

export interface Checkpoint {
  origin: string;
  size: number;
  /** Lowercase hex, like every hash in this package. */
  rootHash: string;
  extensions: string[];
}

export type CheckpointResult =
  | { ok: true; checkpoint: Checkpoint; body: string }
  | { ok: false; reason: string };

function validName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

/** key id = first 4 bytes of SHA-256(name || 0x0A || 0x01 || 32-byte public key). */
export function keyId(name: string, publicKey: Uint8Array): Uint8Array {
  const h = createHash('sha256')
    .update(Buffer.from(name, 'utf8'))
    .update(Uint8Array.of(0x0a, ED25519_ALG))
    .update(publicKey)
    .digest();
  return Uint8Array.from(h.subarray(0, 4));
}

/** `<name>+<hex key id>+<base64(0x01 || public key)>`, the note verifier key string. */
export function verifierKey(name: string, publicKey: Uint8Array): string {
  if (!validName(name)) throw new TypeError('a key name has no spaces or plus signs');
  if (publicKey.length !== 32) throw new TypeError('an Ed25519 public key is 32 bytes');
  const id = Buffer.from(keyId(name, publicKey)).toString('hex');
  return `${name}+${id}+${Buffer.concat([Uint8Array.of(ED25519_ALG), publicKey]).toString('base64')}`;
}

export interface Verifier {
  name: string;
  keyId: Uint8Array;
  publicKey: Uint8Array;
}

export function parseVerifierKey(text: string): Verifier | { error: string } {
  // The base64 key may itself contain '+': split at the first two only.
  const m = /^([^+\s]+)\+([^+]*)\+(\S+)$/.exec(text.trim());
  if (!m) return { error: 'a verifier key is name+keyid+key' };
  const [, name, idHex, keyB64] = m as unknown as [string, string, string, string];
  if (!validName(name)) return { error: 'the verifier key name is malformed' };
  if (!/^[0-9a-f]{8}$/.test(idHex)) return { error: 'the verifier key id is not 8 hex digits' };
  const raw = Buffer.from(keyB64, 'base64');
  if (raw.toString('base64') !== keyB64) return { error: 'the verifier key is not base64' };
  if (raw.length !== 33 || raw[0] !== ED25519_ALG) return { error: 'the verifier key is not an Ed25519 key' };
  const publicKey = Uint8Array.from(raw.subarray(1));
  if (Buffer.from(keyId(name, publicKey)).toString('hex') !== idHex) {
    return { error: 'the verifier key id does not match its name and key' };
  }
  return { name, keyId: Uint8Array.from(Buffer.from(idHex, 'hex')), publicKey };
}

/** A private key from its 32-byte Ed25519 seed (the form the server keeps). */
export function signingKeyFromSeed(seed: Uint8Array): { privateKey: KeyObject; publicKey: Uint8Array } {
  if (seed.length !== 32) throw new TypeError('an Ed25519 seed is 32 bytes');
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return { privateKey, publicKey: Uint8Array.from(spki.subarray(spki.length - 32)) };
}

/** The checkpoint body: every line ends in a newline, so it is a signed-note text. */
export function formatCheckpoint(c: Checkpoint): string {
  if (!c.origin || c.origin.includes('\n')) throw new TypeError('the origin is one non-empty line');
  if (!/^[0-9a-f]{64}$/.test(c.rootHash)) throw new TypeError('the root hash is 64 lowercase hex digits');
  if (!Number.isSafeInteger(c.size) || c.size < 0) throw new TypeError('the size is a non-negative integer');
  const ext = c.extensions.map((e) => {
    if (!e || e.includes('\n')) throw new TypeError('an extension is one non-empty line');
    return `${e}\n`;
  });
  return `${c.origin}\n${c.size}\n${Buffer.from(c.rootHash, 'hex').toString('base64')}\n${ext.join('')}`;
}

/** Signs a note text: the text, a blank line, one signature line. */
export function signNote(text: string, name: string, privateKey: KeyObject, publicKey: Uint8Array): string {
  if (!text.endsWith('\n')) throw new TypeError('a note text ends with a newline');
  const sig = sign(null, Buffer.from(text, 'utf8'), privateKey);
  const blob = Buffer.concat([keyId(name, publicKey), sig]).toString('base64');
  return `${text}\n${SIG_PREFIX}${name} ${blob}\n`;
}

export function parseCheckpoint(body: string): Checkpoint | { error: string } {
  if (!body.endsWith('\n')) return { error: 'the checkpoint does not end with a newline' };
  const lines = body.slice(0, -1).split('\n');
  if (lines.length < 3) return { error: 'a checkpoint has an origin, a size and a root hash line' };
  const [origin, sizeLine, rootLine, ...extensions] = lines as [string, string, string, ...string[]];
  if (!origin) return { error: 'the origin line is empty' };
  if (!/^(0|[1-9][0-9]*)$/.test(sizeLine) || !Number.isSafeInteger(Number(sizeLine))) {
    return { error: 'the tree size line is not a decimal integer' };
  }
  const root = Buffer.from(rootLine, 'base64');
  if (root.length !== 32 || root.toString('base64') !== rootLine) {
    return { error: 'the root hash line is not the base64 of 32 bytes' };
  }
  if (extensions.some((e) => e === '')) return { error: 'an extension line is empty' };
  return { origin, size: Number(sizeLine), rootHash: root.toString('hex'), extensions };
}

/**
 * Opens a signed note with one verifier key and parses its checkpoint. The reason names what
 * failed: the note's shape, a missing signature by that key, a bad signature, the body.
 */
export function verifyCheckpoint(note: string, key: string, expectedOrigin?: string): CheckpointResult {
  const verifier = parseVerifierKey(key);
  if ('error' in verifier) return { ok: false, reason: verifier.error };
  if (!note.endsWith('\n')) return { ok: false, reason: 'the note does not end with a newline' };
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return { ok: false, reason: 'the note has no blank line before its signatures' };
  const body = note.slice(0, split + 1);
  const sigLines = note.slice(split + 2, -1).split('\n');
  let found = false;
  for (const line of sigLines) {
    if (!line.startsWith(SIG_PREFIX))
      return { ok: false, reason: 'a signature line does not start with "— "' };
    const rest = line.slice(SIG_PREFIX.length);
    const space = rest.lastIndexOf(' ');
    if (space <= 0) return { ok: false, reason: 'a signature line has no name and signature' };
    const name = rest.slice(0, space);
    const blob = Buffer.from(rest.slice(space + 1), 'base64');
    if (blob.length < 5) return { ok: false, reason: 'a signature is too short' };
    if (name !== verifier.name || !Buffer.from(blob.subarray(0, 4)).equals(Buffer.from(verifier.keyId)))
      continue;
    found = true;
    const publicKey = createPublicKey({
      key: Buffer.concat([SPKI_PREFIX, verifier.publicKey]),
      format: 'der',
      type: 'spki',
    });
    if (!verify(null, Buffer.from(body, 'utf8'), publicKey, blob.subarray(4))) {
      return {
        ok: false,
        reason: `the signature by ${name} does not verify: the note was changed or forged`,
      };
    }
  }
  if (!found) return { ok: false, reason: `the note has no signature by ${verifier.name} with that key id` };
  const checkpoint = parseCheckpoint(body);
  if ('error' in checkpoint) return { ok: false, reason: checkpoint.error };
  if (expectedOrigin !== undefined && checkpoint.origin !== expectedOrigin) {
    return { ok: false, reason: `the checkpoint's origin is ${checkpoint.origin}, not ${expectedOrigin}` };
  }
  return { ok: true, checkpoint, body };
}
