import { Divider, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { Cart, CouponWalletEntry } from '../api';
import { useI18n } from '../app/i18n';
import { useText, yuan } from '../merchant/format';
import { describeCoupon } from './promotion-names';
import { discountLines } from './quote-lines';

/**
 * The priced cart: list total, each applied promotion with its amount (campaign prices summed
 * in one row), the total, the deposit of a pre-sale cart, the 凑单 hints, and what the
 * customer holds (coupons, allowance).
 */
export function CartSummary({
  cart,
  nameOf,
  coupons,
  children,
}: {
  cart: Cart;
  nameOf: (id: string) => string;
  coupons: CouponWalletEntry[];
  children?: ReactNode;
}) {
  const { locale, t } = useI18n();
  const { l, zh } = useText();
  const { campaignPrices, others } = discountLines(cart.applied);
  // The engine picks, per layer, the coupons that save the most; the ones it applied are the best.
  const heldIds = new Set(cart.coupons);
  const best = others.filter((a) => heldIds.has(a.promotion));
  const held = coupons.filter(
    (c) => c.available > 0 && (c.coupon.campaignId === null || c.coupon.campaignId === cart.campaignId),
  );
  const shortBy = (id: string) => {
    const n = cart.notApplied.find((x) => x.promotion === id);
    return n && typeof n.shortBy === 'number' ? n.shortBy : null;
  };
  return (
    <div data-testid="cart-summary">
      <div className="money-row">
        <span>{t('money.subtotal')}</span>
        <span className="num" data-testid="cart-subtotal">
          {yuan(cart.subtotal)}
        </span>
      </div>
      {campaignPrices > 0 && (
        <div className="money-row discount">
          <span>{l('活动价立减', 'Campaign prices')}</span>
          <span className="num">−{yuan(campaignPrices)}</span>
        </div>
      )}
      {others.map((a) => (
        <div className="money-row discount" key={a.promotion} data-testid="cart-applied">
          <span>{nameOf(a.promotion)}</span>
          <span className="num">−{yuan(a.amount)}</span>
        </div>
      ))}
      <div className="money-total">
        <span>{l('合计', 'Total')}</span>
        <span className="shop-price num" data-testid="cart-total">
          {yuan(cart.total)}
        </span>
      </div>
      {cart.depositTotal !== null && (
        <div className="money-row" data-testid="cart-deposit">
          <span>{l('今日付定金', 'Deposit due now')}</span>
          <span className="num">{yuan(cart.depositTotal)}</span>
        </div>
      )}
      {cart.near.map((h) => (
        <div className="shop-hint" key={h.promotion} data-testid="cart-hint">
          {h.message[locale]}
          {zh ? `（${nameOf(h.promotion)}）` : ` (${nameOf(h.promotion)})`}
        </div>
      ))}
      {(held.length > 0 || cart.allowanceBalance > 0) && <Divider style={{ margin: '12px 0 8px' }} />}
      {best.length > 0 && (
        <div className="money-row" data-testid="cart-best-coupon">
          <Tag color="red">{l('已选最优券', 'Best coupon applied')}</Tag>
          <span>
            {best.map((a) => nameOf(a.promotion)).join(zh ? '、' : ', ')}{' '}
            <span className="num">−{yuan(best.reduce((s, a) => s + a.amount, 0))}</span>
          </span>
        </div>
      )}
      {held.length > 0 && (
        <div data-testid="cart-coupons">
          <Typography.Text type="secondary">{l('已领优惠券', 'Your coupons')}</Typography.Text>
          <div style={{ marginTop: 4 }}>
            {held.map((c) => (
              <Tag
                key={c.coupon.id}
                color={best.some((a) => a.promotion === c.coupon.id) ? 'orange' : undefined}
                data-testid="cart-coupon"
              >
                {describeCoupon(c.coupon, zh)} ×{c.available}
                {shortBy(c.coupon.id) !== null &&
                  l(`（还差 ${yuan(shortBy(c.coupon.id)!)}）`, ` (${yuan(shortBy(c.coupon.id)!)} short)`)}
              </Tag>
            ))}
          </div>
        </div>
      )}
      {cart.allowanceBalance > 0 && (
        <div className="money-row" data-testid="cart-allowance">
          <Typography.Text type="secondary">{l('购物津贴余额', 'Shopping allowance')}</Typography.Text>
          <span className="num">{yuan(cart.allowanceBalance)}</span>
        </div>
      )}
      {children}
    </div>
  );
}
