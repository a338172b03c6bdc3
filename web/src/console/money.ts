/**
 * Money for the workbench, integer arithmetic only (no React here: the model and its tests use it).
 * The same rules as the merchant pages' format.ts.
 */

/** Minor units (fen) to "¥1,234.50". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}¥${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/** "159", "159.9" or "159.90" (as typed) to fen; null when not an amount with at most two decimals. */
export function parseYuan(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(String(text).trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Fen to the plain input text "159.00". */
export const fenToInput = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** The field's fen, or undefined when left empty. */
export const fenOf = (v: string | undefined | null): number | undefined =>
  v === undefined || v === null || String(v).trim() === '' ? undefined : (parseYuan(v) ?? undefined);

/** ISO 8601 with the browser's offset, as the server's `isoWithOffset` wants. */
export const isoOf = (d: { format(f: string): string } | null | undefined) =>
  d ? d.format('YYYY-MM-DDTHH:mm:ssZ') : undefined;
