import { Alert, Modal, Spin, Table, Tag, Typography } from 'antd';
import { type ApiKeyInfo, apiKeysApi, type KeyUsageDay } from '../api';
import { useI18n } from '../app/i18n';
import { useAsync } from '../app/useAsync';
import { formatCount, formatTime, portalErrorText } from './portal-ui';

/** Seven UTC days of one key: requests, 4xx, 5xx, and the busiest routes of each day. */
export function KeyUsageDialog({ apiKey, onClose }: { apiKey: ApiKeyInfo | null; onClose(): void }) {
  const { t, locale } = useI18n();
  const usage = useAsync(
    () => (apiKey ? apiKeysApi.usage(apiKey.id) : Promise.resolve(undefined)),
    [apiKey?.id],
  );
  const n = (v: number) => formatCount(v, locale);
  return (
    <Modal
      open={apiKey !== null}
      title={`${t('portal.usage.title')} · ${apiKey?.name ?? ''}`}
      onCancel={onClose}
      footer={null}
      width={820}
    >
      {usage.loading && <Spin />}
      {usage.error !== undefined && <Alert type="error" title={portalErrorText(t, usage.error)} />}
      {usage.data && (
        <div data-testid="key-usage">
          <Typography.Paragraph>
            {t('portal.usage.totals', {
              requests: n(usage.data.totals.requests),
              client: n(usage.data.totals.clientErrors),
              server: n(usage.data.totals.serverErrors),
            })}
            {' · '}
            {t('portal.keys.col.lastUsed')}: {formatTime(usage.data.lastUsedAt) || t('portal.never')}
            {' · '}
            {t('portal.keys.rate', { n: n(usage.data.ratePerMinute) })}
          </Typography.Paragraph>
          <Table<KeyUsageDay>
            size="small"
            rowKey="date"
            pagination={false}
            dataSource={usage.data.days}
            locale={{ emptyText: t('portal.usage.empty') }}
            columns={[
              { title: t('portal.usage.col.date'), dataIndex: 'date', width: 110 },
              { title: t('portal.usage.col.requests'), dataIndex: 'requests', align: 'right', render: n },
              { title: t('portal.usage.col.4xx'), dataIndex: 'clientErrors', align: 'right', render: n },
              { title: t('portal.usage.col.5xx'), dataIndex: 'serverErrors', align: 'right', render: n },
              {
                title: t('portal.usage.col.routes'),
                dataIndex: 'routes',
                render: (routes: KeyUsageDay['routes']) =>
                  routes.slice(0, 5).map((r) => (
                    <Tag key={r.route}>
                      <code>{r.route}</code> {n(r.requests)}
                    </Tag>
                  )),
              },
            ]}
          />
        </div>
      )}
    </Modal>
  );
}
