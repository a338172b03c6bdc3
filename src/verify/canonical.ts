/**
 * The canonical byte form of a log record: RFC 8785 (JCS) restricted to a flat object whose
 * values are strings, integers, booleans or null. Keys sort by UTF-16 code units (JavaScript's
 * default string order, which is what JCS specifies), no whitespace, strings as
 * JSON.stringify writes them (the minimal escaping JCS adopts), UTF-8. Floats are refused
 * rather than formatted: money is integer fen, and a float's text form invites disagreement.
 */
export type CanonicalValue = string | number | boolean | null;
export type LogRecord = Record<string, CanonicalValue>;

export function canonicalJson(record: LogRecord): string {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    throw new TypeError('a log record is a flat JSON object');
  }
  const keys = Object.keys(record).sort();
  const parts: string[] = [];
  for (const key of keys) {
    const value = record[key];
    let text: string;
    if (value === null || typeof value === 'boolean' || typeof value === 'string')
      text = JSON.stringify(value);
    else if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) throw new TypeError(`record field ${key} is not a safe integer`);
      text = Object.is(value, -0) ? '0' : String(value);
    } else throw new TypeError(`record field ${key} is not a string, integer, boolean or null`);
    parts.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}

export function canonicalRecord(record: LogRecord): Uint8Array {
  return new TextEncoder().encode(canonicalJson(record));
}
