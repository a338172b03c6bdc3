import { merchantPayable, platformPromotionExpense } from './accounts';
import { credit, debit } from './engine';
import { invalidPosting } from './errors';
import type { EntryInput } from './model';

export interface OrderPaymentSplit {
  currency: string;
  /** Where the paid money is now: platformClearing(currency) after any PaymentProvider charge. */
  source: string;
  /** What the customer paid: sum of (gross - store-funded discount) - platform-funded discount. */
  paid: number;
  /** Discount the platform funds (platform coupons, cross-store promotions). */
  platformDiscount: number;
  /** Per store: list-price total of its lines and the discount the store itself funds. */
  stores: readonly { storeId: string; gross: number; merchantDiscount: number }[];
}

/**
 * The entries of an order payment: debit the source with what was paid and the platform's
 * promotion expense with the discount it funds; credit each store's payable with its gross less
 * the discount it funds. Balanced by construction, and checked to be so: the amounts must add up.
 */
export function orderPaymentEntries(split: OrderPaymentSplit): EntryInput[] {
  const nonNegative = (n: number, field: string) => {
    if (!Number.isSafeInteger(n) || n < 0)
      throw invalidPosting(`${field}: must be a non-negative integer in minor units`, { field });
  };
  nonNegative(split.paid, 'paid');
  nonNegative(split.platformDiscount, 'platformDiscount');
  let owed = 0;
  const entries: EntryInput[] = [];
  split.stores.forEach((s, i) => {
    nonNegative(s.gross, `stores.${i}.gross`);
    nonNegative(s.merchantDiscount, `stores.${i}.merchantDiscount`);
    const net = s.gross - s.merchantDiscount;
    if (net < 0)
      throw invalidPosting(`stores.${i}: the store-funded discount exceeds the gross`, {
        field: `stores.${i}`,
      });
    owed += net;
    if (net > 0) entries.push(credit(merchantPayable(s.storeId, split.currency), net));
  });
  if (split.paid + split.platformDiscount !== owed)
    throw invalidPosting(
      `paid (${split.paid}) + platform discount (${split.platformDiscount}) must equal what the stores are owed (${owed})`,
      { field: 'paid' },
    );
  const debits: EntryInput[] = [];
  if (split.paid > 0) debits.push(debit(split.source, split.paid));
  if (split.platformDiscount > 0)
    debits.push(debit(platformPromotionExpense(split.currency), split.platformDiscount));
  return [...debits, ...entries];
}
