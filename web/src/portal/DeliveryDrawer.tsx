import { Alert, Descriptions, Drawer, Empty, Spin, Tag, Typography } from 'antd';
import { webhooksApi } from '../api';
import { useI18n } from '../app/i18n';
import { useAsync } from '../app/useAsync';
import { DeliveryStatusTag } from './DeliveryStatusTag';
import { formatTime, portalErrorText } from './portal-ui';

const pre = {
  maxHeight: 240,
  overflow: 'auto',
  whiteSpace: 'pre-wrap',
  wordBreak: 'break-all',
  background: '#f6f6f6',
  padding: 8,
  fontSize: 12,
} as const;

/** One delivery and each attempt: request headers and body, response status and body (as the server truncated them), latency. */
export function DeliveryDrawer({ deliveryId, onClose }: { deliveryId: string | null; onClose(): void }) {
  const { t } = useI18n();
  const detail = useAsync(
    () => (deliveryId ? webhooksApi.delivery(deliveryId) : Promise.resolve(undefined)),
    [deliveryId],
  );
  return (
    <Drawer open={deliveryId !== null} onClose={onClose} title={t('portal.drawer.title')} size="large">
      {detail.loading && <Spin />}
      {detail.error !== undefined && <Alert type="error" title={portalErrorText(t, detail.error)} />}
      {detail.data && (
        <div data-testid="delivery-drawer">
          <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('portal.log.col.event')}>
              <code>{detail.data.delivery.eventType}</code>{' '}
              <Typography.Text copyable>{detail.data.delivery.messageId}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('portal.log.col.status')}>
              <DeliveryStatusTag status={detail.data.delivery.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('portal.log.col.time')}>
              {formatTime(detail.data.delivery.createdAt, true)}
            </Descriptions.Item>
          </Descriptions>
          {detail.data.attempts.length === 0 && <Empty description={t('portal.drawer.noAttempts')} />}
          {detail.data.attempts.map((a) => (
            <section key={a.attempt} style={{ marginBottom: 24 }}>
              <Typography.Title level={5}>
                {t('portal.drawer.attempt', { n: a.attempt, time: formatTime(a.at, true) })}{' '}
                <Tag color={a.responseStatus && a.responseStatus < 300 ? 'green' : 'red'}>
                  {a.responseStatus ?? t('portal.drawer.noResponse')}
                </Tag>
                <Typography.Text type="secondary">
                  {t('portal.drawer.latency', { ms: a.latencyMs })}
                </Typography.Text>
              </Typography.Title>
              {a.error && (
                <Typography.Paragraph type="danger">
                  {t('portal.drawer.error')}: <code>{a.error}</code>
                </Typography.Paragraph>
              )}
              <Typography.Text strong>{t('portal.drawer.request')}</Typography.Text>
              <pre style={pre}>
                {Object.entries(a.requestHeaders)
                  .map(([k, v]) => `${k}: ${v}`)
                  .join('\n')}
                {'\n\n'}
                {a.requestBody}
              </pre>
              <Typography.Text strong>{t('portal.drawer.response')}</Typography.Text>
              <pre style={pre}>{a.responseBody || t('portal.drawer.noBody')}</pre>
            </section>
          ))}
        </div>
      )}
    </Drawer>
  );
}
