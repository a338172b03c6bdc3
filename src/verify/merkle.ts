import { createHash } from 'node:crypto';

/**
 * RFC 9162 §2.1 Merkle Tree Hash, audit paths and consistency proofs over SHA-256.
 * Hashes cross this API as lowercase hex so receipts, JSON and command lines carry them as is.
 * This file depends on node:crypto only: it is compiled into the public `carnival/verify` entry.
 */

const HEX = /^[0-9a-f]{64}$/;

function sha256(...parts: Uint8Array[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

function bytesOf(hex: string): Uint8Array {
  if (!HEX.test(hex)) throw new TypeError(`not a lowercase hex SHA-256 hash: ${JSON.stringify(hex)}`);
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

function isHash(value: unknown): value is string {
  return typeof value === 'string' && HEX.test(value);
}

/** SHA-256 of the empty string: MTH of the empty tree. */
export const EMPTY_ROOT = sha256(new Uint8Array(0));

/** MTH({d}) = SHA-256(0x00 || d). */
export function leafHash(data: Uint8Array): string {
  return sha256(Uint8Array.of(0x00), data);
}

/** SHA-256(0x01 || left || right). */
export function nodeHash(left: string, right: string): string {
  return sha256(Uint8Array.of(0x01), bytesOf(left), bytesOf(right));
}

/** The largest power of two smaller than n (n > 1). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function checkSize(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer`);
}

/** MTH(D[n]) from the leaf hashes, by the RFC's recursive definition. */
export function rootHash(leafHashes: string[]): string {
  for (const h of leafHashes) bytesOf(h);
  return mth(leafHashes, 0, leafHashes.length);
}

function mth(leaves: string[], from: number, to: number): string {
  const n = to - from;
  if (n === 0) return EMPTY_ROOT;
  if (n === 1) return leaves[from] as string;
  const k = split(n);
  return nodeHash(mth(leaves, from, from + k), mth(leaves, from + k, to));
}

/** PATH(m, D[n]): the audit path of leaf `index` in the tree of all `leafHashes`. */
export function inclusionProof(leafHashes: string[], index: number): string[] {
  checkSize('index', index);
  if (index >= leafHashes.length) throw new RangeError('index must be smaller than the tree size');
  return path(leafHashes, index, 0, leafHashes.length);
}

function path(leaves: string[], m: number, from: number, to: number): string[] {
  const n = to - from;
  if (n <= 1) return [];
  const k = split(n);
  if (m < k) return [...path(leaves, m, from, from + k), mth(leaves, from + k, to)];
  return [...path(leaves, m - k, from + k, to), mth(leaves, from, from + k)];
}

/** PROOF(m, D[n]): the consistency proof from the first `oldSize` leaves to all of them. */
export function consistencyProof(leafHashes: string[], oldSize: number): string[] {
  checkSize('oldSize', oldSize);
  if (oldSize > leafHashes.length) throw new RangeError('oldSize must not exceed the tree size');
  if (oldSize === 0 || oldSize === leafHashes.length) return [];
  return subproof(leafHashes, oldSize, 0, leafHashes.length, true);
}

function subproof(leaves: string[], m: number, from: number, to: number, b: boolean): string[] {
  const n = to - from;
  if (m === n) return b ? [] : [mth(leaves, from, to)];
  const k = split(n);
  if (m <= k) return [...subproof(leaves, m, from, from + k, b), mth(leaves, from + k, to)];
  return [...subproof(leaves, m - k, from + k, to, false), mth(leaves, from, from + k)];
}

/** RFC 9162 §2.1.3.2. Any malformed input (bad hex, sizes) is a failed verification, not a throw. */
export function verifyInclusion(args: {
  leafHash: string;
  index: number;
  treeSize: number;
  proof: string[];
  root: string;
}): boolean {
  const { index, treeSize, proof } = args;
  if (!isHash(args.leafHash) || !isHash(args.root) || !Array.isArray(proof) || !proof.every(isHash))
    return false;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize) || index < 0 || index >= treeSize)
    return false;
  // BigInt: the shifts must not wrap at 2^31 for large logs.
  let fn = BigInt(index);
  let sn = BigInt(treeSize - 1);
  let r = args.leafHash;
  for (const p of proof) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && r === args.root;
}

/** RFC 9162 §2.1.4.2, plus the trivial cases: equal sizes need equal roots, size 0 is a prefix of all. */
export function verifyConsistency(args: {
  oldSize: number;
  newSize: number;
  oldRoot: string;
  newRoot: string;
  proof: string[];
}): boolean {
  const { oldSize, newSize, oldRoot, newRoot, proof } = args;
  if (!isHash(oldRoot) || !isHash(newRoot) || !Array.isArray(proof) || !proof.every(isHash)) return false;
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize) || oldSize < 0 || newSize < oldSize) {
    return false;
  }
  if (oldSize === newSize) return proof.length === 0 && oldRoot === newRoot;
  if (oldSize === 0) return proof.length === 0 && oldRoot === EMPTY_ROOT;
  if (proof.length === 0) return false;
  const path = [...proof];
  // A power-of-two old tree is itself a node of the new tree: its root starts the path.
  if ((oldSize & (oldSize - 1)) === 0) path.unshift(oldRoot);
  let fn = BigInt(oldSize - 1);
  let sn = BigInt(newSize - 1);
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = path[0] as string;
  let sr = path[0] as string;
  for (const c of path.slice(1)) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return fr === oldRoot && sr === newRoot && sn === 0n;
}
