import { App, Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { dayjs } from '../../app/time';
import { useAsync } from '../../app/useAsync';
import { RequireRole } from '../../orders/RequireRole';
import { merchantApi } from '../api';
import { StoreSelect } from '../StoreSelect';
import { merchantTraceApi, type TraceCodeItem } from './api';
import { AppendEventDialog, RegisterCodeDialog } from './TraceDialogs';
import { TraceQrDialog } from './TraceQr';

type Editing = { kind: 'register' } | { kind: 'event'; code: string } | { kind: 'qr'; code: string };

/**
 * 商品溯源: the store's serials and lots; register one, append a provenance event (an entry of
 * the public provenance log), print its QR code, open its public trace page (docs/traceability.md).
 */
function Trace() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const storeId = params.get('store') ?? undefined;
  const stores = useAsync(() => merchantApi.stores(), []);
  const codes = useAsync(() => (storeId ? merchantTraceApi.codes(storeId) : Promise.resolve([])), [storeId]);
  const [editing, setEditing] = useState<Editing | null>(null);
  const onStore = useCallback(
    (v: string | undefined) => setParams(v ? { store: v } : {}, { replace: true }),
    [setParams],
  );
  const items = codes.data ?? [];
  const done = (text: string, next: Editing | null = null) => {
    message.success(text);
    setEditing(next);
    codes.reload();
  };
  const when = (iso: string | null) =>
    iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : t('merchant.trace.none');

  return (
    <div data-testid="merchant-trace-page">
      <Typography.Title level={3}>{t('merchant.trace.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('merchant.trace.subtitle')}</Typography.Paragraph>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <StoreSelect stores={stores.data ?? []} value={storeId} onChange={onStore} required />
          <Button
            type="primary"
            data-testid="trace-register"
            disabled={!storeId}
            onClick={() => setEditing({ kind: 'register' })}
          >
            {t('merchant.trace.register')}
          </Button>
          <Typography.Text type="secondary">{t('merchant.trace.count', { n: items.length })}</Typography.Text>
        </Space>
        <Table<TraceCodeItem>
          rowKey="code"
          loading={codes.loading}
          dataSource={items}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('merchant.trace.empty')} /> }}
          scroll={{ x: 1100 }}
          columns={[
            {
              key: 'code',
              title: t('merchant.trace.col.code'),
              width: 170,
              render: (_, c) => (
                <span data-testid="trace-code-row" data-code={c.code} style={{ whiteSpace: 'nowrap' }}>
                  <Typography.Text code>{c.code}</Typography.Text>
                </span>
              ),
            },
            {
              key: 'kind',
              title: t('merchant.trace.col.kind'),
              width: 110,
              render: (_, c) => (
                <Tag color={c.kind === 'lot' ? 'gold' : 'blue'}>{t(`trace.kind.${c.kind}`)}</Tag>
              ),
            },
            { key: 'product', title: t('merchant.trace.col.product'), dataIndex: 'productName' },
            { key: 'origin', title: t('merchant.trace.col.origin'), dataIndex: 'origin' },
            {
              key: 'lot',
              title: t('merchant.trace.col.lot'),
              width: 130,
              render: (_, c) => c.lotCode ?? t('merchant.trace.none'),
            },
            {
              key: 'events',
              title: t('merchant.trace.col.events'),
              width: 80,
              render: (_, c) => (
                <span data-testid={`trace-events-${c.code}`}>
                  {t('merchant.trace.events', { n: c.eventCount })}
                </span>
              ),
            },
            {
              key: 'last',
              title: t('merchant.trace.col.lastEvent'),
              width: 150,
              render: (_, c) => when(c.lastEventAt),
            },
            {
              key: 'a',
              title: t('merchant.col.actions'),
              width: 260,
              render: (_, c) => (
                <Space size="small" wrap>
                  <Button
                    size="small"
                    data-testid={`trace-add-event-${c.code}`}
                    onClick={() => setEditing({ kind: 'event', code: c.code })}
                  >
                    {t('merchant.trace.addEvent')}
                  </Button>
                  <Button
                    size="small"
                    data-testid={`trace-qr-${c.code}`}
                    onClick={() => setEditing({ kind: 'qr', code: c.code })}
                  >
                    {t('merchant.trace.qr')}
                  </Button>
                  <a
                    href={`/trace/${encodeURIComponent(c.code)}`}
                    target="_blank"
                    rel="noreferrer"
                    data-testid={`trace-open-${c.code}`}
                  >
                    {t('merchant.trace.open')}
                  </a>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {storeId && editing?.kind === 'register' && (
        <RegisterCodeDialog
          storeId={storeId}
          lots={items.filter((c) => c.kind === 'lot')}
          onClose={() => setEditing(null)}
          onDone={() => done(t('merchant.trace.registered'))}
        />
      )}
      {editing?.kind === 'event' && (
        <AppendEventDialog
          key={`${editing.code}-${items.find((c) => c.code === editing.code)?.eventCount ?? 0}`}
          code={editing.code}
          onClose={() => setEditing(null)}
          onDone={() => done(t('merchant.trace.eventAdded'))}
        />
      )}
      {editing?.kind === 'qr' && <TraceQrDialog code={editing.code} onClose={() => setEditing(null)} />}
    </div>
  );
}

export function MerchantTracePage() {
  return (
    <RequireRole allow="merchant">
      <Trace />
    </RequireRole>
  );
}

export default MerchantTracePage;
