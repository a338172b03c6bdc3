import { Tag } from 'antd';
import type { DeliveryStatus } from '../api';
import { type MessageKey, useI18n } from '../app/i18n';

const COLORS: Record<DeliveryStatus, string> = {
  pending: 'blue',
  sending: 'processing',
  succeeded: 'green',
  failed: 'red',
  cancelled: 'default',
};

export function DeliveryStatusTag({ status }: { status: DeliveryStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={COLORS[status]} data-testid={`delivery-status-${status}`}>
      {t(`portal.log.status.${status}` as MessageKey)}
    </Tag>
  );
}
