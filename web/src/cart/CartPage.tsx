import { ShoppingCartOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Skeleton, Space, Typography } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { type Cart, campaignsApi, cartApi, isApiError } from '../api';
import { useI18n } from '../app/i18n';
import { useAsync } from '../app/useAsync';
import { useText } from '../merchant/format';
import { RequireRole } from '../orders/RequireRole';
import { shopperError } from '../shopper/errors';
import { CampaignPicker } from './CampaignPicker';
import { CartLines } from './CartLines';
import { CartSummary } from './CartSummary';
import { usePromotionNames } from './promotion-names';
import '../orders/orders.css';

/**
 * 购物车: the server-side cart of one festival, priced as checkout will price it: campaign prices,
 * every applied promotion, the 凑单 hints, the coupons and allowance held. 结算 goes to checkout.
 */
function CartView() {
  const { l } = useText();
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const campaignId = params.get('campaignId') ?? undefined;
  const setCampaign = useCallback(
    (id: string) => setParams({ campaignId: id }, { replace: true }),
    [setParams],
  );
  const cart = useAsync(
    () => (campaignId ? cartApi.get(campaignId) : Promise.resolve(undefined)),
    [campaignId],
  );
  const names = usePromotionNames(campaignId);
  const campaign = useAsync(
    () => (campaignId ? campaignsApi.get(campaignId).catch(() => null) : Promise.resolve(null)),
    [campaignId],
  );
  const status = campaign.data?.status;
  const selling = !status || status === 'live';
  const [busy, setBusy] = useState<string | null>(null);
  const seq = useRef(0);

  const setQuantity = async (skuId: string, quantity: number) => {
    if (!campaignId) return;
    const mine = ++seq.current;
    setBusy(skuId);
    try {
      const next = await cartApi.setItem(campaignId, skuId, quantity);
      // Only the newest answer counts: quick clicks must not be undone by a slow earlier reply.
      if (mine === seq.current) cart.setData(next);
    } catch (e) {
      message.error(isApiError(e) ? shopperError(t, e) : String(e));
      cart.reload();
    } finally {
      if (mine === seq.current) setBusy(null);
    }
  };

  const data: Cart | undefined = cart.data;
  return (
    <div data-testid="cart-page">
      <Space wrap align="center" style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          <ShoppingCartOutlined /> {l('购物车', 'Cart')}
        </Typography.Title>
        <CampaignPicker value={campaignId} onChange={setCampaign} />
      </Space>
      {cart.error ? (
        <Alert
          type="error"
          showIcon
          title={isApiError(cart.error) ? cart.error.message : String(cart.error)}
        />
      ) : !data ? (
        campaignId ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : (
          <Empty description={l('现在没有进行中的购物节', 'No shopping festival is on right now')} />
        )
      ) : (
        <div className="shop-layout">
          <section>
            {!selling && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                data-testid="cart-not-live"
                data-status={status}
                title={
                  status === 'published'
                    ? l(
                        '活动尚未开始，开售后才能结算',
                        'This event has not started: checkout opens when the sale does',
                      )
                    : l(
                        '活动已结束，购物车里的商品不能再按活动价结算',
                        'This event has ended: these items can no longer be bought at campaign prices',
                      )
                }
              />
            )}
            {data.items.length === 0 && data.unavailable.length === 0 && (
              <Card>
                <Empty description={l('购物车是空的', 'Your cart is empty')}>
                  <Link to={`/events/${campaignId}/venue`}>
                    <Button type="primary">{l('去会场逛逛', 'Browse the venue')}</Button>
                  </Link>
                </Empty>
              </Card>
            )}
            <CartLines cart={data} nameOf={names.name} editable busy={busy} onQuantity={setQuantity} />
            {data.unavailable.map((u) => (
              <Alert
                key={u.skuId}
                type="warning"
                showIcon
                style={{ marginBottom: 8 }}
                data-testid="cart-unavailable"
                title={l(
                  `有 ${u.quantity} 件商品已不在会场销售`,
                  `${u.quantity} item(s) no longer on sale here`,
                )}
                action={
                  <Button size="small" onClick={() => setQuantity(u.skuId, 0)}>
                    {l('移除', 'Remove')}
                  </Button>
                }
              />
            ))}
          </section>
          <Card className="shop-summary" title={l('价格明细', 'Price details')}>
            <CartSummary cart={data} nameOf={names.name} coupons={names.coupons}>
              <Button
                block
                type="primary"
                size="large"
                style={{ marginTop: 16 }}
                disabled={!selling || data.items.length === 0 || data.unavailable.length > 0}
                data-testid="cart-checkout"
                onClick={() => navigate(`/checkout?campaignId=${encodeURIComponent(data.campaignId)}`)}
              >
                {l(
                  `结算（${data.items.reduce((s, i) => s + i.quantity, 0)} 件）`,
                  `Check out (${data.items.reduce((s, i) => s + i.quantity, 0)})`,
                )}
              </Button>
            </CartSummary>
          </Card>
        </div>
      )}
    </div>
  );
}

export function CartPage() {
  return (
    <RequireRole allow="consumer">
      <CartView />
    </RequireRole>
  );
}

export default CartPage;
