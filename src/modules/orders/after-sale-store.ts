import type { Kysely, Selectable } from 'kysely';
import type { Timestamp } from '../../platform/db/tables';
import type { DB } from '../../schema';
import type { PaidLine } from './refund-math';
import type { OrderLinesTable, RefundsTable } from './tables';

/**
 * SQL of the after-sale side (refunds, price protection, settlement). Its own tables (migration
 * 0009) are declared here and reached through `withTables`, so the shared schema stays as is.
 */
export type RefundPayoutsTable = {
  refund_id: string;
  payment_id: string;
  amount: number;
  provider: string;
  provider_ref: string;
  created_at: Timestamp;
};

export type CampaignAfterSaleTable = {
  campaign_id: string;
  price_protection_days: number;
  updated_by: string;
  updated_at: Timestamp;
};

export type AfterSaleTables = {
  refund_payouts: RefundPayoutsTable;
  campaign_after_sale: CampaignAfterSaleTable;
};

export const afterSale = (db: Kysely<DB>) => db.withTables<AfterSaleTables>();

export type LineRow = Selectable<OrderLinesTable>;
export type RefundRow = Selectable<RefundsTable>;

/**
 * A line as refund-math sees it. A price-protection payout is the merchant lowering its price
 * after the fact: it counts as more merchant-funded discount, so later refunds give back only
 * what the customer is still out of pocket and take it from the merchant's net.
 */
export function paidLineOf(row: LineRow): PaidLine {
  return {
    quantity: row.quantity,
    subtotal: Number(row.subtotal),
    merchantFunded: Number(row.merchant_funded) + Number(row.price_protected),
    platformFunded: Number(row.platform_funded),
    refunded: {
      amount: Number(row.refunded_amount),
      quantity: row.refunded_quantity,
      merchant: Number(row.refunded_merchant),
      platform: Number(row.refunded_platform),
    },
  };
}

export const findOrder = (db: Kysely<DB>, id: string) =>
  db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();

export const findSubOrder = (db: Kysely<DB>, id: string) =>
  db.selectFrom('sub_orders').selectAll().where('id', '=', id).executeTakeFirst();

export const findLine = (db: Kysely<DB>, id: string) =>
  db.selectFrom('order_lines').selectAll().where('id', '=', id).executeTakeFirst();

/**
 * The sub-order of a line, row-locked until the transaction ends (FOR NO KEY UPDATE, so rows
 * that merely reference it are not held up). Refund requests, approvals and a paid cancel of
 * one sub-order queue here, always before any refund or line row: so 20 requests on a 3-unit
 * line see each other's pending units and accept exactly 3, a request behind a cancel finds
 * the sub-order cancelled, and the three cannot deadlock.
 */
export async function lockSubOrderOfLine(trx: Kysely<DB>, lineId: string) {
  const line = await trx
    .selectFrom('order_lines')
    .select('sub_order_id')
    .where('id', '=', lineId)
    .executeTakeFirst();
  if (!line) return undefined;
  return lockSubOrder(trx, line.sub_order_id);
}

export const lockSubOrder = (trx: Kysely<DB>, id: string) =>
  trx.selectFrom('sub_orders').selectAll().where('id', '=', id).forNoKeyUpdate().executeTakeFirst();

/**
 * The line, row-locked until the transaction ends: concurrent refunds and claims of one line
 * queue here instead of failing their compare-and-set (which stays, as the guard of record).
 */
export const lockLine = (trx: Kysely<DB>, id: string) =>
  trx.selectFrom('order_lines').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const findRefund = (db: Kysely<DB>, id: string) =>
  db.selectFrom('refunds').selectAll().where('id', '=', id).executeTakeFirst();

