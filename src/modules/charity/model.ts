import type { TransparencyLog } from '../transparency';
import type { RuleKind } from './tables';

/**
 * The transparency log as this module uses it (the transparency module's `append`/`receipt`):
 * every donation and disbursement is an entry of the `donations` log, appended in the
 * transaction that books it.
 */
export type DonationLog = Pick<TransparencyLog, 'append' | 'receipt'>;

/** GB 32100-2015: the unified social credit code's alphabet (no I, O, Z, S, V) and weights. */
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character (the 18th) a 17-character prefix must end with; null for a bad prefix. */
export function creditCodeCheck(prefix: string): string | null {
  if (prefix.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(prefix[i]!);
    if (v < 0) return null;
    sum += v * USCC_WEIGHTS[i]!;
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

export function isValidCreditCode(code: string): boolean {
  return code.length === 18 && creditCodeCheck(code.slice(0, 17)) === code[17];
}

/**
 * What a line gives when it completes: fixed fen per unit still bought, or basis points of what
 * the line still holds (paid, less refunds and 价保), rounded down to the fen. Never more than
 * the line holds: the donation comes out of the merchant's share of it.
 */
export function donationFor(
  rule: { kind: RuleKind; amount: number },
  line: { quantity: number; refundedQuantity: number; paid: number },
): { base: number; quantity: number; amount: number } {
  const quantity = Math.max(0, line.quantity - line.refundedQuantity);
  const base = Math.max(0, line.paid);
  const raw = rule.kind === 'fixed' ? rule.amount * quantity : Math.floor((base * rule.amount) / 10_000);
  return { base, quantity, amount: Math.min(raw, base) };
}

/** Calendar quarter of a date in China time (UTC+8), e.g. 2026-Q4. */
export function quarterOf(d: Date): string {
  const cn = new Date(d.getTime() + 8 * 3_600_000);
  return `${cn.getUTCFullYear()}-Q${Math.floor(cn.getUTCMonth() / 3) + 1}`;
}
