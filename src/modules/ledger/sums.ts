/** Exact sums travel as text (sum(int8) is numeric) and come back as safe integers or an error. */
export function exact(text: string | null | undefined): number {
  const n = BigInt(text ?? '0');
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER))
    throw new RangeError(`ledger sum ${n} exceeds the safe integer range`);
  return Number(n);
}
