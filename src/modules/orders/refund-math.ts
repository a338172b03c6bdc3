import { allocateLargestRemainder, mulDivHalfUp } from '../../platform/money';

/**
 * What a line was paid, in the parts a refund must give back. `paid` = subtotal - discount;
 * the merchant's net is subtotal - merchant-funded discount; the platform's subsidy is the
 * platform-funded discount. paid = merchantNet - platformSubsidy.
 */
export interface PaidLine {
  quantity: number;
  subtotal: number;
  merchantFunded: number;
  platformFunded: number;
  /** Already refunded on this line (money, quantity, and the parts), from earlier refunds. */
  refunded: { amount: number; quantity: number; merchant: number; platform: number };
}

export interface RefundParts {
  /** Back to the customer. */
  amount: number;
  /** Taken back from the merchant's payable (their net share of this amount). */
  merchant: number;
  /** Taken back into the platform's promotion expense (the subsidy share of this amount). */
  platform: number;
  quantity: number;
}

export const paidOf = (l: Pick<PaidLine, 'subtotal' | 'merchantFunded' | 'platformFunded'>) =>
  l.subtotal - l.merchantFunded - l.platformFunded;

/**
 * The refund for `quantity` units of a line: the units' share of what was actually paid,
 * pro rata to the discounts apportioned to the line. The last units refunded get exactly what
 * is left, so refunding a line in pieces returns exactly what refunding it whole would.
 * Example: lines of 400.00 and 100.00 with 满500减50 paid 360.00 and 90.00; refunding the
 * 100.00 line returns 90.00.
 */
export function refundForQuantity(line: PaidLine, quantity: number): RefundParts {
  const left = line.quantity - line.refunded.quantity;
  if (!Number.isInteger(quantity) || quantity <= 0)
    throw new RangeError('quantity must be a positive integer');
  if (quantity > left) throw new RangeError(`only ${left} units are left to refund`);
  const paid = paidOf(line);
  const merchantNet = line.subtotal - line.merchantFunded;
  if (quantity === left) {
    return {
      amount: paid - line.refunded.amount,
      merchant: merchantNet - line.refunded.merchant,
      platform: line.platformFunded - line.refunded.platform,
      quantity,
    };
  }
  // Unit shares by largest remainder, so the per-unit amounts always sum to the whole line.
  const units = Array(line.quantity).fill(1);
  // Clamped to what is left, in case an amount-only refund already took part of the line.
  const amount = Math.min(
    paid - line.refunded.amount,
    sumFirst(allocateLargestRemainder(paid, units), line.refunded.quantity, quantity),
  );
  const merchant = Math.min(
    merchantNet - line.refunded.merchant,
    sumFirst(allocateLargestRemainder(merchantNet, units), line.refunded.quantity, quantity),
  );
  return { amount, merchant, platform: merchant - amount, quantity };
}

/**
 * A refund of an arbitrary amount on a line (a partial refund agreed with the merchant; no
 * units come back): split between the merchant's net and the platform's subsidy in the line's
 * proportions, rounded half up. Refunding exactly what is left closes every part exactly.
 */
export function refundForAmount(line: PaidLine, amount: number): RefundParts {
  const paid = paidOf(line);
  const left = paid - line.refunded.amount;
  if (!Number.isSafeInteger(amount) || amount <= 0)
    throw new RangeError('amount must be a positive integer of minor units');
  if (amount > left) throw new RangeError(`only ${left} is left to refund on this line`);
  const merchantNet = line.subtotal - line.merchantFunded;
  if (amount === left)
    return {
      amount,
      merchant: merchantNet - line.refunded.merchant,
      platform: line.platformFunded - line.refunded.platform,
      quantity: 0,
    };
  const merchantLeft = merchantNet - line.refunded.merchant;
  const merchant = Math.min(merchantLeft, mulDivHalfUp(amount, merchantNet, paid));
  return { amount, merchant, platform: merchant - amount, quantity: 0 };
}

function sumFirst(parts: number[], skip: number, take: number): number {
  let s = 0;
  for (let i = skip; i < skip + take; i++) s += parts[i]!;
  return s;
}
