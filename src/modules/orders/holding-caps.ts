import { conflict } from '../../platform/errors';

/**
 * What one customer may hold without paying (issue 7, point 5): an unpaid order reserves its
 * stock until it is paid or times out, so without caps one new account could hold a SKU's whole
 * campaign stock for the payment window, again and again. The SKU has no per-customer limit of
 * its own yet; `heldUnitsPerSku` is the platform's for every campaign SKU.
 */
export interface HoldingCaps {
  /** Orders still `created` (unpaid; a pre-sale order before its deposit) at once. */
  unpaidOrdersPerCustomer: number;
  /** Units of one SKU of one campaign across the customer's unpaid orders, the new one included. */
  heldUnitsPerSku: number;
}

export const DEFAULT_HOLDING_CAPS: HoldingCaps = { unpaidOrdersPerCustomer: 5, heldUnitsPerSku: 10 };

// 409, not 429: waiting is not the cure (the customer pays or cancels an order), and a checkout
// refusal is stored under its Idempotency-Key, so a Retry-After would promise a different answer
// that the retry can never get.
export const tooManyUnpaidOrders = (limit: number, unpaid: number) =>
  conflict(
    'TOO_MANY_UNPAID_ORDERS',
    `You have ${unpaid} unpaid orders; at most ${limit} may wait for payment at once. Pay or cancel one first`,
    { limit, unpaid },
  );

export const holdLimitReached = (sku: string, limit: number, held: number, requested: number) =>
  conflict(
    'HOLD_LIMIT_REACHED',
    `SKU ${sku}: at most ${limit} units may be held in unpaid orders (you hold ${held}, this order adds ${requested})`,
    { field: 'items', sku, limit, held, requested },
  );

/** What the customer holds now, read by the checkout after it locked the customer (checkout-reads.ts). */
export interface Holdings {
  /** Their orders still `created`. */
  unpaid: number;
  /** Units per SKU of this campaign in those orders (only the SKUs of the cart). */
  heldUnits: ReadonlyMap<string, number>;
}

/**
 * Refuses a checkout over the caps, before anything is written; the first SKU over (by id) is
 * named. The holdings must be read after the customer's row was locked, in a statement of its
 * own (checkout-reads.ts says why), so two parallel checkouts of one customer count each other.
 */
export function checkHoldingCaps(
  caps: HoldingCaps,
  holdings: Holdings,
  items: readonly { sku: string; quantity: number }[],
): void {
  if (holdings.unpaid >= caps.unpaidOrdersPerCustomer)
    throw tooManyUnpaidOrders(caps.unpaidOrdersPerCustomer, holdings.unpaid);
  const requested = new Map<string, number>();
  for (const i of items) requested.set(i.sku, (requested.get(i.sku) ?? 0) + i.quantity);
  for (const [sku, quantity] of [...requested].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const already = holdings.heldUnits.get(sku) ?? 0;
    if (already + quantity > caps.heldUnitsPerSku)
      throw holdLimitReached(sku, caps.heldUnitsPerSku, already, quantity);
  }
}
