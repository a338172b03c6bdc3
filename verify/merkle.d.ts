/** SHA-256 of the empty string: MTH of the empty tree. */
export declare const EMPTY_ROOT: string;
/** MTH({d}) = SHA-256(0x00 || d). */
export declare function leafHash(data: Uint8Array): string;
/** SHA-256(0x01 || left || right). */
export declare function nodeHash(left: string, right: string): string;
/** MTH(D[n]) from the leaf hashes, by the RFC's recursive definition. */
export declare function rootHash(leafHashes: string[]): string;
/** PATH(m, D[n]): the audit path of leaf `index` in the tree of all `leafHashes`. */
export declare function inclusionProof(leafHashes: string[], index: number): string[];
/** PROOF(m, D[n]): the consistency proof from the first `oldSize` leaves to all of them. */
export declare function consistencyProof(leafHashes: string[], oldSize: number): string[];
/** RFC 9162 §2.1.3.2. Any malformed input (bad hex, sizes) is a failed verification, not a throw. */
export declare function verifyInclusion(args: {
    leafHash: string;
    index: number;
    treeSize: number;
    proof: string[];
    root: string;
}): boolean;
/** RFC 9162 §2.1.4.2, plus the trivial cases: equal sizes need equal roots, size 0 is a prefix of all. */
export declare function verifyConsistency(args: {
    oldSize: number;
    newSize: number;
    oldRoot: string;
    newRoot: string;
    proof: string[];
}): boolean;
