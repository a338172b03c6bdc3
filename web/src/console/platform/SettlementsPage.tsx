import { Alert, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { campaignsApi } from '../../api';
import { useI18n } from '../../app/i18n';
import { useAsync } from '../../app/useAsync';
import { type CampaignSettlements, opsApi } from '../ops-api';
import { money } from '../shared';

type Row = CampaignSettlements['items'][number];

/** 平台结算: every store's settlement for one festival, with totals and the tie-out to the ledger. */
export function SettlementsPage() {
  const { t, pick } = useI18n();
  const [params, setParams] = useSearchParams();
  const { data: campaigns } = useAsync(() => campaignsApi.manage(), []);
  const festivals = (campaigns?.items ?? []).filter(
    (c) => c.kind === 'shopping_festival' && ['live', 'ended', 'published'].includes(c.status),
  );
  const campaignId =
    params.get('campaign') ?? festivals.find((c) => c.status === 'live')?.id ?? festivals[0]?.id;
  const settlements = useAsync(
    () => (campaignId ? opsApi.settlements(campaignId) : Promise.resolve(null)),
    [campaignId],
  );
  const { data: stores } = useAsync(() => opsApi.stores().catch(() => []), []);
  const storeName = (id: string) => stores?.find((s) => s.id === id)?.name ?? t('ledger.owner.store');
  const s = settlements.data;

  return (
    <div data-testid="settlements-page">
      <Typography.Title level={3}>{t('settle.title')}</Typography.Title>
      <Space style={{ marginBottom: 12 }}>
        <span>{t('settle.campaign')}</span>
        <Select
          style={{ width: 280 }}
          placeholder={t('settle.pick')}
          value={campaignId}
          onChange={(id) => setParams({ campaign: id }, { replace: true })}
          options={festivals.map((c) => ({ value: c.id, label: pick(c.title) }))}
          data-testid="settle-campaign"
        />
      </Space>
      {s && (
        <Alert
          style={{ marginBottom: 12 }}
          type={s.tiesOut ? 'success' : 'error'}
          showIcon
          title={s.tiesOut ? t('settle.allTie') : t('settle.someMismatch')}
          data-testid="settle-ties-out"
        />
      )}
      <Card size="small">
        <Table<Row>
          rowKey="storeId"
          size="small"
          loading={settlements.loading}
          dataSource={s?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('settle.empty') }}
          scroll={{ x: 900 }}
          columns={[
            {
              key: 'store',
              title: t('settle.col.store'),
              render: (_, r) => (
                <span data-testid="settle-row" data-user-content>
                  {storeName(r.storeId)}
                </span>
              ),
            },
            { key: 'orders', title: t('settle.col.orders'), dataIndex: 'orders', align: 'right' },
            { key: 'gross', title: t('settle.col.gross'), align: 'right', render: (_, r) => money(r.gross) },
            {
              key: 'mf',
              title: t('settle.col.merchantFunded'),
              align: 'right',
              render: (_, r) => money(r.merchantFunded),
            },
            {
              key: 'pf',
              title: t('settle.col.platformFunded'),
              align: 'right',
              render: (_, r) => money(r.platformFunded),
            },
            {
              key: 'refunds',
              title: t('settle.col.refunds'),
              align: 'right',
              render: (_, r) => money(r.refunds.amount),
            },
            {
              key: 'net',
              title: t('settle.col.net'),
              align: 'right',
              render: (_, r) => <strong>{money(r.netPayable)}</strong>,
            },
            {
              key: 'ledger',
              title: t('settle.col.ledger'),
              align: 'right',
              render: (_, r) => money(r.ledger.merchantPayable),
            },
            {
              key: 'tie',
              title: t('settle.col.tie'),
              render: (_, r) =>
                r.tiesOut ? (
                  <Tag color="green">{t('settle.tiesOut')}</Tag>
                ) : (
                  <Tag color="red">{t('settle.mismatch')}</Tag>
                ),
            },
          ]}
          summary={() =>
            s && s.items.length > 0 ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>{t('settle.totals')}</Table.Summary.Cell>
                <Table.Summary.Cell index={1} />
                <Table.Summary.Cell index={2} align="right">
                  {money(s.totals.gross)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  {money(s.totals.merchantFunded)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">
                  {money(s.totals.platformFunded)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={5} align="right">
                  {money(s.totals.refunds)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={6} align="right">
                  <strong data-testid="settle-total-net">{money(s.totals.netPayable)}</strong>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={7} align="right">
                  {money(s.totals.ledgerMerchantPayable)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={8} />
              </Table.Summary.Row>
            ) : null
          }
        />
      </Card>
    </div>
  );
}
