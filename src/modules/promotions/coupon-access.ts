import type { Actor } from '../../platform/auth';
import { forbidden, notFound } from '../../platform/errors';
import type { PromotionsDeps } from './service';
import type { CouponRow } from './store';

/** The roles that issue coupons; a merchant only for the stores they work in. */
export const ISSUER_ROLES = ['operator', 'merchant'];

/** Who may manage a coupon, and loading the coupon they mean (404 when there is none). */
export function createCouponAccess({ db, storeIdsOf }: Pick<PromotionsDeps, 'db' | 'storeIdsOf'>) {
  /**
   * `couponId` names an existing coupon being managed: a merchant outside its store (or a
   * platform coupon) gets 404 for it, as if it did not exist, never the owning store's id.
   */
  async function assertIssuer(
    actor: Actor,
    scope: 'platform' | 'store',
    storeId: string | null,
    couponId?: string,
  ) {
    if (!ISSUER_ROLES.includes(actor.role)) throw forbidden('Only operators and merchants issue coupons');
    if (actor.role === 'operator') return;
    if (scope !== 'store' || !storeId) {
      if (couponId) throw notFound('Coupon', couponId);
      throw forbidden('Merchants issue store coupons only', { field: 'scope' });
    }
    if (!(await storeIdsOf(actor.userId)).includes(storeId)) {
      if (couponId) throw notFound('Coupon', couponId);
      throw forbidden('You are not a member of this store', { field: 'storeId' });
    }
  }

  async function load(id: string): Promise<CouponRow> {
    const row = await db.selectFrom('coupons').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Coupon', id);
    return row;
  }

  return { assertIssuer, load };
}

export type CouponAccess = ReturnType<typeof createCouponAccess>;
