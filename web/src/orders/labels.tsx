import { Space, Tag, Typography } from 'antd';
import type { Adjustment, OrderStatus, RefundStatus, SubOrderStatus } from '../api';
import { useI18n } from '../app/i18n';
import { yuan } from '../merchant/format';

const ORDER_COLORS: Record<OrderStatus, string> = {
  created: 'warning',
  deposit_paid: 'processing',
  paid: 'processing',
  closed: 'default',
  completed: 'success',
};
const SUB_COLORS: Record<SubOrderStatus, string> = {
  created: 'warning',
  deposit_paid: 'processing',
  paid: 'processing',
  shipped: 'blue',
  delivered: 'cyan',
  completed: 'success',
  cancelled: 'default',
  closed: 'default',
};
const REFUND_COLORS: Record<RefundStatus, string> = {
  requested: 'processing',
  approved: 'success',
  rejected: 'error',
};

export function OrderStatusTag({ status }: { status: OrderStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={ORDER_COLORS[status]} data-testid="order-status" data-status={status}>
      {t(`order.status.${status}`)}
    </Tag>
  );
}

export function SubOrderStatusTag({ status }: { status: SubOrderStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={SUB_COLORS[status]} data-testid="sub-order-status" data-status={status}>
      {t(`sub.status.${status}`)}
    </Tag>
  );
}

export function RefundStatusTag({ status }: { status: RefundStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={REFUND_COLORS[status]} data-testid="refund-status" data-status={status}>
      {t(`refund.status.${status}`)}
    </Tag>
  );
}

/** A line's discounts, one a row: what it is, how much, and who pays for it. */
export function AdjustmentList({
  adjustments,
  nameOf,
}: {
  adjustments: Adjustment[];
  nameOf: (promotionId: string) => string;
}) {
  const { t } = useI18n();
  if (adjustments.length === 0) return null;
  return (
    <Space direction="vertical" size={0} className="order-adjustments">
      {adjustments.map((a) => (
        <Typography.Text key={a.promotion} type="secondary" style={{ fontSize: 12 }} data-testid="adjustment">
          {nameOf(a.promotion)} −{yuan(a.amount)} ·{' '}
          <span className={`funder funder-${a.fundedBy}`}>{t(`funder.${a.fundedBy}`)}</span>
        </Typography.Text>
      ))}
    </Space>
  );
}
