import { GiftOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import {
  type ClaimableCoupon,
  type CouponWalletEntry,
  couponCentreApi,
  isApiError,
  newIdempotencyKey,
  promotionsApi,
} from '../api';
import { useI18n } from '../app/i18n';
import { useAsync } from '../app/useAsync';
import { useSession } from '../auth/session';
import { useText, yuan } from '../merchant/format';
import { shopperError } from './errors';
import './shopper.css';

/** "满300可用" / "无门槛" and "减¥30" / "9折" of a coupon's promotion. */
function terms(c: ClaimableCoupon, zh: boolean) {
  const p = c.promotion;
  const off =
    p.type === 'percent_coupon'
      ? zh
        ? `${(100 - (p.percent ?? 0)) / 10}折`
        : `${p.percent}% off`
      : `¥${Math.floor((p.off ?? 0) / 100)}`;
  const cond = p.threshold
    ? zh
      ? `满${yuan(p.threshold)}可用`
      : `on ${yuan(p.threshold)} or more`
    : zh
      ? '无门槛'
      : 'no minimum';
  return { off, cond };
}

/**
 * 领券中心 of one campaign: its platform and store coupons open for claiming, with a claim button
 * each (a visitor is sent to sign in and back), and the shopper's 购物津贴 balance. Used on the
 * venue and on the event page.
 */
export function CouponCentre({
  campaignId,
  storeName,
  onClaimed,
}: {
  campaignId: string;
  storeName?: (id: string) => string | undefined;
  onClaimed?: () => void;
}) {
  const { l, zh } = useText();
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useSession();
  const consumer = user?.role === 'consumer';
  const navigate = useNavigate();
  const location = useLocation();
  const coupons = useAsync(() => couponCentreApi.claimable(campaignId), [campaignId]);
  const wallet = useAsync(
    () => (consumer ? promotionsApi.coupons() : Promise.resolve([] as CouponWalletEntry[])),
    [consumer],
  );
  const allowance = useAsync(
    () => (consumer ? promotionsApi.allowance(campaignId) : Promise.resolve([])),
    [consumer, campaignId],
  );
  const [busy, setBusy] = useState<string | null>(null);

  const held = (id: string) => wallet.data?.find((w) => w.coupon.id === id);
  const claim = async (c: ClaimableCoupon) => {
    if (!user) {
      navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
      return;
    }
    setBusy(c.id);
    try {
      await couponCentreApi.claim(newIdempotencyKey(), c.id);
      message.success(l('领取成功，结算时自动使用最优券', 'Claimed: the best coupon is applied at checkout'));
      wallet.reload();
      onClaimed?.();
    } catch (e) {
      if (isApiError(e)) message.error(shopperError(t, e));
      else throw e;
    } finally {
      setBusy(null);
    }
  };

  const items = coupons.data ?? [];
  const balance = allowance.data?.[0]?.balance ?? 0;
  if (coupons.data && items.length === 0 && balance === 0) return null;
  return (
    <Card
      size="small"
      className="coupon-centre"
      data-testid="coupon-centre"
      title={
        <span>
          <GiftOutlined /> {l('领券中心', 'Coupon centre')}
        </span>
      }
      extra={
        consumer && (
          <span data-testid="allowance-balance" data-fen={balance}>
            {l('购物津贴余额', 'Allowance')} <strong>{yuan(balance)}</strong>
          </span>
        )
      }
    >
      {items.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={l('暂无可领的券', 'No coupons to claim now')}
        />
      ) : (
        <div className="coupon-list">
          {items.map((c) => {
            const { off, cond } = terms(c, zh);
            const mine = held(c.id);
            const soldOut = c.claimedCount >= c.totalQuantity;
            const store = c.storeId ? storeName?.(c.storeId) : undefined;
            return (
              <div
                key={c.id}
                className="coupon-ticket"
                data-testid="coupon-ticket"
                data-scope={c.scope}
                data-coupon={c.id}
              >
                <div>
                  <div className="coupon-off">{off}</div>
                  <div className="coupon-cond">{cond}</div>
                  <Tag color={c.scope === 'platform' ? 'red' : 'orange'} style={{ marginTop: 4 }}>
                    {c.scope === 'platform' ? l('平台券', 'Platform') : (store ?? l('店铺券', 'Store'))}
                  </Tag>
                </div>
                {mine ? (
                  <Typography.Text type="secondary" data-testid="coupon-claimed">
                    {l('已领取', 'Claimed')}
                  </Typography.Text>
                ) : (
                  <Button
                    type="primary"
                    size="small"
                    danger
                    disabled={soldOut}
                    loading={busy === c.id}
                    onClick={() => claim(c)}
                    data-testid="coupon-claim"
                  >
                    {soldOut ? l('已抢光', 'All gone') : l('立即领取', 'Claim')}
                  </Button>
                )}
              </div>
            );
          })}
        </div>
      )}
    </Card>
  );
}
