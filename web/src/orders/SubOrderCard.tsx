import { Button, Card, Popconfirm, Space, Typography } from 'antd';
import type { Order, OrderLine, Refund, SubOrder } from '../api';
import { dayjs } from '../app/time';
import type { CharityLineBadge } from '../charity/api';
import { CharityBadge } from '../charity/CharityBadge';
import { useText, yuan } from '../merchant/format';
import { AdjustmentList, SubOrderStatusTag } from './labels';
import { refundableOf } from './RefundDialog';

const REFUNDABLE = ['paid', 'shipped', 'delivered', 'completed'];

export interface SubOrderActions {
  onRefund(line: OrderLine): void;
  onClaim(line: OrderLine): void;
  onCancelPaid(sub: SubOrder): void;
  onConfirm(sub: SubOrder): void;
}

/** One store's part of an order (拆单): its status, tracking, lines with their discounts, and what the customer can do. */
export function SubOrderCard({
  order,
  sub,
  refunds,
  nameOf,
  busy,
  actions,
  charity = [],
}: {
  order: Order;
  sub: SubOrder;
  refunds: Refund[];
  nameOf: (id: string) => string;
  busy: string | null;
  actions: SubOrderActions;
  /** The order's charity lines (公益宝贝): the rule snapshot and what was donated. */
  charity?: CharityLineBadge[];
}) {
  const { l } = useText();
  const paidOrder = order.status === 'paid' || order.status === 'completed';
  const refundable = paidOrder && REFUNDABLE.includes(sub.status);
  return (
    <Card
      size="small"
      className="store-card"
      data-testid="sub-order"
      data-sub-order={sub.id}
      data-store={sub.storeId}
      title={
        <>
          <span data-testid="store-name">{sub.storeName ?? sub.storeId}</span>
          <SubOrderStatusTag status={sub.status} />
        </>
      }
      extra={
        <Space>
          {sub.status === 'paid' && paidOrder && (
            <Popconfirm
              title={l('取消这个店铺的订单并全额退款？', 'Cancel this store’s order and get a full refund?')}
              okText={l('确认取消', 'Cancel order')}
              cancelText={l('再想想', 'Keep it')}
              onConfirm={() => actions.onCancelPaid(sub)}
            >
              <Button size="small" loading={busy === sub.id} data-testid="cancel-paid">
                {l('取消订单', 'Cancel')}
              </Button>
            </Popconfirm>
          )}
          {(sub.status === 'shipped' || sub.status === 'delivered') && (
            <Button
              size="small"
              type="primary"
              loading={busy === sub.id}
              onClick={() => actions.onConfirm(sub)}
              data-testid="confirm-receipt"
            >
              {l('确认收货', 'Confirm receipt')}
            </Button>
          )}
        </Space>
      }
    >
      {sub.tracking && (
        <Typography.Paragraph
          type="secondary"
          style={{ fontSize: 12, marginBottom: 4 }}
          data-testid="tracking"
        >
          {l('物流', 'Shipped by')} {sub.tracking.carrier}{' '}
          <span translate="no">{sub.tracking.trackingNumber}</span>
          {sub.shippedAt && ` · ${dayjs(sub.shippedAt).format('MM-DD HH:mm')}`}
        </Typography.Paragraph>
      )}
      {sub.lines.map((line) => {
        const left = refundableOf(line, refunds);
        return (
          <div
            className="shop-line"
            key={line.id}
            data-testid="order-line"
            data-line={line.id}
            data-sku={line.skuId}
          >
            <div className="shop-thumb">{line.title.slice(0, 1)}</div>
            <div style={{ minWidth: 0 }}>
              <div className="shop-title">{line.title}</div>
              {Object.keys(line.attributes).length > 0 && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="line-attributes">
                  {Object.entries(line.attributes)
                    .map(([k, v]) => `${k}: ${v}`)
                    .join('；')}
                </Typography.Text>
              )}
              <div>
                <span className="shop-price num">{yuan(line.unitPrice)}</span>
                {line.listPrice > line.unitPrice && (
                  <span className="shop-list-price num">{yuan(line.listPrice)}</span>
                )}
                <span className="num" style={{ marginInlineStart: 8 }}>
                  ×{line.quantity}
                </span>
              </div>
              <AdjustmentList adjustments={line.adjustments} nameOf={nameOf} />
              {charity
                .filter((c) => c.lineId === line.id)
                .map((c) => (
                  <div key={c.lineId} style={{ marginTop: 4 }} data-testid="order-charity">
                    <CharityBadge rule={c} project={c.project} />{' '}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {c.donated === null
                        ? l('确认收货后捐出', 'Donated when you confirm receipt')
                        : l(`已捐 ${yuan(c.donated)}`, `${yuan(c.donated)} donated`)}
                    </Typography.Text>
                  </div>
                ))}
              {line.refundedAmount > 0 && (
                <Typography.Text
                  type="success"
                  style={{ fontSize: 12, display: 'block' }}
                  data-testid="line-refunded"
                >
                  {l(
                    `已退 ${yuan(line.refundedAmount)}（${line.refundedQuantity} 件）`,
                    `Refunded ${yuan(line.refundedAmount)} (${line.refundedQuantity} unit(s))`,
                  )}
                </Typography.Text>
              )}
            </div>
            <Space direction="vertical" size={4} align="end">
              {refundable && left.amount > 0 && (
                <Button size="small" onClick={() => actions.onRefund(line)} data-testid="refund-line">
                  {l('申请退款', 'Refund')}
                </Button>
              )}
              {line.priceProtection?.eligible && (
                <Button
                  size="small"
                  type="link"
                  loading={busy === line.id}
                  onClick={() => actions.onClaim(line)}
                  data-testid="claim-price-protection"
                >
                  {l(
                    `申请价保 ${yuan(line.priceProtection.amount ?? 0)}`,
                    `Price protection ${yuan(line.priceProtection.amount ?? 0)}`,
                  )}
                </Button>
              )}
              {line.priceProtected > 0 && (
                <Typography.Text type="success" style={{ fontSize: 12 }} data-testid="line-protected">
                  {l(`已价保 ${yuan(line.priceProtected)}`, `Protected ${yuan(line.priceProtected)}`)}
                </Typography.Text>
              )}
            </Space>
            <div className="line-total num">{yuan(line.total)}</div>
          </div>
        );
      })}
    </Card>
  );
}
