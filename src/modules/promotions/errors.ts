import { AppError, conflict } from '../../platform/errors';

/**
 * The refusals of this module, each a stable code. All are 409: the request was fine, the
 * counters said no. Thrown inside a transaction they roll it back, so nothing is half-written.
 */
export const couponSoldOut = (couponId: string) =>
  conflict('COUPON_SOLD_OUT', 'Every coupon of this issue has been claimed', { couponId });

export const claimLimitReached = (couponId: string, perCustomerLimit: number) =>
  conflict('CLAIM_LIMIT_REACHED', `You may claim this coupon at most ${perCustomerLimit} time(s)`, {
    couponId,
    perCustomerLimit,
  });

export const claimWindowClosed = (couponId: string, claimStartsAt: string, claimEndsAt: string) =>
  conflict('CLAIM_WINDOW_CLOSED', 'This coupon cannot be claimed now', {
    couponId,
    claimStartsAt,
    claimEndsAt,
  });

export const couponPaused = (couponId: string) =>
  conflict('COUPON_PAUSED', 'The issuer has paused this coupon', { couponId });

export const codeAlreadyRedeemed = (code: string) =>
  conflict('CODE_ALREADY_REDEEMED', 'This code has already been used', { code });

export const codeNotFound = () =>
  new AppError('CODE_NOT_FOUND', 'No such coupon code', 404, { field: 'code' });

export const couponNotHeld = (couponId: string) =>
  conflict('COUPON_NOT_HELD', 'The customer holds no unused claim of this coupon', { couponId });

export const allowanceInsufficient = (campaignId: string, requested: number, balance: number) =>
  conflict('ALLOWANCE_INSUFFICIENT', 'The allowance balance does not cover this amount', {
    campaignId,
    requested,
    balance,
  });

export const budgetExhausted = (
  promotionId: string,
  reason: 'amount' | 'uses',
  details: Record<string, unknown>,
) =>
  conflict('BUDGET_EXHAUSTED', `The budget of promotion ${promotionId} is used up`, {
    promotionId,
    reason,
    ...details,
  });

export const promotionLimitReached = (promotionId: string, perCustomerUses: number) =>
  conflict(
    'PROMOTION_LIMIT_REACHED',
    `This customer has used promotion ${promotionId} the allowed ${perCustomerUses} time(s)`,
    {
      promotionId,
      perCustomerUses,
    },
  );

export const orderAlreadyRedeemed = (orderId: string, kind: string, refId: string) =>
  conflict('ORDER_ALREADY_REDEEMED', `Order ${orderId} already redeemed ${kind} ${refId}`, {
    orderId,
    kind,
    refId,
  });

export const releaseExceedsRedeemed = (orderId: string, requested: number, remaining: number) =>
  conflict('RELEASE_EXCEEDS_REDEEMED', 'More allowance asked back than the order still holds', {
    orderId,
    requested,
    remaining,
  });
