import { ShoppingCartOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Skeleton, Space, Typography } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { type Cart, cartApi, isApiError } from '../api';
import { useAsync } from '../app/useAsync';
import { useText } from '../merchant/format';
import { RequireRole } from '../orders/RequireRole';
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
      message.error(isApiError(e) ? e.message : String(e));
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
                title={l(`${u.skuId} 已不在会场销售`, `${u.skuId} is no longer on sale here`)}
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
                disabled={data.items.length === 0 || data.unavailable.length > 0}
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
