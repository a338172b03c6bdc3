import { Alert, App, Button, Checkbox, DatePicker, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Intent, newIdempotencyKey, type WebhookDelivery, webhooksApi } from '../api';
import { type MessageKey, useI18n } from '../app/i18n';
import { useAsync } from '../app/useAsync';
import { DeliveryDrawer } from './DeliveryDrawer';
import { DeliveryStatusTag } from './DeliveryStatusTag';
import { formatTime, portalErrorText } from './portal-ui';
import { RequirePortalRole } from './RequirePortalRole';

/** One endpoint's delivery log, newest first: open a delivery, replay it, or replay a time range. */
export default function DeliveryLogPage() {
  return (
    <RequirePortalRole>
      <DeliveryLog />
    </RequirePortalRole>
  );
}

function DeliveryLog() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { message } = App.useApp();
  const endpoint = useAsync(() => webhooksApi.get(id), [id]);
  const log = useAsync(() => webhooksApi.deliveries(id, { limit: 100 }), [id]);
  const [open, setOpen] = useState<string | null>(null);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [failedOnly, setFailedOnly] = useState(false);
  // One key per replay intent: a retried click of the same range queues it once.
  const rangeIntent = useRef(new Intent());

  const replayOne = async (d: WebhookDelivery) => {
    try {
      await webhooksApi.replay(d.id, newIdempotencyKey());
      message.success(t('portal.log.replay.queued'));
      log.reload();
    } catch (e) {
      message.error(portalErrorText(t, e));
    }
  };

  const replayRange = async () => {
    const [from, to] = range ?? [];
    if (!from || !to) {
      message.warning(t('portal.log.range.required'));
      return;
    }
    try {
      const answer = await rangeIntent.current.run((key) =>
        webhooksApi.replayRange(
          id,
          { from: from.toISOString(), to: to.toISOString(), status: failedOnly ? 'failed' : 'all' },
          key,
        ),
      );
      rangeIntent.current.renew();
      message.success(t('portal.log.range.queued', { n: answer.queued }));
      log.reload();
    } catch (e) {
      message.error(portalErrorText(t, e));
    }
  };

  return (
    <div data-testid="delivery-log">
      <Link to="/developer?tab=webhooks">{t('portal.log.back')}</Link>
      <Typography.Title level={3} style={{ wordBreak: 'break-all' }}>
        {t('portal.log.title', { url: endpoint.data?.url ?? '' })}
      </Typography.Title>
      {endpoint.error !== undefined && <Alert type="error" title={portalErrorText(t, endpoint.error)} />}
      <Space wrap style={{ marginBottom: 16 }}>
        <Button onClick={log.reload} data-testid="log-refresh">
          {t('portal.log.refresh')}
        </Button>
        <Typography.Text strong>{t('portal.log.range')}</Typography.Text>
        <DatePicker.RangePicker showTime value={range} onChange={(v) => setRange(v)} />
        <Checkbox checked={failedOnly} onChange={(e) => setFailedOnly(e.target.checked)}>
          {t('portal.log.range.failedOnly')}
        </Checkbox>
        <Button onClick={replayRange} data-testid="log-range-replay">
          {t('portal.log.range.submit')}
        </Button>
      </Space>
      {log.error !== undefined && <Alert type="error" title={portalErrorText(t, log.error)} />}
      <Table<WebhookDelivery>
        rowKey="id"
        loading={log.loading}
        dataSource={log.data ?? []}
        pagination={{ pageSize: 20 }}
        locale={{ emptyText: t('portal.log.empty') }}
        onRow={(d) => ({ 'data-testid': `delivery-row-${d.kind}` }) as never}
        columns={[
          {
            title: t('portal.log.col.time'),
            dataIndex: 'createdAt',
            render: (at: string) => formatTime(at, true),
          },
          {
            title: t('portal.log.col.event'),
            dataIndex: 'eventType',
            render: (type: string) => <code>{type}</code>,
          },
          {
            title: t('portal.log.col.kind'),
            dataIndex: 'kind',
            render: (kind: string) => t(`portal.log.kind.${kind}` as MessageKey),
          },
          {
            title: t('portal.log.col.status'),
            key: 'status',
            render: (_, d) => (
              <Space direction="vertical" size={0}>
                <DeliveryStatusTag status={d.status} />
                {d.nextAttemptAt && d.status === 'pending' && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('portal.log.nextAttempt', { time: formatTime(d.nextAttemptAt, true) })}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          { title: t('portal.log.col.attempts'), dataIndex: 'attempts', align: 'right' },
          {
            title: t('portal.log.col.code'),
            dataIndex: 'lastStatus',
            render: (code: number | null) => code ?? '—',
          },
          {
            title: t('portal.log.col.actions'),
            key: 'actions',
            render: (_, d) => (
              <Space>
                <Button size="small" onClick={() => setOpen(d.id)} data-testid="delivery-open">
                  {t('portal.log.detail')}
                </Button>
                <Button size="small" onClick={() => replayOne(d)} data-testid="delivery-replay">
                  {t('portal.log.replay')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <DeliveryDrawer deliveryId={open} onClose={() => setOpen(null)} />
    </div>
  );
}
