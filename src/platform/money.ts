/**
 * Money is an integer count of minor units (fen, cents) with an ISO 4217 code. No floats,
 * anywhere: amounts are `number` checked to be safe integers, which holds 90 trillion yuan.
 */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

export const CURRENCY_MINOR_DIGITS: Record<string, number> = { CNY: 2, USD: 2, EUR: 2, HKD: 2, JPY: 0 };

export function assertMinor(amount: number, what = 'amount'): number {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`${what} must be an integer in minor units`);
  return amount;
}

export const money = (amount: number, currency: string): Money => ({
  amount: assertMinor(amount),
  currency,
});

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new RangeError(`currency mismatch: ${a.currency} vs ${b.currency}`);
  return money(a.amount + b.amount, a.currency);
}

/** `amount * numerator / denominator`, rounded half up (away from zero for halves), in integers only. */
export function mulDivHalfUp(amount: number, numerator: number, denominator: number): number {
  if (denominator <= 0) throw new RangeError('denominator must be positive');
  const product = BigInt(amount) * BigInt(numerator);
  const d = BigInt(denominator);
  const negative = product < 0n;
  const abs = negative ? -product : product;
  const q = (abs * 2n + d) / (2n * d);
  return Number(negative ? -q : q);
}

/**
 * Split `total` over `weights` in proportion, by largest remainder: floor shares first, then
 * one unit each to the largest remainders, ties to the earlier index. The parts always sum
 * to `total`. All-zero weights split evenly (same rule) so nothing is lost.
 */
export function allocateLargestRemainder(total: number, weights: readonly number[]): number[] {
  assertMinor(total, 'total');
  const n = weights.length;
  if (n === 0) {
    if (total !== 0) throw new RangeError('cannot allocate a non-zero total over no parts');
    return [];
  }
  const sum = weights.reduce((s, w) => s + w, 0);
  const effective = sum === 0 ? weights.map(() => 1) : weights;
  const effectiveSum = sum === 0 ? n : sum;
  const big = BigInt(total);
  const bigSum = BigInt(effectiveSum);
  const parts: number[] = [];
  const remainders: { index: number; rem: bigint }[] = [];
  let allocated = 0n;
  for (let i = 0; i < n; i++) {
    const w = BigInt(effective[i]!);
    const exact = big * w;
    const floor = exact / bigSum;
    parts.push(Number(floor));
    allocated += floor;
    remainders.push({ index: i, rem: exact % bigSum });
  }
  let left = Number(big - allocated);
  remainders.sort((a, b) => (a.rem === b.rem ? a.index - b.index : a.rem > b.rem ? -1 : 1));
  for (let k = 0; left > 0; k = (k + 1) % n, left--) parts[remainders[k]!.index]! += 1;
  return parts;
}

/** Human display only (logs, CLI): 12345 CNY -> "123.45 CNY". Never parse this back. */
export function formatMoney(m: Money): string {
  const digits = CURRENCY_MINOR_DIGITS[m.currency] ?? 2;
  if (digits === 0) return `${m.amount} ${m.currency}`;
  const sign = m.amount < 0 ? '-' : '';
  const abs = Math.abs(m.amount)
    .toString()
    .padStart(digits + 1, '0');
  return `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)} ${m.currency}`;
}
