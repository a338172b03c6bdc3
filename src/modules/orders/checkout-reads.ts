import { type Kysely, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { createShapeCache } from '../../platform/db/shapes';
import type { DB } from '../../schema';
import type { Promotion } from '../pricing';
import { allowanceBalanceQuery, budgetStateQuery, heldCouponsQuery } from '../promotions';
import type { Holdings } from './holding-caps';

/** The hot statements below are compiled once per shape (platform/db/shapes.ts). */
const compiled = createShapeCache();

/**
 * The checkout's reads, in two statements inside its transaction.
 *
 * 1. `lockCustomerTakeCart`: the customer's row FOR NO KEY UPDATE, then the cart taken with
 *    DELETE ... RETURNING. The lock serialises one customer's checkouts (not the foreign-key
 *    checks of their other writes) so that the holding caps count each other's orders; taking
 *    the cart locks its rows, so of two checkouts of one cart the second finds it empty. The
 *    lock is an uncorrelated EXISTS, which PostgreSQL runs before it scans the cart: every
 *    checkout locks the customer, then the cart.
 * 2. `customerReads`: what the customer holds (unpaid orders and units for the caps, coupons,
 *    allowance) and the budgets of the promotions that may apply. It must be a statement of its
 *    own: a statement reads one snapshot taken when it starts, so reads in the same statement
 *    as a lock that waited would not see the orders of the checkout it waited for.
 */

export interface CartRow {
  sku_id: string;
  quantity: number;
  added_at: Date | string;
}

export async function lockCustomerTakeCart(
  trx: Kysely<DB>,
  customerId: string,
  campaignId: string,
): Promise<CartRow[]> {
  const { rows } = await trx.executeQuery(
    compiled('take-cart', { customerId, campaignId }, (v) =>
      trx
        .with('me', (db) =>
          db.selectFrom('users').select('id').where('id', '=', v.customerId).forNoKeyUpdate(),
        )
        .deleteFrom('cart_items')
        .where('customer_id', '=', v.customerId)
        .where('campaign_id', '=', v.campaignId)
        .where((eb) => eb.exists(eb.selectFrom('me').select('me.id')))
        .returning(['sku_id', 'quantity', 'added_at']),
    ),
  );
  // The cart's order: as added, then by SKU (the line ids l1, l2... follow it).
  return rows.sort(
    (a, b) =>
      new Date(a.added_at).getTime() - new Date(b.added_at).getTime() || (a.sku_id < b.sku_id ? -1 : 1),
  );
}

export interface CustomerReads {
  holdings: Holdings;
  coupons: { id: string; promotion: Promotion }[];
  allowance: number;
  /** Promotions with a budget row; the others are not counted by redeem. */
  budgeted: Set<string>;
  /** Of those, the ones that cannot be used again (spent, out of uses, or this customer's limit). */
  exhausted: Set<string>;
}

/** One statement: the caps' counts, coupons, allowance and the budgets of `promotionIds` and the held coupons. */
export async function customerReads(
  trx: Kysely<DB>,
  input: {
    customerId: string;
    campaignId: string;
    skuIds: readonly string[];
    /** The campaign's promotions that may have a budget (the held coupons are added in SQL). */
    promotionIds: readonly string[];
    now: Date;
  },
): Promise<CustomerReads> {
  const shape = `reads:${input.skuIds.length}:${input.promotionIds.length}`;
  const { rows } = await trx.executeQuery(
    compiled(shape, input, ({ customerId, campaignId, now, skuIds, promotionIds }) =>
      trx.selectNoFrom((eb) => [
        eb
          .selectFrom('orders')
          .select((o) => o.fn.countAll<number>().as('n'))
          .where('customer_id', '=', customerId)
          .where('status', '=', 'created')
          .as('unpaid'),
        jsonArrayFrom(
          eb
            .selectFrom('order_lines as l')
            .innerJoin('orders as o', 'o.id', 'l.order_id')
            .select(['l.sku_id', sql<number>`sum(l.quantity)`.as('held')])
            .where('o.customer_id', '=', customerId)
            .where('o.campaign_id', '=', campaignId)
            .where('o.status', '=', 'created')
            .where('l.sku_id', 'in', skuIds.length > 0 ? [...skuIds] : [''])
            .groupBy('l.sku_id'),
        ).as('held'),
        jsonArrayFrom(heldCouponsQuery(eb, customerId, { campaignId, now })).as('coupons'),
        allowanceBalanceQuery(eb, customerId, campaignId).as('allowance'),
        jsonArrayFrom(
          budgetStateQuery(
            eb,
            customerId,
            promotionIds,
            heldCouponsQuery(eb, customerId, { campaignId, now }),
          ),
        ).as('budgets'),
      ]),
    ),
  );
  const row = rows[0]!;
  return {
    holdings: {
      unpaid: Number(row.unpaid ?? 0),
      heldUnits: new Map(row.held.map((h) => [h.sku_id, Number(h.held)])),
    },
    coupons: row.coupons.map((c) => ({ id: c.id, promotion: c.promotion as Promotion })),
    allowance: row.allowance === null ? 0 : Number(row.allowance),
    budgeted: new Set(row.budgets.map((b) => b.promotion_id)),
    exhausted: new Set(row.budgets.filter((b) => b.exhausted === true).map((b) => b.promotion_id)),
  };
}
