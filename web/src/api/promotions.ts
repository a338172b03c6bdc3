import { call, carnival, type Schemas } from './typed';

/**
 * What the customer holds of promotions (server: src/modules/promotions), through the generated
 * client: the coupon wallet and the 购物津贴 balances.
 */

export type Coupon = Schemas['Coupon'];
/** One coupon the customer holds: claimed, used and still available. */
export type CouponWalletEntry = Schemas['CouponWalletEntry'];
export type AllowanceAccount = Schemas['AllowanceAccount'];

export const promotionsApi = {
  /** Your coupons: claimed, used, available. */
  coupons: () => call(carnival.GET('/api/me/coupons')).then((r) => r.items),
  /** Your 购物津贴 balance in one campaign, or in all. */
  allowance: (campaignId?: string) =>
    call(carnival.GET('/api/me/allowance', { params: { query: { campaignId } } })).then((r) => r.items),
};
