import type { Transaction } from 'kysely';
import type { Actor } from '../../platform/auth';
import { notFound } from '../../platform/errors';
import { type IdempotentResult, requestFingerprint, runIdempotent } from '../../platform/http/idempotency';
import type { DB } from '../../schema';
import { claimLimitReached, claimWindowClosed, couponPaused, couponSoldOut } from './errors';
import type { WalletEntry } from './model';
import type { PromotionsDeps } from './service';
import { toCoupon } from './store';

/**
 * One claim, inside `trx`. Two conditional writes, both of which must match a row:
 * the customer's wallet row grows only below the per-customer limit, and the coupon's
 * counter only below its total, inside the claim window, while active. Either missing →
 * a typed 409 and the transaction rolls back (so the other write is undone too).
 * Wallet first, then the (hot) coupon row: the same order as `redeem`, so no deadlocks.
 */
export async function claimIn(
  trx: Transaction<DB>,
  customerId: string,
  couponId: string,
  now: Date,
): Promise<WalletEntry> {
  // The limit is set at creation and never changes: reading it is not read-then-write.
  const config = await trx
    .selectFrom('coupons')
    .select(['per_customer_limit'])
    .where('id', '=', couponId)
    .executeTakeFirst();
  if (!config) throw notFound('Coupon', couponId);
  const wallet = await trx
    .insertInto('coupon_wallet')
    .values({
      customer_id: customerId,
      coupon_id: couponId,
      claimed: 1,
      used: 0,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(['customer_id', 'coupon_id'])
        .doUpdateSet((eb) => ({ claimed: eb('coupon_wallet.claimed', '+', 1), updated_at: now }))
        .where('coupon_wallet.claimed', '<', config.per_customer_limit),
    )
    .returning(['claimed', 'used'])
    .executeTakeFirst();
  if (!wallet) throw claimLimitReached(couponId, config.per_customer_limit);
  const coupon = await trx
    .updateTable('coupons')
    .set((eb) => ({ claimed_count: eb('claimed_count', '+', 1), updated_at: now }))
    .where('id', '=', couponId)
    .where('status', '=', 'active')
    .where('claim_starts_at', '<=', now)
    .where('claim_ends_at', '>', now)
    .whereRef('claimed_count', '<', 'total_quantity')
    .returningAll()
    .executeTakeFirst();
  if (!coupon) {
    // Only to say why: the UPDATE above already decided.
    const row = await trx
      .selectFrom('coupons')
      .selectAll()
      .where('id', '=', couponId)
      .executeTakeFirstOrThrow();
    const c = toCoupon(row);
    if (c.status !== 'active') throw couponPaused(couponId);
    if (now < new Date(c.claimStartsAt) || now >= new Date(c.claimEndsAt))
      throw claimWindowClosed(couponId, c.claimStartsAt, c.claimEndsAt);
    throw couponSoldOut(couponId);
  }
  return {
    coupon: toCoupon(coupon),
    claimed: wallet.claimed,
    used: Number(wallet.used),
    available: wallet.claimed - Number(wallet.used),
  };
}

/** Claiming coupons (领券) and the customer's coupon wallet. */
export function createClaims({ db, clock }: Pick<PromotionsDeps, 'db' | 'clock'>) {
  /** A consumer claims a coupon (领券). Idempotent by `key`: a retry returns the first answer. */
  function claim(
    actor: Actor,
    couponId: string,
    key: string,
  ): Promise<IdempotentResult<{ wallet: WalletEntry }>> {
    return runIdempotent(
      db,
      { scope: `coupon.claim:${actor.userId}`, key, fingerprint: requestFingerprint([couponId]) },
      async (trx) => ({
        status: 201,
        body: { wallet: await claimIn(trx, actor.userId, couponId, clock.now()) },
      }),
    );
  }

  async function wallet(customerId: string): Promise<WalletEntry[]> {
    const rows = await db
      .selectFrom('coupon_wallet as w')
      .innerJoin('coupons as c', 'c.id', 'w.coupon_id')
      .selectAll('c')
      .select(['w.claimed as w_claimed', 'w.used as w_used'])
      .where('w.customer_id', '=', customerId)
      .orderBy('c.id')
      .execute();
    return rows.map((r) => {
      const used = Number(r.w_used);
      return { coupon: toCoupon(r), claimed: r.w_claimed, used, available: r.w_claimed - used };
    });
  }

  return { claim, wallet };
}
