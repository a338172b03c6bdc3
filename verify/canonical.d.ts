/**
 * The canonical byte form of a log record: RFC 8785 (JCS) restricted to a flat object whose
 * values are strings, integers, booleans or null. Keys sort by UTF-16 code units (JavaScript's
 * default string order, which is what JCS specifies), no whitespace, strings as
 * JSON.stringify writes them (the minimal escaping JCS adopts), UTF-8. Floats are refused
 * rather than formatted: money is integer fen, and a float's text form invites disagreement.
 */
export type CanonicalValue = string | number | boolean | null;
export type LogRecord = Record<string, CanonicalValue>;
export declare function canonicalJson(record: LogRecord): string;
export declare function canonicalRecord(record: LogRecord): Uint8Array;
