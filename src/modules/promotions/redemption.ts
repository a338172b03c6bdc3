import { type Kysely, sql } from 'kysely';
import { AppError, badRequest } from '../../platform/errors';
import type { DB } from '../../schema';
import {
  allowanceInsufficient,
  budgetExhausted,
  couponNotHeld,
  orderAlreadyRedeemed,
  promotionLimitReached,
  releaseExceedsRedeemed,
} from './errors';
import type { CouponPromotionJson, RedemptionKind } from './model';
import { allowanceBalanceQuery, budgetStateQuery, heldCouponsQuery } from './reads';

/**
 * The checkout's side of coupons, allowance and promotion budgets.
 *
 * The checkout calls these INSIDE its own database transaction, in this order:
 *
 *   1. `heldCoupons`, `allowanceBalance` and `exhaustedPromotions` to build the pricing
 *      scenario (`customer.coupons`, `customer.allowanceBalance`, and the promotions left after
 *      dropping the exhausted ones);
 *   2. `priceCart(scenario)`;
 *   3. `redeem(trx, ...)` with what the priced cart actually used (each coupon's and
 *      promotion's `applied[].amount`, the allowance promotions' total);
 *   4. its own order and stock writes; commit.
 *
 * The reads in step 1 are hints: they keep obviously used-up things out of the price. The
 * truth is step 3, where every counter moves by one conditional UPDATE whose RETURNING decides
 * (`... WHERE used < claimed RETURNING`): never read-then-write. If any of them matches no
 * row, `redeem` throws a 409 AppError naming the coupon or promotion; the caller's transaction
 * rolls back and nothing is half-written. The caller may drop the named item and price again.
 *
 * Lock order, to keep concurrent checkouts free of deadlocks: coupons by id (wallet row, then
 * the coupon's counter), then the allowance account, then promotions by id (budget row, then
 * the customer's usage row). `release` follows the same order.
 */

export interface HeldCoupons {
  /** For `customer.coupons` of the pricing scenario. */
  couponIds: string[];
  /** The coupons' promotions, to append to the scenario's `promotions`. */
  promotions: CouponPromotionJson[];
}

/**
 * Coupons the customer holds with at least one unused claim, usable at `now` (inside the
 * promotion's startsAt/endsAt when it has them). With `campaignId`: that campaign's coupons
 * and coupons tied to no campaign. A paused coupon stops new claims, not the use of claims
 * already held (they are the customer's).
 */
export async function heldCoupons(
  db: Kysely<DB>,
  customerId: string,
  options: { campaignId?: string; now: Date },
): Promise<HeldCoupons> {
  const rows = await heldCouponsQuery(db, customerId, options).execute();
  return { couponIds: rows.map((r) => r.id), promotions: rows.map((r) => r.promotion) };
}

/** The customer's 购物津贴 balance in a campaign, in minor units (0 without an account). */
export async function allowanceBalance(
  db: Kysely<DB>,
  customerId: string,
  campaignId: string,
): Promise<number> {
  const row = await allowanceBalanceQuery(db, customerId, campaignId).executeTakeFirst();
  return row ? Number(row.balance) : 0;
}

/**
 * Of `promotionIds`, those that cannot be used again: money budget fully spent, total uses at
 * `maxUses`, or this customer at `perCustomerUses`. Promotions without a budget row are never
 * exhausted. A budget with a little left is not "exhausted": `redeem` still refuses an order
 * whose discount exceeds what is left (BUDGET_EXHAUSTED naming the promotion).
 */
export async function exhaustedPromotions(
  db: Kysely<DB>,
  promotionIds: readonly string[],
  customerId: string,
): Promise<string[]> {
  if (promotionIds.length === 0) return [];
  const rows = await budgetStateQuery(db, customerId, promotionIds).execute();
  return rows.filter((r) => r.exhausted === true).map((r) => r.promotion_id);
}

export interface RedeemInput {
  orderId: string;
  customerId: string;
  /** The campaign whose allowance account pays `allowance`. */
  campaignId: string;
  /** Each coupon the priced cart applied, with the discount it gave (minor units). */
  coupons: { couponId: string; amount: number }[];
  /** Allowance used by the priced cart, minor units; 0 for none. */
  allowance: number;
  /** Campaign promotions the priced cart applied, with the discount each gave. */
  promotions: { promotionId: string; amount: number }[];
  /** Stamped on the redemption records; defaults to the current time. */
  now?: Date;
  /**
   * The promotions known to have a budget row, read in the caller's transaction (the checkout's
   * budgetStateQuery): the others are taken as untracked without a statement. Absent: every
   * promotion is tried against its budget row.
   */
  budgeted?: ReadonlySet<string>;
}

