import { Alert, Button, Card, Result, Skeleton, Space, Steps, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { type ApiError, type Cart, cartApi, Intent, isApiError, type Order, ordersApi } from '../api';
import { useI18n } from '../app/i18n';
import { useAsync } from '../app/useAsync';
import { useNarrow } from '../app/useNarrow';
import { type GreenChoiceId, GreenChoices } from '../charity/GreenChoices';
import { useText, yuan } from '../merchant/format';
import { PayPanel } from '../orders/PayPanel';
import { RequireRole } from '../orders/RequireRole';
import { AddressPicker } from '../shopper/AddressPicker';
import { shopperError } from '../shopper/errors';
import { byStore, CartLines } from './CartLines';
import { CartSummary } from './CartSummary';
import { usePromotionNames } from './promotion-names';
import '../orders/orders.css';

/**
 * 结算: confirm the cart as one order split per store (拆单) at the total shown, then pay.
 * The order is placed with an Idempotency-Key made when this page opens, and with the total the
 * customer saw: a changed price (409 PRICE_CHANGED) shows the new total to confirm, a sold-out
 * item (409 SOLD_OUT) is named.
 */
function Checkout() {
  const { l } = useText();
  const { t } = useI18n();
  const narrow = useNarrow();
  const [params] = useSearchParams();
  const campaignId = params.get('campaignId') ?? '';
  const cart = useAsync(() => cartApi.get(campaignId), [campaignId]);
  const names = usePromotionNames(campaignId);
  const intent = useRef(new Intent());
  const [expected, setExpected] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [order, setOrder] = useState<Order | null>(null);
  const [paid, setPaid] = useState<Order | null>(null);
  const [addressId, setAddressId] = useState<string | null>(null);
  const [green, setGreen] = useState<GreenChoiceId[]>([]);

  const data: Cart | undefined = cart.data;
  const total = expected ?? data?.total ?? 0;

  const submit = async () => {
    if (!data || busy || !addressId) return;
    setBusy(true);
    setError(null);
    try {
      setOrder(
        await intent.current.run((key) =>
          ordersApi.checkout(key, campaignId, total, {
            addressId: addressId ?? undefined,
            greenChoices: green,
          }),
        ),
      );
    } catch (e) {
      if (!isApiError(e)) throw e;
      setError(e);
      if (e.code === 'PRICE_CHANGED' || e.code === 'SOLD_OUT') {
        setExpected(null);
        cart.reload();
      }
    } finally {
      setBusy(false);
    }
  };

  const soldOutTitle = () => {
    const sku = error?.details?.sku;
    return data?.items.find((i) => i.skuId === sku)?.title ?? String(sku ?? '');
  };
  const step = paid ? 2 : order ? 1 : 0;

  // The abuse limits (unpaid orders, units held, request rate) in the customer's language.
  const refusal = (e: ApiError) => {
    const d = e.details ?? {};
    if (e.code === 'TOO_MANY_UNPAID_ORDERS')
      return l(
        `你已有 ${d.unpaid} 笔待付款订单（最多 ${d.limit} 笔），请先付款或取消其中一笔`,
        `You have ${d.unpaid} unpaid orders (at most ${d.limit}): pay or cancel one first`,
      );
    if (e.code === 'HOLD_LIMIT_REACHED')
      return l(
        `「${soldOutTitle()}」每人待付款最多 ${d.limit} 件（已有 ${d.held} 件），请减少数量或先付款`,
        `“${soldOutTitle()}”: at most ${d.limit} units may wait for payment (you hold ${d.held}); buy fewer or pay first`,
      );
    if (e.code === 'RATE_LIMITED')
      return l(
        `操作太频繁，请 ${d.retryAfterSeconds} 秒后再试`,
        `Too many requests: try again in ${d.retryAfterSeconds} s`,
      );
    return shopperError(t, e);
  };

  return (
    <div data-testid="checkout-page">
      <Typography.Title level={2}>{l('结算', 'Checkout')}</Typography.Title>
      <Steps
        current={step}
        // Three short steps fit a phone in a row; antd's responsive default stacks them.
        responsive={false}
        size={narrow ? 'small' : 'default'}
        style={{ marginBottom: 20, maxWidth: 640 }}
        items={[
          { title: l('确认订单', 'Confirm') },
          { title: l('支付', 'Pay') },
          { title: l('完成', 'Done') },
        ]}
      />
      {paid ? (
        <Result
          status="success"
          data-testid="checkout-done"
          title={
            paid.status === 'deposit_paid'
              ? l('定金已支付', 'Deposit paid')
              : l('支付成功', 'Payment received')
          }
          subTitle={
            <>
              {l('订单号', 'Order')}{' '}
              <span translate="no" data-testid="checkout-order-id">
                {paid.id}
              </span>
            </>
          }
          extra={
            <Link to={`/orders/${paid.id}`}>
              <Button type="primary" data-testid="checkout-view-order">
                {l('查看订单', 'View order')}
              </Button>
            </Link>
          }
        />
      ) : order ? (
        <Card
          style={{ maxWidth: 560 }}
          title={
            <>
              {l('订单', 'Order')} <span translate="no">{order.id}</span>
            </>
          }
        >
          <Typography.Paragraph type="secondary">
            {l(
              `已拆分为 ${order.subOrders.length} 个店铺订单，合计 ${yuan(order.total)}`,
              `${order.subOrders.length} store order${order.subOrders.length === 1 ? '' : 's'}, ${yuan(order.total)} in all`,
            )}
          </Typography.Paragraph>
          <PayPanel order={order} onPaid={setPaid} />
          <div style={{ marginTop: 12 }}>
            <Link to={`/orders/${order.id}`}>{l('稍后支付', 'Pay later')}</Link>
          </div>
        </Card>
      ) : cart.error ? (
        <Alert
          type="error"
          showIcon
          title={isApiError(cart.error) ? cart.error.message : String(cart.error)}
        />
      ) : !data ? (
        <Skeleton active />
      ) : (
        <div className="shop-layout">
          <section>
            <Typography.Paragraph type="secondary" data-testid="checkout-split">
              {l(
                `按店铺拆分为 ${byStore(data.items).length} 个订单，分别发货`,
                byStore(data.items).length === 1
                  ? 'One store: one order'
                  : `Split into ${byStore(data.items).length} orders, one per store, shipped separately`,
              )}
            </Typography.Paragraph>
            <AddressPicker value={addressId} onChange={setAddressId} />
            <CartLines cart={data} nameOf={names.name} editable={false} />
            <GreenChoices value={green} onChange={setGreen} disabled={busy} />
            <Link to={`/cart?campaignId=${encodeURIComponent(campaignId)}`}>
              {l('返回购物车修改', 'Back to the cart')}
            </Link>
          </section>
          <Card className="shop-summary" title={l('价格明细', 'Price details')}>
            <CartSummary cart={data} nameOf={names.name} coupons={names.coupons}>
              {error?.code === 'PRICE_CHANGED' && (
                <Alert
                  style={{ marginTop: 12 }}
                  type="warning"
                  showIcon
                  data-testid="checkout-price-changed"
                  title={l(
                    `价格有变化：现在合计 ${yuan(Number(error.details?.total ?? data.total))}，请确认后再提交`,
                    `The price changed: the total is now ${yuan(Number(error.details?.total ?? data.total))}. Please confirm.`,
                  )}
                />
              )}
              {error?.code === 'SOLD_OUT' && (
                <Alert
                  style={{ marginTop: 12 }}
                  type="error"
                  showIcon
                  data-testid="checkout-sold-out"
                  title={l(
                    `「${soldOutTitle()}」已售罄，请返回购物车调整`,
                    `“${soldOutTitle()}” is sold out: change your cart`,
                  )}
                />
              )}
              {error && error.code !== 'PRICE_CHANGED' && error.code !== 'SOLD_OUT' && (
                <Alert
                  style={{ marginTop: 12 }}
                  type="error"
                  showIcon
                  title={refusal(error)}
                  data-testid="checkout-error"
                />
              )}
              <Space direction="vertical" style={{ width: '100%', marginTop: 16 }}>
                <Button
                  block
                  type="primary"
                  size="large"
                  loading={busy || cart.loading}
                  disabled={data.items.length === 0 || error?.code === 'SOLD_OUT' || !addressId}
                  onClick={submit}
                  data-testid="checkout-submit"
                >
                  {error?.code === 'PRICE_CHANGED'
                    ? l(`按新价格 ${yuan(total)} 提交订单`, `Place order at ${yuan(total)}`)
                    : l(`提交订单 ${yuan(total)}`, `Place order ${yuan(total)}`)}
                </Button>
              </Space>
            </CartSummary>
          </Card>
        </div>
      )}
    </div>
  );
}

export function CheckoutPage() {
  return (
    <RequireRole allow="consumer">
      <Checkout />
    </RequireRole>
  );
}

export default CheckoutPage;
