import { type Kysely, sql } from 'kysely';
import { conflict } from '../../platform/errors';
import type { DB } from '../../schema';

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

/**
 * Inside the checkout transaction, before anything is written. The customer's row is locked
 * first (FOR NO KEY UPDATE: it serialises this customer's checkouts but not the foreign-key
 * checks of their other writes), so two parallel checkouts of one customer count each other's
 * orders: the second waits for the first to commit or roll back, then reads. Other customers
 * never wait on it.
 */
export async function assertWithinHoldingCaps(
  trx: Kysely<DB>,
  caps: HoldingCaps,
  order: { customerId: string; campaignId: string; items: readonly { sku: string; quantity: number }[] },
): Promise<void> {
  await trx
    .selectFrom('users')
    .select('id')
    .where('id', '=', order.customerId)
    .forNoKeyUpdate()
    .executeTakeFirst();

  const unpaid = await trx
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('customer_id', '=', order.customerId)
    .where('status', '=', 'created')
    .executeTakeFirstOrThrow();
  if (Number(unpaid.n) >= caps.unpaidOrdersPerCustomer)
    throw tooManyUnpaidOrders(caps.unpaidOrdersPerCustomer, Number(unpaid.n));

  const requested = new Map<string, number>();
  for (const i of order.items) requested.set(i.sku, (requested.get(i.sku) ?? 0) + i.quantity);
  if (requested.size === 0) return;
  const heldRows = await trx
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .select(['l.sku_id', sql<string>`sum(l.quantity)`.as('held')])
    .where('o.customer_id', '=', order.customerId)
    .where('o.campaign_id', '=', order.campaignId)
    .where('o.status', '=', 'created')
    .where('l.sku_id', 'in', [...requested.keys()])
    .groupBy('l.sku_id')
    .execute();
  const held = new Map(heldRows.map((r) => [r.sku_id, Number(r.held)]));
  for (const [sku, quantity] of [...requested].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const already = held.get(sku) ?? 0;
    if (already + quantity > caps.heldUnitsPerSku)
      throw holdLimitReached(sku, caps.heldUnitsPerSku, already, quantity);
  }
}