export interface RedeemResult {
  coupons: { couponId: string; amount: number }[];
  allowance: number;
  /** `tracked: false` for a promotion without a budget row: nothing was counted for it. */
  promotions: { promotionId: string; amount: number; tracked: boolean }[];
}

function assertTransaction(db: Kysely<DB>, what: string) {
  // All-or-nothing needs the caller's transaction: on a bare connection a refusal midway would
  // leave the earlier counters moved.
  if (!db.isTransaction) throw new AppError('INTERNAL', `${what} must run inside a transaction`, 500);
}

function assertAmount(amount: number, field: string) {
  if (!Number.isSafeInteger(amount) || amount < 0)
    throw badRequest(`${field}: must be a non-negative integer in minor units`, field);
}

function assertDistinct(ids: string[], field: string) {
  if (new Set(ids).size !== ids.length) throw badRequest(`${field}: lists the same id twice`, field);
}

async function record(
  trx: Kysely<DB>,
  input: RedeemInput,
  now: Date,
  kind: RedemptionKind,
  refId: string,
  amount: number,
): Promise<void> {
  const inserted = await trx
    .insertInto('promotion_redemptions')
    .values({
      order_id: input.orderId,
      kind,
      ref_id: refId,
      customer_id: input.customerId,
      campaign_id: input.campaignId,
      amount,
      created_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) throw orderAlreadyRedeemed(input.orderId, kind, refId);
}

/**
 * Takes what an order used, all or nothing (see the top of this file). Must run inside the
 * caller's transaction. Throws 409 COUPON_NOT_HELD, ALLOWANCE_INSUFFICIENT, BUDGET_EXHAUSTED,
 * PROMOTION_LIMIT_REACHED or ORDER_ALREADY_REDEEMED (the same order redeeming twice), with
 * details naming the coupon or promotion; 400 for negative or non-integer amounts.
 *
 * Promotions with a budget row (`PUT /api/promotions/:id/budget`) are counted: spent amount,
 * uses and the customer's uses; promotions without one are not written at all, so an
 * unbudgeted platform-wide 满减 does not funnel every checkout through one hot row.
 */
export async function redeem(trx: Kysely<DB>, input: RedeemInput): Promise<RedeemResult> {
  assertTransaction(trx, 'redeem');
  const now = input.now ?? new Date();
  input.coupons.forEach((c, i) => {
    assertAmount(c.amount, `coupons.${i}.amount`);
  });
  input.promotions.forEach((p, i) => {
    assertAmount(p.amount, `promotions.${i}.amount`);
  });
  assertAmount(input.allowance, 'allowance');
  assertDistinct(
    input.coupons.map((c) => c.couponId),
    'coupons',
  );
  assertDistinct(
    input.promotions.map((p) => p.promotionId),
    'promotions',
  );

  const coupons = [...input.coupons].sort((a, b) => (a.couponId < b.couponId ? -1 : 1));
  for (const c of coupons) {
    const wallet = await trx
      .updateTable('coupon_wallet')
      .set((eb) => ({ used: eb('used', '+', 1), updated_at: now }))
      .where('customer_id', '=', input.customerId)
      .where('coupon_id', '=', c.couponId)
      .whereRef('used', '<', 'claimed')
      .returning('used')
      .executeTakeFirst();
    if (!wallet) throw couponNotHeld(c.couponId);
    await trx
      .updateTable('coupons')
      .set((eb) => ({ redeemed_count: eb('redeemed_count', '+', 1) }))
      .where('id', '=', c.couponId)
      .execute();
    await record(trx, input, now, 'coupon', c.couponId, c.amount);
  }

  if (input.allowance > 0) {
    const account = await trx
      .updateTable('allowance_accounts')
      .set((eb) => ({ balance: eb('balance', '-', input.allowance), updated_at: now }))
      .where('customer_id', '=', input.customerId)
      .where('campaign_id', '=', input.campaignId)
      .where('balance', '>=', input.allowance)
      .returning('balance')
      .executeTakeFirst();
    if (!account)
      throw allowanceInsufficient(
        input.campaignId,
        input.allowance,
        await allowanceBalance(trx, input.customerId, input.campaignId),
      );
    await record(trx, input, now, 'allowance', input.campaignId, input.allowance);
  }

  const promotions: RedeemResult['promotions'] = [];
  const sorted = [...input.promotions].sort((a, b) => (a.promotionId < b.promotionId ? -1 : 1));
  for (const p of sorted) {
    const tracked =
      input.budgeted && !input.budgeted.has(p.promotionId)
        ? false
        : await takeFromBudget(trx, input.customerId, p.promotionId, p.amount);
    if (tracked) await record(trx, input, now, 'promotion', p.promotionId, p.amount);
    promotions.push({ ...p, tracked });
  }

  return { coupons, allowance: input.allowance, promotions };
}

/** Moves one promotion's budget and the customer's usage; false when the promotion has no budget row. */
async function takeFromBudget(
  trx: Kysely<DB>,
  customerId: string,
  promotionId: string,
  amount: number,
): Promise<boolean> {
  const budget = await trx
    .updateTable('promotion_budgets')
    .set((eb) => ({ spent_amount: eb('spent_amount', '+', amount), uses: eb('uses', '+', 1) }))
    .where('promotion_id', '=', promotionId)
    .where((eb) =>
      eb.or([
        eb('budget_amount', 'is', null),
        eb(eb('spent_amount', '+', amount), '<=', eb.ref('budget_amount')),
      ]),
    )
    .where((eb) => eb.or([eb('max_uses', 'is', null), eb(eb('uses', '+', 1), '<=', eb.ref('max_uses'))]))
    .returning('per_customer_uses')
    .executeTakeFirst();
  if (!budget) {
    // Only to explain the refusal (or to learn there is no budget): the UPDATE above decided.
    const row = await trx
      .selectFrom('promotion_budgets')
      .selectAll()
      .where('promotion_id', '=', promotionId)
      .executeTakeFirst();
    if (!row) return false;
    const spent = Number(row.spent_amount);
    const budgetAmount = row.budget_amount === null ? null : Number(row.budget_amount);
    if (budgetAmount !== null && spent + amount > budgetAmount)
      throw budgetExhausted(promotionId, 'amount', { budgetAmount, spentAmount: spent, requested: amount });
    throw budgetExhausted(promotionId, 'uses', { maxUses: row.max_uses, uses: Number(row.uses) });
  }
  const limit = budget.per_customer_uses;
  const usage = await trx
    .insertInto('promotion_usage')
    .values({ promotion_id: promotionId, customer_id: customerId, uses: 1, amount })
    .onConflict((oc) => {
      const update = oc.columns(['promotion_id', 'customer_id']).doUpdateSet((eb) => ({
        uses: eb('promotion_usage.uses', '+', 1),
        amount: eb('promotion_usage.amount', '+', amount),
      }));
      // The per-customer guard: a customer at the limit matches no row and gets nothing back.
      return limit === null ? update : update.where('promotion_usage.uses', '<', limit);
    })
    .returning('uses')
    .executeTakeFirst();
  if (!usage) throw promotionLimitReached(promotionId, limit ?? 0);
  return true;
}

export interface ReleaseOptions {
  coupons: boolean;
  /** true: all the allowance the order still holds; a number: that much of it (a refund's share). */
  allowance: boolean | number;
  promotions: boolean;
  now?: Date;
}

export interface ReleaseResult {
  coupons: { couponId: string; amount: number }[];
  allowance: number;
  promotions: { promotionId: string; amount: number }[];
}

type Released = {
  kind: RedemptionKind;
  ref_id: string;
  customer_id: string;
  campaign_id: string | null;
  last_released: number;
};

/**
 * Gives back what an order took, exactly once: each redemption record is claimed by a
 * conditional `UPDATE ... WHERE released_at IS NULL RETURNING`, and only the returned rows
 * are given back, so a second call (or a concurrent one) finds nothing to return.
 *
 * `allowance: n` returns n of the order's allowance (a refund's share); the record stays open
 * until all of it is back, and asking for more than is left throws 409
 * RELEASE_EXCEEDS_REDEEMED. Repeating a partial release is the caller's to prevent (key it by
 * the refund). Must run inside the caller's transaction.
 */
export async function release(
  trx: Kysely<DB>,
  orderId: string,
  options: ReleaseOptions,
): Promise<ReleaseResult> {
  assertTransaction(trx, 'release');
  const now = options.now ?? new Date();
  const result: ReleaseResult = { coupons: [], allowance: 0, promotions: [] };

  const releaseAll = (kind: RedemptionKind) =>
    trx
      .updateTable('promotion_redemptions')
      // SET expressions read the old row: last_released is exactly what had not come back yet.
      .set((eb) => ({
        last_released: eb('amount', '-', eb.ref('released_amount')),
        released_amount: eb.ref('amount'),
        released_at: now,
      }))
      .where('order_id', '=', orderId)
      .where('kind', '=', kind)
      .where('released_at', 'is', null)
      .returning(['kind', 'ref_id', 'customer_id', 'campaign_id', 'last_released'])
      .execute() as Promise<Released[]>;

  if (options.coupons) {
    const rows = (await releaseAll('coupon')).sort((a, b) => (a.ref_id < b.ref_id ? -1 : 1));
    for (const r of rows) {
      await trx
        .updateTable('coupon_wallet')
        .set((eb) => ({ used: eb('used', '-', 1), updated_at: now }))
        .where('customer_id', '=', r.customer_id)
        .where('coupon_id', '=', r.ref_id)
        .where('used', '>', 0)
        .execute();
      await trx
        .updateTable('coupons')
        .set((eb) => ({ redeemed_count: eb('redeemed_count', '-', 1) }))
        .where('id', '=', r.ref_id)
        .where('redeemed_count', '>', 0)
        .execute();
      result.coupons.push({ couponId: r.ref_id, amount: Number(r.last_released) });
    }
  }

  if (options.allowance !== false) {
    let rows: Released[];
    if (options.allowance === true) rows = await releaseAll('allowance');
    else {
      const n = options.allowance;
      assertAmount(n, 'allowance');
      rows =
        n === 0
          ? []
          : ((await trx
              .updateTable('promotion_redemptions')
              .set((eb) => ({
                released_amount: eb('released_amount', '+', n),
                last_released: n,
                released_at: sql<Date | null>`case when released_amount + ${n} = amount then ${now}::timestamptz else null end`,
              }))
              .where('order_id', '=', orderId)
              .where('kind', '=', 'allowance')
              .where('released_at', 'is', null)
              .where((eb) => eb(eb('released_amount', '+', n), '<=', eb.ref('amount')))
              .returning(['kind', 'ref_id', 'customer_id', 'campaign_id', 'last_released'])
              .execute()) as Released[]);
      if (n > 0 && rows.length === 0) {
        const open = await trx
          .selectFrom('promotion_redemptions')
          .select(['amount', 'released_amount'])
          .where('order_id', '=', orderId)
          .where('kind', '=', 'allowance')
          .where('released_at', 'is', null)
          .executeTakeFirst();
        if (open)
          throw releaseExceedsRedeemed(orderId, n, Number(open.amount) - Number(open.released_amount));
      }
    }
    for (const r of rows) {
      const amount = Number(r.last_released);
      if (amount > 0)
        await trx
          .updateTable('allowance_accounts')
          .set((eb) => ({ balance: eb('balance', '+', amount), updated_at: now }))
          .where('customer_id', '=', r.customer_id)
          .where('campaign_id', '=', r.ref_id)
          .execute();
      result.allowance += amount;
    }
  }

  if (options.promotions) {
    const rows = (await releaseAll('promotion')).sort((a, b) => (a.ref_id < b.ref_id ? -1 : 1));
    for (const r of rows) {
      const amount = Number(r.last_released);
      await trx
        .updateTable('promotion_budgets')
        .set((eb) => ({ spent_amount: eb('spent_amount', '-', amount), uses: eb('uses', '-', 1) }))
        .where('promotion_id', '=', r.ref_id)
        .execute();
      await trx
        .updateTable('promotion_usage')
        .set((eb) => ({ uses: eb('uses', '-', 1), amount: eb('amount', '-', amount) }))
        .where('promotion_id', '=', r.ref_id)
        .where('customer_id', '=', r.customer_id)
        .execute();
      result.promotions.push({ promotionId: r.ref_id, amount });
    }
  }
  return result;
}
