import { type LogRecord } from './canonical';
/** The JSON file a donor downloads: everything needed to check one entry with no server. */
export interface Receipt {
    format: 'carnival-transparency-receipt/1';
    log: string;
    index: number;
    leafHash: string;
    record: {
        base64: string;
        decoded: LogRecord;
    };
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
export declare function verifyReceipt(input: unknown, trustedKey?: string): ReceiptResult;
