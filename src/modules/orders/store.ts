import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../../platform/auth';
import type { DB } from '../../schema';
import type { Order, OrderEvent, OrderLine, Payment, SubOrder } from './model';
import type {
  OrderEventsTable,
  OrderLinesTable,
  OrderStatus,
  OrdersTable,
  PaymentsTable,
  SubOrdersTable,
} from './tables';

/** The orders module's SQL. Every function takes the executor: the bound db or a transaction. */

export type OrderRow = Selectable<OrdersTable>;
export type SubOrderRow = Selectable<SubOrdersTable>;
export type LineRow = Selectable<OrderLinesTable>;
type EventRow = Selectable<OrderEventsTable>;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export const cartRows = (db: Kysely<DB>, customerId: string, campaignId: string) =>
  db
    .selectFrom('cart_items')
    .select(['sku_id', 'quantity', 'added_at'])
    .where('customer_id', '=', customerId)
    .where('campaign_id', '=', campaignId)
    .orderBy('added_at')
    .orderBy('sku_id')
    .execute();

export async function recordOrderEvent(
  trx: Kysely<DB>,
  e: {
    orderId: string;
    subOrderId?: string | null;
    from: string | null;
    to: string;
    actor?: Pick<Actor, 'userId' | 'role'> | null;
    reason?: string | null;
    at: Date;
  },
): Promise<void> {
  await trx
    .insertInto('order_events')
    .values({
      order_id: e.orderId,
      sub_order_id: e.subOrderId ?? null,
      from_status: e.from,
      to_status: e.to,
      actor_id: e.actor?.userId ?? null,
      actor_role: e.actor?.role ?? (e.actor === null ? 'system' : null),
      reason: e.reason ?? null,
      at: e.at,
    })
    .execute();
}

export const findOrder = (db: Kysely<DB>, id: string) =>
  db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();

export const findSubOrder = (db: Kysely<DB>, id: string) =>
  db.selectFrom('sub_orders').selectAll().where('id', '=', id).executeTakeFirst();

export const linesOf = (db: Kysely<DB>, orderId: string) =>
  db.selectFrom('order_lines').selectAll().where('order_id', '=', orderId).orderBy('id').execute();

/** Loads orders with their sub-orders and lines, in the order of `rows`. */
export async function hydrate(db: Kysely<DB>, rows: OrderRow[], withEvents = false): Promise<Order[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [subs, lines, events] = await Promise.all([
    db.selectFrom('sub_orders').selectAll().where('order_id', 'in', ids).orderBy('id').execute(),
    db.selectFrom('order_lines').selectAll().where('order_id', 'in', ids).orderBy('id').execute(),
    withEvents
      ? db.selectFrom('order_events').selectAll().where('order_id', 'in', ids).orderBy('id').execute()
      : Promise.resolve([] as EventRow[]),
  ]);
  return rows.map((r) =>
    toOrder(
      r,
      subs.filter((s) => s.order_id === r.id),
      lines.filter((l) => l.order_id === r.id),
      withEvents ? events.filter((e) => e.order_id === r.id) : undefined,
    ),
  );
}

export async function loadOrder(db: Kysely<DB>, id: string, withEvents = true): Promise<Order | undefined> {
  const row = await findOrder(db, id);
  if (!row) return undefined;
  return (await hydrate(db, [row], withEvents))[0];
}