/** Quantity, amount and parts of a line's refunds still waiting for the merchant. */
export async function pendingOnLine(db: Kysely<DB>, lineId: string) {
  const row = await db
    .selectFrom('refunds')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<string>('quantity'), eb.val('0')).as('quantity'),
      eb.fn.coalesce(eb.fn.sum<string>('amount'), eb.val('0')).as('amount'),
      eb.fn.coalesce(eb.fn.sum<string>('merchant_part'), eb.val('0')).as('merchant'),
      eb.fn.coalesce(eb.fn.sum<string>('platform_part'), eb.val('0')).as('platform'),
    ])
    .where('line_id', '=', lineId)
    .where('status', '=', 'requested')
    .executeTakeFirstOrThrow();
  return {
    quantity: Number(row.quantity),
    amount: Number(row.amount),
    merchant: Number(row.merchant),
    platform: Number(row.platform),
  };
}

/**
 * The line as it will be once the pending requests are approved as quoted: a new request is
 * quoted on the units after theirs, so asking for "every unit left" beside a pending request
 * gets exactly what is left (the last units' rule) instead of the first units' shares again.
 */
export const afterPending = (row: LineRow, pending: Awaited<ReturnType<typeof pendingOnLine>>): LineRow => ({
  ...row,
  refunded_quantity: row.refunded_quantity + pending.quantity,
  refunded_amount: Number(row.refunded_amount) + pending.amount,
  refunded_merchant: Number(row.refunded_merchant) + pending.merchant,
  refunded_platform: Number(row.refunded_platform) + pending.platform,
});

/**
 * Moves a line's refund counters by one refund, as a compare-and-set: the increments apply only
 * if the counters are still the ones the parts were computed from AND the result stays within
 * the line (amount within what was paid net of price protection, units within the quantity,
 * each part within its share). No row back = someone else refunded or protected meanwhile.
 */
export async function addRefundToLine(
  trx: Kysely<DB>,
  seen: LineRow,
  parts: { amount: number; quantity: number; merchant: number; platform: number },
): Promise<LineRow | undefined> {
  return trx
    .updateTable('order_lines')
    .set((eb) => ({
      refunded_amount: eb('refunded_amount', '+', parts.amount),
      refunded_quantity: eb('refunded_quantity', '+', parts.quantity),
      refunded_merchant: eb('refunded_merchant', '+', parts.merchant),
      refunded_platform: eb('refunded_platform', '+', parts.platform),
    }))
    .where('id', '=', seen.id)
    .where('refunded_amount', '=', seen.refunded_amount)
    .where('refunded_quantity', '=', seen.refunded_quantity)
    .where('refunded_merchant', '=', seen.refunded_merchant)
    .where('refunded_platform', '=', seen.refunded_platform)
    .where('price_protected', '=', seen.price_protected)
    .where((eb) =>
      eb.and([
        eb(
          eb(eb('refunded_amount', '+', parts.amount), '+', eb.ref('price_protected')),
          '<=',
          eb.ref('total'),
        ),
        eb(eb('refunded_quantity', '+', parts.quantity), '<=', eb.ref('quantity')),
        eb(
          eb(eb('refunded_merchant', '+', parts.merchant), '+', eb.ref('price_protected')),
          '<=',
          eb(eb.ref('subtotal'), '-', eb.ref('merchant_funded')),
        ),
        eb(eb('refunded_platform', '+', parts.platform), '<=', eb.ref('platform_funded')),
      ]),
    )
    .returningAll()
    .executeTakeFirst();
}

/** Succeeded payments of an order, locked, with what has been paid back from each. */
export async function paymentsWithRefunded(trx: Kysely<DB>, orderId: string) {
  const payments = await trx
    .selectFrom('payments')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('status', '=', 'succeeded')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .forUpdate()
    .execute();
  if (payments.length === 0) return [];
  const refunded = await afterSale(trx)
    .selectFrom('refund_payouts')
    .select(['payment_id', (eb) => eb.fn.sum<string>('amount').as('sum')])
    .where(
      'payment_id',
      'in',
      payments.map((p) => p.id),
    )
    .groupBy('payment_id')
    .execute();
  const by = new Map(refunded.map((r) => [r.payment_id, Number(r.sum)]));
  return payments.map((p) => ({ ...p, amount: Number(p.amount), refunded: by.get(p.id) ?? 0 }));
}
