import { canonicalJson, type LogRecord } from './canonical';
import { verifyCheckpoint } from './checkpoint';
import { leafHash, verifyInclusion } from './merkle';

/** The JSON file a donor downloads: everything needed to check one entry with no server. */
export interface Receipt {
  format: 'carnival-transparency-receipt/1';
  log: string;
  index: number;
  leafHash: string;
  record: { base64: string; decoded: LogRecord };
  treeSize: number;
  proof: string[];
  /** The signed checkpoint note (C2SP tlog-checkpoint in a signed-note). */
  checkpoint: string;
  verifierKey: string;
}

export interface ReceiptCheck {
  name: 'format' | 'record' | 'leaf' | 'signature' | 'size' | 'inclusion';
  ok: boolean;
  detail: string;
}

export interface ReceiptResult {
  ok: boolean;
  checks: ReceiptCheck[];
}

/**
 * Checks a receipt. `trustedKey` is the verifier key the auditor got from somewhere other than
 * the receipt (the log's published key); without it the receipt's own key is used, which proves
 * consistency but not who signed. Every check is reported, so the output says what failed.
 */
export function verifyReceipt(input: unknown, trustedKey?: string): ReceiptResult {
  const checks: ReceiptCheck[] = [];
  const done = () => ({ ok: checks.every((c) => c.ok), checks });
  const r = input as Partial<Receipt> | null;
  if (
    !r ||
    typeof r !== 'object' ||
    !Number.isSafeInteger(r.index) ||
    typeof r.leafHash !== 'string' ||
    typeof r.record?.base64 !== 'string' ||
    typeof r.checkpoint !== 'string' ||
    typeof r.verifierKey !== 'string' ||
    !Array.isArray(r.proof)
  ) {
    checks.push({ name: 'format', ok: false, detail: 'not a Carnival transparency receipt' });
    return done();
  }
  const bytes = Uint8Array.from(Buffer.from(r.record.base64, 'base64'));
  let decodedMatches = false;
  try {
    decodedMatches = canonicalJson(r.record.decoded) === Buffer.from(bytes).toString('utf8');
  } catch {
    decodedMatches = false;
  }
  checks.push({
    name: 'record',
    ok: decodedMatches,
    detail: decodedMatches
      ? 'the decoded record is the canonical form of the record bytes'
      : 'the decoded record does not match the record bytes',
  });
  const computed = leafHash(bytes);
  checks.push({
    name: 'leaf',
    ok: computed === r.leafHash,
    detail:
      computed === r.leafHash
        ? `leaf hash ${computed}`
        : `the record hashes to ${computed}, the receipt says ${r.leafHash}`,
  });
  const key = trustedKey ?? r.verifierKey;
  const cp = verifyCheckpoint(r.checkpoint, key);
  if (!cp.ok) {
    checks.push({ name: 'signature', ok: false, detail: cp.reason });
    return done();
  }
  checks.push({
    name: 'signature',
    ok: true,
    detail: `checkpoint of ${cp.checkpoint.origin} at size ${cp.checkpoint.size} signed by ${key.split('+')[0]}`,
  });
  const sizeOk = r.treeSize === undefined || r.treeSize === cp.checkpoint.size;
  checks.push({
    name: 'size',
    ok: sizeOk,
    detail: sizeOk
      ? `tree size ${cp.checkpoint.size}`
      : `the receipt says size ${r.treeSize}, the checkpoint ${cp.checkpoint.size}`,
  });
  const included = verifyInclusion({
    leafHash: computed,
    index: r.index as number,
    treeSize: cp.checkpoint.size,
    proof: r.proof,
    root: cp.checkpoint.rootHash,
  });
  checks.push({
    name: 'inclusion',
    ok: included,
    detail: included
      ? `entry ${r.index} is in the tree of size ${cp.checkpoint.size}`
      : `the proof does not lead from entry ${r.index} to the checkpoint's root`,
  });
  return done();
}
