import { describe, expect, it } from 'vitest';
import { leafHash, rootHash } from '../verify';
import { IncrementalTree } from './transparency-check';

describe('IncrementalTree', () => {
  it('gives the RFC 9162 tree hash of every prefix, 0 to 70 leaves', () => {
    const leaves = Array.from({ length: 70 }, (_, i) => leafHash(new TextEncoder().encode(`entry ${i}`)));
    const tree = new IncrementalTree();
    expect(tree.root()).toBe(rootHash([]));
    for (let n = 1; n <= leaves.length; n++) {
      tree.push(leaves[n - 1]!);
      expect(tree.size).toBe(n);
      expect(tree.root(), `size ${n}`).toBe(rootHash(leaves.slice(0, n)));
    }
  });
});
