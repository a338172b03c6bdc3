import { Timeline, Typography } from 'antd';
import type { OrderEvent } from '../api';
import { useI18n } from '../app/i18n';
import { dayjs } from '../app/time';
import { useText } from '../merchant/format';
import { eventReasonText } from './event-reason';

/** What happened, as an event (the status names say where an order is, not what happened to it). */
const HAPPENED: Record<string, [string, string]> = {
  created: ['提交订单', 'Order placed'],
  deposit_paid: ['支付定金', 'Deposit paid'],
  paid: ['支付成功', 'Paid'],
  shipped: ['商家发货', 'Shipped'],
  delivered: ['已送达', 'Delivered'],
  completed: ['确认收货', 'Completed'],
  cancelled: ['取消订单', 'Cancelled'],
  closed: ['订单关闭', 'Closed'],
  refund_requested: ['申请退款', 'Refund requested'],
  refund_approved: ['退款成功', 'Refund approved'],
  refund_rejected: ['退款被拒', 'Refund rejected'],
  price_protected: ['价保到账', 'Price protection paid'],
};
/** Events the whole order records once; the same step of each store's part is not repeated. */
const ORDER_WIDE = new Set(['created', 'deposit_paid', 'paid']);

/** The order's events, oldest first: what happened, to which store's part, who did it, and why. */
export function OrderTimeline({
  events,
  storeOf,
}: {
  events: OrderEvent[];
  storeOf: (subOrderId: string) => string;
}) {
  const { t } = useI18n();
  const { zh, l } = useText();
  const orderLevel = new Set(events.filter((e) => e.subOrderId === null).map((e) => e.to));
  const shown = events.filter((e) => !(e.subOrderId && ORDER_WIDE.has(e.to) && orderLevel.has(e.to)));
  const reasonOf = (e: OrderEvent) => eventReasonText(e.reason, zh);
  return (
    <Timeline
      data-testid="order-timeline"
      items={shown.map((e, i) => ({
        key: `${e.at}-${i}`,
        color: e.to.startsWith('refund') || e.to === 'price_protected' ? 'green' : 'blue',
        children: (
          <div data-testid="order-event" data-to={e.to}>
            <strong>{HAPPENED[e.to]?.[zh ? 0 : 1] ?? e.to}</strong>
            {e.subOrderId && <Typography.Text type="secondary"> · {storeOf(e.subOrderId)}</Typography.Text>}
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {dayjs(e.at).format('YYYY-MM-DD HH:mm:ss')} ·{' '}
                {e.actorRole ? t(`role.${e.actorRole}` as never) : l('系统', 'system')}
                {reasonOf(e) && ` · ${reasonOf(e)}`}
              </Typography.Text>
            </div>
          </div>
        ),
      }))}
    />
  );
}
