import { type KeyObject } from 'node:crypto';
export interface Checkpoint {
    origin: string;
    size: number;
    /** Lowercase hex, like every hash in this package. */
    rootHash: string;
    extensions: string[];
}
export type CheckpointResult = {
    ok: true;
    checkpoint: Checkpoint;
    body: string;
} | {
    ok: false;
    reason: string;
};
/** key id = first 4 bytes of SHA-256(name || 0x0A || 0x01 || 32-byte public key). */
export declare function keyId(name: string, publicKey: Uint8Array): Uint8Array;
/** `<name>+<hex key id>+<base64(0x01 || public key)>`, the note verifier key string. */
export declare function verifierKey(name: string, publicKey: Uint8Array): string;
export interface Verifier {
    name: string;
    keyId: Uint8Array;
    publicKey: Uint8Array;
}
export declare function parseVerifierKey(text: string): Verifier | {
    error: string;
};
/** A private key from its 32-byte Ed25519 seed (the form the server keeps). */
export declare function signingKeyFromSeed(seed: Uint8Array): {
    privateKey: KeyObject;
    publicKey: Uint8Array;
};
/** The checkpoint body: every line ends in a newline, so it is a signed-note text. */
export declare function formatCheckpoint(c: Checkpoint): string;
/** Signs a note text: the text, a blank line, one signature line. */
export declare function signNote(text: string, name: string, privateKey: KeyObject, publicKey: Uint8Array): string;
export declare function parseCheckpoint(body: string): Checkpoint | {
    error: string;
};
/**
 * Opens a signed note with one verifier key and parses its checkpoint. The reason names what
 * failed: the note's shape, a missing signature by that key, a bad signature, the body.
 */
export declare function verifyCheckpoint(note: string, key: string, expectedOrigin?: string): CheckpointResult;
