import { useCallback } from 'react';
import { type CouponWalletEntry, promotionsApi } from '../api';
import { useAsync } from '../app/useAsync';
import { useSession } from '../auth/session';
import { merchantApi } from '../merchant/api';
import { describePromotion, useText, yuan } from '../merchant/format';

const CAMPAIGN_PRICE = 'campaign_price.';

/** A held coupon in words: 满200减20, 9折 (最多减 ¥30). */
export function describeCoupon(c: CouponWalletEntry['coupon'], zh: boolean): string {
  const p = c.promotion;
  const scope = c.scope === 'platform' ? (zh ? '平台券' : 'Platform coupon') : zh ? '店铺券' : 'Store coupon';
  if (p.type === 'percent_coupon') {
    const cap = p.maxOff ? (zh ? `，最多减 ${yuan(p.maxOff)}` : `, up to ${yuan(p.maxOff)}`) : '';
    return zh ? `${scope} ${100 - (p.percent ?? 0)}折${cap}` : `${scope}: ${p.percent}% off${cap}`;
  }
  return describePromotion({ type: 'coupon', layer: '', threshold: p.threshold, off: p.off }, zh).replace(
    zh ? '券' : 'coupon',
    scope,
  );
}

/**
 * Names for the promotion ids the pricing engine returns: the campaign's promotions (the venue's
 * list), the customer's coupons, and `campaign_price.<sku>` as "活动价".
 */
export function usePromotionNames(campaignId: string | undefined) {
  const { zh, l } = useText();
  const { user } = useSession();
  const promotions = useAsync(
    () => (campaignId ? merchantApi.promotions(campaignId) : Promise.resolve([])),
    [campaignId],
  );
  const coupons = useAsync(
    () => (user?.role === 'consumer' ? promotionsApi.coupons() : Promise.resolve([] as CouponWalletEntry[])),
    [user?.id],
  );
  const name = useCallback(
    (id: string) => {
      if (id.startsWith(CAMPAIGN_PRICE)) return l('活动价', 'Campaign price');
      const p = promotions.data?.find((x) => x.id === id);
      if (p) return describePromotion(p, zh);
      const c = coupons.data?.find((x) => x.coupon.id === id);
      if (c) return describeCoupon(c.coupon, zh);
      return id;
    },
    [promotions.data, coupons.data, zh, l],
  );
  return {
    name,
    coupons: coupons.data ?? [],
    promotions: promotions.data ?? [],
    reloadCoupons: coupons.reload,
  };
}