export async function listOrders(
  db: Kysely<DB>,
  filter: { customerId?: string; campaignId?: string; status?: OrderStatus; limit: number; offset: number },
) {
  let q = db.selectFrom('orders');
  if (filter.customerId) q = q.where('customer_id', '=', filter.customerId);
  if (filter.campaignId) q = q.where('campaign_id', '=', filter.campaignId);
  if (filter.status) q = q.where('status', '=', filter.status);
  const [rows, count] = await Promise.all([
    q
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await hydrate(db, rows), total: Number(count.n) };
}

/** Sub-orders of the given stores (all stores when null), newest first, with their lines. */
export async function listSubOrders(
  db: Kysely<DB>,
  filter: { storeIds: string[] | null; status?: string; limit: number; offset: number },
) {
  if (filter.storeIds && filter.storeIds.length === 0) return { items: [], total: 0 };
  let q = db.selectFrom('sub_orders');
  if (filter.storeIds) q = q.where('store_id', 'in', filter.storeIds);
  if (filter.status) q = q.where('status', '=', filter.status as SubOrderRow['status']);
  const [rows, count] = await Promise.all([
    q
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const lines =
    rows.length === 0
      ? []
      : await db
          .selectFrom('order_lines')
          .selectAll()
          .where(
            'sub_order_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('id')
          .execute();
  return {
    items: rows.map((s) =>
      toSubOrder(
        s,
        lines.filter((l) => l.sub_order_id === s.id),
      ),
    ),
    total: Number(count.n),
  };
}

export function toLine(l: LineRow): OrderLine {
  return {
    id: l.id,
    subOrderId: l.sub_order_id,
    storeId: l.store_id,
    skuId: l.sku_id,
    nominationId: l.nomination_id,
    title: l.title,
    attributes: {},
    listPrice: Number(l.list_price),
    unitPrice: Number(l.unit_price),
    quantity: l.quantity,
    subtotal: Number(l.subtotal),
    discount: Number(l.discount),
    total: Number(l.total),
    merchantFunded: Number(l.merchant_funded),
    platformFunded: Number(l.platform_funded),
    deposit: l.deposit === null ? null : Number(l.deposit),
    balance: l.balance === null ? null : Number(l.balance),
    adjustments: l.adjustments,
    refundedAmount: Number(l.refunded_amount),
    refundedQuantity: l.refunded_quantity,
    priceProtected: Number(l.price_protected),
    // Filled in by views.ts (pending requests and the order's state); an upper bound here.
    refundable: Math.max(0, Number(l.total) - Number(l.price_protected) - Number(l.refunded_amount)),
  };
}

export function toSubOrder(s: SubOrderRow, lines: LineRow[]): SubOrder {
  return {
    id: s.id,
    orderId: s.order_id,
    storeId: s.store_id,
    storeName: null,
    status: s.status,
    subtotal: Number(s.subtotal),
    discount: Number(s.discount),
    total: Number(s.total),
    merchantFunded: Number(s.merchant_funded),
    platformFunded: Number(s.platform_funded),
    tracking: (s.tracking as SubOrder['tracking']) ?? null,
    shippedAt: iso(s.shipped_at),
    deliveredAt: iso(s.delivered_at),
    completedAt: iso(s.completed_at),
    createdAt: iso(s.created_at)!,
    updatedAt: iso(s.updated_at)!,
    lines: lines.map(toLine),
  };
}

const toEvent = (e: EventRow): OrderEvent => ({
  subOrderId: e.sub_order_id,
  from: e.from_status,
  to: e.to_status,
  actorId: e.actor_id,
  actorRole: e.actor_role,
  reason: e.reason,
  at: iso(e.at)!,
});

/** What the next payment of an order is. */
export function amountDue(r: Pick<OrderRow, 'status' | 'deposit_total' | 'balance_total' | 'total'>): number {
  if (r.status === 'created') return Number(r.deposit_total) > 0 ? Number(r.deposit_total) : Number(r.total);
  if (r.status === 'deposit_paid') return Number(r.balance_total);
  return 0;
}

export function toOrder(r: OrderRow, subs: SubOrderRow[], lines: LineRow[], events?: EventRow[]): Order {
  const presale = Number(r.deposit_total) > 0;
  return {
    id: r.id,
    customerId: r.customer_id,
    campaignId: r.campaign_id,
    status: r.status,
    currency: r.currency,
    subtotal: Number(r.subtotal),
    discount: Number(r.discount),
    total: Number(r.total),
    merchantFunded: Number(r.merchant_funded),
    platformFunded: Number(r.platform_funded),
    allowanceUsed: Number(r.allowance_used),
    presale: presale
      ? {
          depositTotal: Number(r.deposit_total),
          balanceTotal: Number(r.balance_total),
          balanceDueFrom: iso(r.balance_due_from),
          balanceDueUntil: iso(r.balance_due_until),
          depositRule: r.deposit_rule,
        }
      : null,
    amountPaid: Number(r.amount_paid),
    amountDue: amountDue(r),
    payBy: iso(r.pay_by)!,
    paidAt: iso(r.paid_at),
    closedAt: iso(r.closed_at),
    closeReason: r.close_reason,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    shippingAddress: r.shipping_address ?? null,
    subOrders: subs.map((s) =>
      toSubOrder(
        s,
        lines.filter((l) => l.sub_order_id === s.id),
      ),
    ),
    ...(events ? { events: events.map(toEvent) } : {}),
  };
}

export const toPayment = (p: Selectable<PaymentsTable>): Payment => ({
  id: p.id,
  orderId: p.order_id,
  kind: p.kind,
  amount: Number(p.amount),
  currency: p.currency,
  provider: p.provider,
  providerRef: p.provider_ref,
  status: p.status,
  createdAt: iso(p.created_at)!,
});
