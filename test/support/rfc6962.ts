/**
 * The RFC 6962 / RFC 9162 checks of a Merkle implementation, shared by the source (src/verify) and
 * the compiled `carnival/verify` entry (verify/index.js), so both pass the same published vectors.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';

/** The functions docs/transparency.md promises from `carnival/verify`. */
export interface MerkleApi {
  leafHash(data: Uint8Array): string;
  nodeHash(left: string, right: string): string;
  rootHash(leafHashes: string[]): string;
  inclusionProof(leafHashes: string[], index: number): string[];
  consistencyProof(leafHashes: string[], oldSize: number): string[];
  verifyInclusion(args: {
    leafHash: string;
    index: number;
    treeSize: number;
    proof: string[];
    root: string;
  }): boolean;
  verifyConsistency(args: {
    oldSize: number;
    newSize: number;
    oldRoot: string;
    newRoot: string;
    proof: string[];
  }): boolean;
}

// RFC 6962 test vectors as published in transparency-dev/merkle proof/verify_test.go.
const inputs = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];
const roots = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const inclusionVectors: [number, number, string[]][] = [
  [0, 1, []],
  [
    0,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    1,
    5,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
];
const consistencyVectors: [number, number, string[]][] = [
  [1, 1, []],
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [
    2,
    5,
    [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
  [
    6,
    7,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
];

/** A one-bit flip in the first byte of a hex hash. */
const flip = (h: string) =>
  (Number.parseInt(h.slice(0, 2), 16) ^ 8).toString(16).padStart(2, '0') + h.slice(2);

// The RFC 9162 §2.1 definitions written independently of src/verify, on raw bytes.
const sha = (...b: Buffer[]) => createHash('sha256').update(Buffer.concat(b)).digest();
const k = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1);
const MTH = (d: Buffer[]): Buffer =>
  d.length === 1
    ? (d[0] as Buffer)
    : sha(Buffer.of(1), MTH(d.slice(0, k(d.length))), MTH(d.slice(k(d.length))));
const PATH = (m: number, d: Buffer[]): Buffer[] => {
  if (d.length === 1) return [];
  const s = k(d.length);
  return m < s
    ? [...PATH(m, d.slice(0, s)), MTH(d.slice(s))]
    : [...PATH(m - s, d.slice(s)), MTH(d.slice(0, s))];
};
const SUBPROOF = (m: number, d: Buffer[], b: boolean): Buffer[] => {
  if (m === d.length) return b ? [] : [MTH(d)];
  const s = k(d.length);
  return m <= s
    ? [...SUBPROOF(m, d.slice(0, s), b), MTH(d.slice(s))]
    : [...SUBPROOF(m - s, d.slice(s), false), MTH(d.slice(0, s))];
};
const hex = (bs: Buffer[]) => bs.map((b) => b.toString('hex'));

export function describeRfc6962(label: string, api: MerkleApi): void {
  const {
    consistencyProof,
    inclusionProof,
    leafHash,
    nodeHash,
    rootHash,
    verifyConsistency,
    verifyInclusion,
  } = api;
  const leaves = inputs.map((h) => leafHash(Uint8Array.from(Buffer.from(h, 'hex'))));

  describe(`RFC 6962 vectors through ${label}`, () => {
    it('leaf and node hashes', () => {
      expect(leaves[0]).toBe(roots[0]);
      expect(nodeHash(leaves[0] as string, leaves[1] as string)).toBe(roots[1]);
      expect(rootHash([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    });
    it('roots for sizes 1..8', () => {
      for (let n = 1; n <= 8; n++) expect(rootHash(leaves.slice(0, n))).toBe(roots[n - 1]);
    });
    it.each(inclusionVectors)('inclusion of %i in %i', (index, size, proof) => {
      const tree = leaves.slice(0, size);
      expect(inclusionProof(tree, index)).toEqual(proof);
      const root = roots[size - 1] as string;
      const leaf = leaves[index] as string;
      expect(verifyInclusion({ leafHash: leaf, index, treeSize: size, proof, root })).toBe(true);
      expect(verifyInclusion({ leafHash: leaf, index: index + 1, treeSize: size, proof, root })).toBe(false);
      expect(verifyInclusion({ leafHash: leaf, index, treeSize: size * 2, proof, root })).toBe(false);
      expect(verifyInclusion({ leafHash: flip(leaf), index, treeSize: size, proof, root })).toBe(false);
      expect(verifyInclusion({ leafHash: leaf, index, treeSize: size, proof, root: flip(root) })).toBe(false);
      expect(verifyInclusion({ leafHash: leaf, index, treeSize: size, proof: [...proof, root], root })).toBe(
        false,
      );
      proof.forEach((_, i) => {
        const bad = proof.map((p, j) => (i === j ? flip(p) : p));
        expect(verifyInclusion({ leafHash: leaf, index, treeSize: size, proof: bad, root })).toBe(false);
      });
    });
    it.each(consistencyVectors)('consistency %i -> %i', (oldSize, newSize, proof) => {
      expect(consistencyProof(leaves.slice(0, newSize), oldSize)).toEqual(proof);
      const oldRoot = roots[oldSize - 1] as string;
      const newRoot = roots[newSize - 1] as string;
      expect(verifyConsistency({ oldSize, newSize, oldRoot, newRoot, proof })).toBe(true);
      if (oldSize === newSize) return;
      expect(verifyConsistency({ oldSize, newSize, oldRoot: newRoot, newRoot: oldRoot, proof })).toBe(false);
      expect(verifyConsistency({ oldSize: oldSize + 1, newSize, oldRoot, newRoot, proof })).toBe(false);
      expect(verifyConsistency({ oldSize, newSize, oldRoot, newRoot, proof: proof.slice(0, -1) })).toBe(
        false,
      );
      expect(verifyConsistency({ oldSize, newSize, oldRoot, newRoot, proof: [] })).toBe(false);
      proof.forEach((_, i) => {
        const bad = proof.map((p, j) => (i === j ? flip(p) : p));
        expect(verifyConsistency({ oldSize, newSize, oldRoot, newRoot, proof: bad })).toBe(false);
      });
    });
  });

  describe(`every proof of every tree up to 40 leaves through ${label}, against the RFC definitions`, () => {
    const data = Array.from({ length: 40 }, (_, i) => Buffer.from(`leaf ${i}`));
    const raw = data.map((d) => sha(Buffer.of(0), d));
    const hashes = raw.map((b) => b.toString('hex'));
    it('inclusion proofs', () => {
      for (let n = 1; n <= 40; n++) {
        const root = MTH(raw.slice(0, n)).toString('hex');
        expect(rootHash(hashes.slice(0, n))).toBe(root);
        for (let m = 0; m < n; m++) {
          const proof = inclusionProof(hashes.slice(0, n), m);
          expect(proof).toEqual(hex(PATH(m, raw.slice(0, n))));
          expect(verifyInclusion({ leafHash: hashes[m] as string, index: m, treeSize: n, proof, root })).toBe(
            true,
          );
          if (n > 1) {
            const other = hashes[(m + 1) % n] as string;
            expect(verifyInclusion({ leafHash: other, index: m, treeSize: n, proof, root })).toBe(false);
          }
        }
      }
    });
    it('consistency proofs', () => {
      for (let n = 1; n <= 40; n++) {
        const newRoot = MTH(raw.slice(0, n)).toString('hex');
        for (let m = 1; m <= n; m++) {
          const oldRoot = MTH(raw.slice(0, m)).toString('hex');
          const proof = consistencyProof(hashes.slice(0, n), m);
          expect(proof).toEqual(m === n ? [] : hex(SUBPROOF(m, raw.slice(0, n), true)));
          expect(verifyConsistency({ oldSize: m, newSize: n, oldRoot, newRoot, proof })).toBe(true);
          if (m < n) {
            expect(
              verifyConsistency({ oldSize: m, newSize: n, oldRoot: flip(oldRoot), newRoot, proof }),
            ).toBe(false);
          }
        }
      }
    });
  });
}
