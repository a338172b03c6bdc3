import { Timeline, Typography } from 'antd';
import type { OrderEvent } from '../api';
import { useI18n } from '../app/i18n';
import { dayjs } from '../app/time';
import { useText } from '../merchant/format';

const EXTRA: Record<string, [string, string]> = {
  refund_requested: ['申请退款', 'Refund requested'],
  refund_approved: ['退款成功', 'Refund approved'],
  refund_rejected: ['退款被拒', 'Refund rejected'],
  price_protected: ['价保到账', 'Price protection paid'],
};

/** The order's events, oldest first: who moved what, when, and why. */
export function OrderTimeline({
  events,
  storeOf,
}: {
  events: OrderEvent[];
  storeOf: (subOrderId: string) => string;
}) {
  const { t } = useI18n();
  const { zh, l } = useText();
  const label = (to: string, sub: boolean) =>
    EXTRA[to]?.[zh ? 0 : 1] ?? t(sub ? (`sub.status.${to}` as never) : (`order.status.${to}` as never));
  return (
    <Timeline
      data-testid="order-timeline"
      items={events.map((e, i) => ({
        key: `${e.at}-${i}`,
        color: e.to.startsWith('refund') || e.to === 'price_protected' ? 'green' : 'blue',
        children: (
          <div data-testid="order-event" data-to={e.to}>
            <strong>{label(e.to, e.subOrderId !== null)}</strong>
            {e.subOrderId && <Typography.Text type="secondary"> · {storeOf(e.subOrderId)}</Typography.Text>}
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {dayjs(e.at).format('YYYY-MM-DD HH:mm:ss')}
                {e.actorRole && ` · ${t(`role.${e.actorRole}` as never)}`}
                {!e.actorRole && ` · ${l('系统', 'system')}`}
                {e.reason && ` · ${e.reason}`}
              </Typography.Text>
            </div>
          </div>
        ),
      }))}
    />
  );
}
