import { recordAudit } from '../../platform/audit';
import type { Actor } from '../../platform/auth';
import { type IdempotentResult, requestFingerprint, runIdempotent } from '../../platform/http/idempotency';
import { claimIn } from './claims';
import { displayCode, newCode, normalizeCode } from './codes';
import type { CouponAccess } from './coupon-access';
import { codeAlreadyRedeemed, codeNotFound } from './errors';
import type { WalletEntry } from './model';
import type { PromotionsDeps } from './service';

const CODE_BATCH = 1000;

/** Single-use redemption codes for a coupon: generating them in bulk, and redeeming one. */
export function createCouponCodes(
  { db, clock }: Pick<PromotionsDeps, 'db' | 'clock'>,
  { assertIssuer, load }: CouponAccess,
) {
  /**
   * A consumer redeems a single-use code: the code is taken by a conditional UPDATE (only while
   * nobody has), then it becomes a claim under the coupon's usual rules (window, quantity,
   * per-customer limit). A refused claim rolls the code back: it stays unused.
   */
  function redeemCode(
    actor: Actor,
    input: string,
    key: string,
  ): Promise<IdempotentResult<{ wallet: WalletEntry }>> {
    const code = normalizeCode(input);
    return runIdempotent(
      db,
      { scope: `coupon.code:${actor.userId}`, key, fingerprint: requestFingerprint([code]) },
      async (trx) => {
        const now = clock.now();
        const taken = await trx
          .updateTable('coupon_codes')
          .set({ redeemed_by: actor.userId, redeemed_at: now })
          .where('code', '=', code)
          .where('redeemed_by', 'is', null)
          .returning('coupon_id')
          .executeTakeFirst();
        if (!taken) {
          const exists = await trx
            .selectFrom('coupon_codes')
            .select('code')
            .where('code', '=', code)
            .executeTakeFirst();
          throw exists ? codeAlreadyRedeemed(displayCode(code)) : codeNotFound();
        }
        return { status: 201, body: { wallet: await claimIn(trx, actor.userId, taken.coupon_id, now) } };
      },
    );
  }

  /**
   * Bulk single-use codes for a coupon (up to 100k a call), inserted in batches of 1000; a
   * clash with an existing code is skipped by the primary key and drawn again. Codes do not
   * reserve quantity: redeeming one is a claim and can find the coupon sold out.
   */
  async function generateCodes(actor: Actor, couponId: string, count: number, key: string) {
    const coupon = await load(couponId);
    await assertIssuer(actor, coupon.scope, coupon.store_id, coupon.id);
    return runIdempotent(
      db,
      { scope: `coupon.codes:${actor.userId}`, key, fingerprint: requestFingerprint([couponId, count]) },
      async (trx) => {
        const now = clock.now();
        const codes: string[] = [];
        while (codes.length < count) {
          const batch = new Set<string>();
          while (batch.size < Math.min(CODE_BATCH, count - codes.length)) batch.add(newCode());
          const inserted = await trx
            .insertInto('coupon_codes')
            .values([...batch].map((code) => ({ code, coupon_id: couponId, created_at: now })))
            .onConflict((oc) => oc.doNothing())
            .returning('code')
            .execute();
          for (const r of inserted) codes.push(r.code);
        }
        await recordAudit(trx, clock, {
          actor,
          action: 'coupon.generate_codes',
          entityType: 'coupon',
          entityId: couponId,
          after: { count },
        });
        return { status: 201, body: { couponId, count, codes: codes.map(displayCode) } };
      },
    );
  }

  return { redeemCode, generateCodes };
}
