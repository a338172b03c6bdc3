/**
 * `carnival/verify`: everything an auditor or donor needs to check Carnival's transparency logs
 * offline, with node:crypto only. Compiled to /verify/index.js by `npm run build:verify`.
 */
export { type CanonicalValue, canonicalJson, canonicalRecord, type LogRecord } from './canonical';
export { type Checkpoint, type CheckpointResult, formatCheckpoint, keyId, parseCheckpoint, parseVerifierKey, signingKeyFromSeed, signNote, type Verifier, verifierKey, verifyCheckpoint, } from './checkpoint';
export { consistencyProof, EMPTY_ROOT, inclusionProof, leafHash, nodeHash, rootHash, verifyConsistency, verifyInclusion, } from './merkle';
export { type Receipt, type ReceiptCheck, type ReceiptResult, verifyReceipt } from './receipt';
