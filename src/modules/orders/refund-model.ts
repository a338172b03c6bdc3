import type { Kysely } from 'kysely';
import { unprocessable } from '../../platform/errors';
import { allocateLargestRemainder } from '../../platform/money';
import type { DB } from '../../schema';
import { type LineRow, paidLineOf, type RefundRow } from './after-sale-store';
import { paidOf, type RefundParts, refundForAmount, refundForQuantity } from './refund-math';

/** What a refund is, as the API shows it, and how its parts are computed from a line. */
export const REFUNDABLE_ORDER = ['paid', 'completed'] as const;
export const REFUNDABLE_SUB_ORDER = ['paid', 'shipped', 'delivered', 'completed'] as const;
export const ORDER_REFUND = 'order.refund';

export interface Refund {
  id: string;
  orderId: string;
  subOrderId: string;
  lineId: string;
  storeId: string;
  customerId: string;
  /** Units given back; 0 for an amount-only refund. */
  quantity: number;
  amount: number;
  merchantPart: number;
  platformPart: number;
  status: 'requested' | 'approved' | 'rejected';
  reason: string;
  decisionReason: string | null;
  decidedBy: string | null;
  ledgerTxnId: string | null;
  createdAt: string;
  decidedAt: string | null;
}

/** A refund as the store's staff list it: with the line it is about and the store's name. */
export interface StoreRefund extends Refund {
  storeName: string | null;
  line: { title: string; skuId: string; attributes: Record<string, string>; quantity: number };
}

export const toRefund = (r: RefundRow): Refund => ({
  id: r.id,
  orderId: r.order_id,
  subOrderId: r.sub_order_id,
  lineId: r.line_id,
  storeId: r.store_id,
  customerId: r.customer_id,
  quantity: r.quantity,
  amount: Number(r.amount),
  merchantPart: Number(r.merchant_part),
  platformPart: Number(r.platform_part),
  status: r.status,
  reason: r.reason,
  decisionReason: r.decision_reason,
  decidedBy: r.decided_by,
  ledgerTxnId: r.ledger_txn_id,
  createdAt: new Date(r.created_at).toISOString(),
  decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
});

export interface ClaimBasis {
  /** Units the price-protection claim covered (the units not refunded when it was claimed). */
  quantity: number;
  amount: number;
}

/**
 * The parts of a refund of `request` on a line as it stands. Price protection already paid is
 * treated as extra merchant-funded discount (paidLineOf); for a unit refund it is taken off the
 * very units it was paid for (the claim covered the units not refunded at the time, which are
 * the ones refunded after it), so the customer never gets a unit's price twice.
 * Throws RangeError (as refund-math does) when more is asked than is left.
 */
export function refundPartsFor(
  row: LineRow,
  claim: ClaimBasis | null,
  request: { quantity: number } | { amount: number },
): RefundParts {
  const line = paidLineOf(row);
  if ('amount' in request) return refundForAmount(line, request.amount);
  const left = line.quantity - line.refunded.quantity;
  const protectedAmount = Number(row.price_protected);
  if (request.quantity === left || protectedAmount === 0 || !claim)
    return refundForQuantity(line, request.quantity);
  // Not the last units, on a protected line: the original unit shares, less the protection paid per unit.
  const original = refundForQuantity(
    { ...line, merchantFunded: Number(row.merchant_funded) },
    request.quantity,
  );
  const firstCovered = row.quantity - claim.quantity;
  const perUnit = allocateLargestRemainder(protectedAmount, Array(claim.quantity).fill(1));
  let share = 0;
  for (
    let i = line.refunded.quantity - firstCovered;
    i < line.refunded.quantity - firstCovered + request.quantity;
    i++
  )
    share += perUnit[i] ?? 0;
  const amount = Math.min(original.amount - share, paidOf(line) - line.refunded.amount);
  const merchant = Math.min(
    original.merchant - share,
    line.subtotal - line.merchantFunded - line.refunded.merchant,
  );
  return { amount, merchant, platform: merchant - amount, quantity: request.quantity };
}

export type RefundQuoteInput = { lineId: string; quantity?: number; amount?: number };
export type RefundRequestInput = RefundQuoteInput & { reason: string };

/** What a refund request would be now (POST /api/orders/:id/refunds/quote). */
export interface RefundQuote {
  orderId: string;
  lineId: string;
  /** Units that would come back (0 for an amount). */
  quantity: number;
  /** Back to the customer. */
  amount: number;
  merchantPart: number;
  platformPart: number;
  currency: string;
  /** What is left on the line after the requests still pending, before this one. */
  left: { quantity: number; amount: number };
  /** What would be left after this one too. */
  leftAfter: { quantity: number; amount: number };
  /** Requests still waiting for the store. */
  pending: { quantity: number; amount: number };
}

export const exceeds = (
  field: 'quantity' | 'amount',
  message: string,
  details: Record<string, unknown> = {},
) => unprocessable('REFUND_EXCEEDS_LINE', `${field}: ${message}`, { field, ...details });

export async function claimOf(trx: Kysely<DB>, lineId: string): Promise<ClaimBasis | null> {
  const c = await trx
    .selectFrom('price_protection_claims')
    .select(['quantity', 'amount'])
    .where('line_id', '=', lineId)
    .executeTakeFirst();
  return c ? { quantity: c.quantity, amount: Number(c.amount) } : null;
}
