import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { createServices } from '../../src/app';
import { balances, trialBalance, verifyBalances } from '../../src/modules/ledger';
import type { Order } from '../../src/modules/orders';
import type { DB } from '../../src/schema';
import { actor } from './checkout-fixtures';
import { topUpThroughSandbox } from './sandbox-top-up';

type Services = ReturnType<typeof createServices>;

let n = 0;
export const key = (prefix = 'k') => `${prefix}-${++n}-${Math.random().toString(36).slice(2, 8)}`;

/** The service calls a consumer makes, through the same code the routes call. */
export function shopper(services: Services, campaignId: string, userId: string) {
  const me = actor(userId, 'consumer');
  return {
    me,
    put: (skuId: string, quantity: number) =>
      services.orders.cart.setItem(me, { campaignId, skuId, quantity }),
    checkout: async (k = key('co'), expectedTotal?: number): Promise<Order> =>
      (await services.orders.checkout(me, { campaignId, expectedTotal }, k)).body.order,
    pay: async (orderId: string, k = key('pay')) => (await services.orders.pay(me, orderId, k)).body,
    /** Through the sandbox gateway, as a customer tops up. */
    topUp: (amount: number) => topUpThroughSandbox(services.payments, userId, amount, { key: key('top') }),
  };
}

/** The books are sound: all postings sum to zero, balances match entries, no wallet below zero. */
export async function expectSoundBooks(db: Kysely<DB>): Promise<void> {
  const tb = await trialBalance(db);
  expect(tb.balanced).toBe(true);
  expect(tb.total).toBe(0);
  expect(await verifyBalances(db)).toEqual([]);
  const wallets = await balances(db, { ownerType: 'customer' });
  expect(wallets.filter((w) => w.balance < 0)).toEqual([]);
}

/** Counters a checkout moves, to compare before and after. */
export async function counters(db: Kysely<DB>, campaignId: string) {
  const [nominations, skus, wallet, coupons, allowance, budgets, usage, redemptions, orders, ledger, outbox] =
    await Promise.all([
      db
        .selectFrom('nominations')
        .select(['sku_id', 'campaign_sold'])
        .where('campaign_id', '=', campaignId)
        .orderBy('sku_id')
        .execute(),
      db.selectFrom('skus').select(['id', 'stock']).orderBy('id').execute(),
      db
        .selectFrom('coupon_wallet')
        .select(['customer_id', 'coupon_id', 'used'])
        .orderBy('customer_id')
        .orderBy('coupon_id')
        .execute(),
      db.selectFrom('coupons').select(['id', 'redeemed_count']).orderBy('id').execute(),
      db.selectFrom('allowance_accounts').select(['customer_id', 'balance']).orderBy('customer_id').execute(),
      db
        .selectFrom('promotion_budgets')
        .select(['promotion_id', 'spent_amount', 'uses'])
        .orderBy('promotion_id')
        .execute(),
      db
        .selectFrom('promotion_usage')
        .select(['promotion_id', 'customer_id', 'uses', 'amount'])
        .orderBy('promotion_id')
        .orderBy('customer_id')
        .execute(),
      db
        .selectFrom('promotion_redemptions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('orders')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('ledger_entries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
  return {
    nominations,
    skus,
    wallet,
    coupons,
    allowance,
    budgets,
    // A usage row given back to zero stays; it counts as no usage.
    usage: usage.filter((u) => u.uses > 0 || u.amount > 0),
    redemptions: Number(redemptions.n),
    orders: Number(orders.n),
    ledgerEntries: Number(ledger.n),
    outbox: Number(outbox.n),
  };
}
