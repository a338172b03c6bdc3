import type { Kysely } from 'kysely';
import type { DB } from '../../schema';
import { skuInfosIn } from '../catalog';
import type { MerchantsService } from '../merchants';
import type { Order, OrderLine, OrderPayment, SubOrder } from './model';
import { DEFAULT_PRICE_PROTECTION_DAYS, protectionOffers } from './price-protection';
import { REFUNDABLE_ORDER, REFUNDABLE_SUB_ORDER } from './refunds';
import { linesOf, toPayment } from './store';

/**
 * What the order responses add to the stored order: the store names (merchants module), the SKU
 * attributes (catalog module), what each line can still be refunded, and on one order its
 * payments and each line's 价保 offer. A fixed number of queries per response, not per line.
 */
export interface ViewDeps {
  db: Kysely<DB>;
  merchants: Pick<MerchantsService, 'namesOf'>;
}

/** Amount of requests still pending per line. */
async function pendingByLine(db: Kysely<DB>, lineIds: string[]): Promise<Map<string, number>> {
  if (lineIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('refunds')
    .select(['line_id', (eb) => eb.fn.sum<string>('amount').as('amount')])
    .where('line_id', 'in', lineIds)
    .where('status', '=', 'requested')
    .groupBy('line_id')
    .execute();
  return new Map(rows.map((r) => [r.line_id, Number(r.amount)]));
}

const takesRefunds = (orderStatus: string | undefined, subStatus: string) =>
  orderStatus !== undefined &&
  (REFUNDABLE_ORDER as readonly string[]).includes(orderStatus) &&
  (REFUNDABLE_SUB_ORDER as readonly string[]).includes(subStatus);

/** Store names, SKU attributes and `refundable` on sub-orders; `orderStatus` gives each sub-order's order status. */
export async function decorateSubOrders(
  { db, merchants }: ViewDeps,
  subs: SubOrder[],
  orderStatus: (sub: SubOrder) => string | undefined,
): Promise<void> {
  if (subs.length === 0) return;
  const lines: OrderLine[] = subs.flatMap((s) => s.lines);
  const [names, skus, pending] = await Promise.all([
    merchants.namesOf([...new Set(subs.map((s) => s.storeId))]),
    skuInfosIn(db, [...new Set(lines.map((l) => l.skuId))]),
    pendingByLine(
      db,
      lines.map((l) => l.id),
    ),
  ]);
  for (const sub of subs) {
    sub.storeName = names.get(sub.storeId)?.name ?? null;
    const open = takesRefunds(orderStatus(sub), sub.status);
    for (const line of sub.lines) {
      line.attributes = skus.get(line.skuId)?.attributes ?? {};
      line.refundable = open
        ? Math.max(0, line.total - line.priceProtected - line.refundedAmount - (pending.get(line.id) ?? 0))
        : 0;
    }
  }
}

export async function decorateOrders(deps: ViewDeps, orders: Order[]): Promise<Order[]> {
  const status = new Map(orders.map((o) => [o.id, o.status]));
  await decorateSubOrders(
    deps,
    orders.flatMap((o) => o.subOrders),
    (s) => status.get(s.orderId),
  );
  return orders;
}

/** One order as GET /api/orders/:id answers: decorated, with its payments and each line's 价保 offer. */
export async function orderDetail(
  deps: ViewDeps & { now: Date; defaultPriceProtectionDays?: number },
  order: Order,
): Promise<Order> {
  const { db } = deps;
  const [, payments, lineRows] = await Promise.all([
    decorateOrders(deps, [order]),
    db
      .selectFrom('payments')
      .selectAll()
      .where('order_id', '=', order.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    linesOf(db, order.id),
  ]);
  const offers = await protectionOffers(
    db,
    order,
    lineRows,
    deps.now,
    deps.defaultPriceProtectionDays ?? DEFAULT_PRICE_PROTECTION_DAYS,
  );
  for (const line of order.subOrders.flatMap((s) => s.lines)) {
    const offer = offers.get(line.id);
    if (offer) line.priceProtection = offer;
  }
  order.payments = payments.map((p): OrderPayment => {
    const { id, kind, amount, status, provider, createdAt } = toPayment(p);
    return { id, kind, amount, status, provider, createdAt };
  });
  return order;
}
