import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Modal, Popconfirm, Skeleton, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  addressLine,
  Intent,
  isApiError,
  maskPhone,
  type Order,
  type OrderLine,
  ordersApi,
  type SubOrder,
} from '../api';
import { useI18n } from '../app/i18n';
import { NotFound } from '../app/NotFound';
import { dayjs } from '../app/time';
import { useAsync } from '../app/useAsync';
import { errorText } from '../app/useServerErrors';
import { usePromotionNames } from '../cart/promotion-names';
import { charityApi } from '../charity/api';
import { useText, yuan } from '../merchant/format';
import { OrderStatusTag } from './labels';
import { OrderTimeline } from './OrderTimeline';
import { PayPanel } from './PayPanel';
import { RefundDialog } from './RefundDialog';
import { RefundList } from './RefundList';
import { RequireRole } from './RequireRole';
import { SubOrderCard } from './SubOrderCard';
import './orders.css';

/**
 * One order: status, money, the sub-orders per store with each line's discounts (and who funds
 * them), refunds, and the timeline. Pay, cancel, confirm receipt, refund a line, cancel a paid
 * sub-order before it ships, claim 价保. Each money-moving action has its own Idempotency-Key.
 */
function OrderDetail() {
  const { id = '' } = useParams();
  const { l } = useText();
  const { t } = useI18n();
  const { message } = App.useApp();
  const order = useAsync(() => ordersApi.get(id), [id]);
  // The charity lines follow the order's status (a donation is booked on completion).
  const charity = useAsync(
    () => charityApi.orderLines(id).catch(() => []),
    [id, order.data?.status, order.data?.subOrders.map((s) => s.status).join()],
  );
  const refunds = useAsync(() => ordersApi.refunds(id), [id]);
  const campaignId = order.data?.campaignId;
  const names = usePromotionNames(campaignId);
  const [paying, setPaying] = useState(false);
  const [refunding, setRefunding] = useState<OrderLine | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const intents = useRef(new Map<string, Intent>());
  const intentFor = (what: string) => {
    const intent = intents.current.get(what) ?? new Intent();
    intents.current.set(what, intent);
    return intent;
  };

  if (order.error) {
    if (isApiError(order.error) && order.error.status === 404)
      return <NotFound title={l('订单不存在', 'No such order')} />;
    return <Alert type="error" showIcon title={String(order.error)} />;
  }
  const o: Order | undefined = order.data;
  if (!o) return <Skeleton active paragraph={{ rows: 8 }} />;

  const storeOfSub = (subId: string) => {
    const sub = o.subOrders.find((s) => s.id === subId);
    return sub?.storeName ?? sub?.storeId ?? subId;
  };
  // The 价保 window, as the server computed it for the lines (the same for every line of an order).
  const offers = o.subOrders.flatMap((s) => s.lines).map((line) => line.priceProtection);
  const ppUntil = offers.find((p) => p?.until && p.reason !== 'WINDOW_OVER')?.until ?? null;
  const payments = o.payments ?? [];
  const refresh = () => {
    order.reload();
    refunds.reload();
  };

  // One toast per action, said here (issue 9 item 7): the action returns nothing to say, or its
  // own words for the toast (a 价保 claim names its amount), and a refusal is the catalogue's words.
  const act = async <T,>(key: string, run: () => Promise<T>, done: string | ((result: T) => string)) => {
    setBusy(key);
    try {
      const result = await run();
      message.success(typeof done === 'string' ? done : done(result));
      refresh();
    } catch (e) {
      message.error(errorText(t, e));
    } finally {
      setBusy(null);
    }
  };

  const actions = {
    onRefund: setRefunding,
    onClaim: (line: OrderLine) =>
      act(
        line.id,
        () => intentFor(`pp:${line.id}`).run((key) => ordersApi.claimPriceProtection(key, o.id, line.id)),
        (claim) =>
          l(
            `价保申请成功，${yuan(claim.amount)} 已退回钱包`,
            `Price protection paid: ${yuan(claim.amount)} back to your wallet`,
          ),
      ),
    onCancelPaid: (sub: SubOrder) =>
      act(
        sub.id,
        () => intentFor(`cancel:${sub.id}`).run((key) => ordersApi.cancelPaid(key, sub.id, '不想要了')),
        l('已取消，退款已原路退回', 'Cancelled; the money is on its way back'),
      ),
    onConfirm: (sub: SubOrder) =>
      act(sub.id, () => ordersApi.confirm(sub.id), l('已确认收货', 'Receipt confirmed')),
  };

  return (
    <div data-testid="order-page" data-order={o.id}>
      <div style={{ marginBottom: 12 }}>
        <Link to="/orders" style={{ color: '#595959' }}>
          <ArrowLeftOutlined /> {l('我的订单', 'My orders')}
        </Link>
      </div>
      <Space align="center" wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {l('订单详情', 'Order details')}
        </Typography.Title>
        <OrderStatusTag status={o.status} />
        <Typography.Text type="secondary" copyable translate="no">
          {o.id}
        </Typography.Text>
      </Space>
      <div className="shop-layout">
        <section>
          {o.subOrders.map((s) => (
            <SubOrderCard
              key={s.id}
              order={o}
              sub={s}
              refunds={refunds.data ?? []}
              nameOf={names.name}
              busy={busy}
              actions={actions}
              charity={charity.data}
            />
          ))}
          {(refunds.data?.length ?? 0) > 0 && (
            <Card size="small" title={l('退款', 'Refunds')} style={{ marginBottom: 12 }}>
              <RefundList order={o} refunds={refunds.data ?? []} />
            </Card>
          )}
          <Card size="small" title={l('订单动态', 'Timeline')}>
            <OrderTimeline events={o.events ?? []} storeOf={storeOfSub} />
          </Card>
        </section>
        <Card className="shop-summary" title={l('金额', 'Amounts')}>
          <div className="money-row">
            <span>{l('商品原价', 'List total')}</span>
            <span className="num">{yuan(o.subtotal)}</span>
          </div>
          <div className="money-row discount">
            <span>{l('优惠合计', 'Discounts')}</span>
            <span className="num">−{yuan(o.discount)}</span>
          </div>
          <div className="money-row" style={{ fontSize: 12, color: '#8c8c8c' }}>
            <span>{l('其中 商家出资 / 平台出资', 'store-funded / platform-funded')}</span>
            <span className="num">
              {yuan(o.merchantFunded)} / {yuan(o.platformFunded)}
            </span>
          </div>
          {o.allowanceUsed > 0 && (
            <div className="money-row" style={{ fontSize: 12, color: '#8c8c8c' }}>
              <span>{l('使用购物津贴', 'Allowance used')}</span>
              <span className="num">{yuan(o.allowanceUsed)}</span>
            </div>
          )}
          <div className="money-total">
            <span>{l('订单金额', 'Order total')}</span>
            <span className="shop-price num" data-testid="order-total">
              {yuan(o.total)}
            </span>
          </div>
          <div className="money-row">
            <span>{l('已付', 'Paid')}</span>
            <span className="num" data-testid="order-paid">
              {yuan(o.amountPaid)}
            </span>
          </div>
          <Descriptions column={1} size="small" style={{ marginTop: 12 }}>
            <Descriptions.Item label={l('下单时间', 'Placed at')}>
              {dayjs(o.createdAt).format('YYYY-MM-DD HH:mm')}
            </Descriptions.Item>
            {o.paidAt && (
              <Descriptions.Item label={l('付款时间', 'Paid at')}>
                {dayjs(o.paidAt).format('YYYY-MM-DD HH:mm')}
              </Descriptions.Item>
            )}
            {o.presale && (
              <Descriptions.Item label={l('定金 / 尾款', 'Deposit / balance')}>
                {yuan(o.presale.depositTotal)} / {yuan(o.presale.balanceTotal)}
              </Descriptions.Item>
            )}
            {o.presale?.balanceDueFrom && o.presale.balanceDueUntil && (
              <Descriptions.Item label={l('尾款时间', 'Balance window')}>
                {dayjs(o.presale.balanceDueFrom).format('MM-DD HH:mm')} –{' '}
                {dayjs(o.presale.balanceDueUntil).format('MM-DD HH:mm')}
              </Descriptions.Item>
            )}
            {o.shippingAddress && (
              <Descriptions.Item label={l('收货地址', 'Ship to')}>
                <span data-testid="order-address">
                  {o.shippingAddress.name} {maskPhone(o.shippingAddress.phone)} ·{' '}
                  {addressLine(o.shippingAddress)}
                </span>
              </Descriptions.Item>
            )}
            {o.closeReason && (
              <Descriptions.Item label={l('关闭原因', 'Closed')}>{o.closeReason}</Descriptions.Item>
            )}
            {ppUntil && (
              <Descriptions.Item label={l('价保', 'Price protection')}>
                {l(
                  `${dayjs(ppUntil).format('MM-DD HH:mm')} 前降价可申请`,
                  `Claim a drop until ${dayjs(ppUntil).format('MM-DD HH:mm')}`,
                )}
              </Descriptions.Item>
            )}
            {payments.length > 0 && (
              <Descriptions.Item label={l('支付记录', 'Payments')}>
                <div data-testid="order-payments">
                  {payments.map((p) => (
                    <div key={p.id} data-testid="order-payment" className="num">
                      {dayjs(p.createdAt).format('MM-DD HH:mm')}{' '}
                      {p.kind === 'deposit'
                        ? l('定金', 'Deposit')
                        : p.kind === 'balance'
                          ? l('尾款', 'Balance')
                          : l('全款', 'Full')}{' '}
                      {yuan(p.amount)} · {p.provider === 'wallet' ? l('钱包', 'wallet') : p.provider}
                      {p.status === 'failed' && (
                        <Typography.Text type="danger"> {l('失败', 'failed')}</Typography.Text>
                      )}
                    </div>
                  ))}
                </div>
              </Descriptions.Item>
            )}
          </Descriptions>
          <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
            {o.amountDue > 0 && (o.status === 'created' || o.status === 'deposit_paid') && (
              <Button
                block
                type="primary"
                size="large"
                onClick={() => setPaying(true)}
                data-testid="order-pay"
              >
                {l(`去支付 ${yuan(o.amountDue)}`, `Pay ${yuan(o.amountDue)}`)}
              </Button>
            )}
            {o.status === 'created' && (
              <Popconfirm
                title={l(
                  '取消订单？库存和优惠券会退回',
                  'Cancel the order? Stock and coupons are given back',
                )}
                onConfirm={() =>
                  act(
                    o.id,
                    () => intentFor(`cancel-order:${o.id}`).run((key) => ordersApi.cancel(key, o.id)),
                    l('订单已取消', 'Order cancelled'),
                  )
                }
              >
                <Button block loading={busy === o.id} data-testid="order-cancel">
                  {l('取消订单', 'Cancel order')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        </Card>
      </div>
      {paying && (
        <Modal
          open
          title={l('支付订单', 'Pay')}
          footer={null}
          onCancel={() => setPaying(false)}
          destroyOnHidden
        >
          <PayPanel
            order={o}
            onPaid={(next) => {
              setPaying(false);
              order.setData(next);
              refresh();
            }}
          />
        </Modal>
      )}
      {refunding && (
        <RefundDialog
          orderId={o.id}
          line={refunding}
          refunds={refunds.data ?? []}
          onClose={() => setRefunding(null)}
          onDone={() => {
            setRefunding(null);
            refresh();
          }}
        />
      )}
    </div>
  );
}

export function OrderDetailPage() {
  return (
    <RequireRole allow="consumer">
      <OrderDetail />
    </RequireRole>
  );
}

export default OrderDetailPage;
