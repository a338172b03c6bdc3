import { Select, Space, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { type CampaignStatus, type CampaignSummary, campaignsApi, STATUSES } from '../api';
import { KindTag, StatusTag } from '../app/campaign-ui';
import { useI18n } from '../app/i18n';
import { dayjs, formatRange } from '../app/time';
import { useAsync } from '../app/useAsync';
import { eventCountText } from '../hub/count';

const PUBLIC: CampaignStatus[] = ['published', 'live', 'ended'];

export function CampaignTable({
  status,
  onStatus,
}: {
  status?: CampaignStatus;
  onStatus(s?: CampaignStatus): void;
}) {
  const { t, pick } = useI18n();
  const { data, loading, error } = useAsync(() => campaignsApi.manage(status), [status]);

  return (
    <div className="event-section" data-testid="console-table">
      <Space style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }} wrap>
        <Select<CampaignStatus | 'all'>
          style={{ width: 160 }}
          value={status ?? 'all'}
          data-testid="console-status-filter"
          onChange={(v) => onStatus(v === 'all' ? undefined : v)}
          options={[
            { value: 'all', label: t('console.all') },
            ...STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
          ]}
        />
        {data && <Typography.Text type="secondary">{eventCountText(t, data.total)}</Typography.Text>}
      </Space>
      {error ? <Typography.Text type="danger">{String(error)}</Typography.Text> : null}
      <Table<CampaignSummary>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 760 }}
        columns={[
          {
            key: 'title',
            title: t('console.col.title'),
            width: 200,
            render: (_, c) => (
              <div data-testid="console-row" data-slug={c.slug} data-status={c.status}>
                <Link to={`/console/campaigns/${c.id}`} style={{ fontWeight: 500 }}>
                  {pick(c.title) || c.slug}
                </Link>
                <div style={{ color: '#8c8c8c', fontSize: 12 }} translate="no">
                  /{c.slug}
                </div>
              </div>
            ),
          },
          {
            key: 'kind',
            title: t('console.col.kind'),
            width: 110,
            render: (_, c) => <KindTag kind={c.kind} />,
          },
          {
            key: 'status',
            title: t('console.col.status'),
            width: 90,
            render: (_, c) => <StatusTag status={c.status} />,
          },
          {
            key: 'dates',
            title: t('console.col.dates'),
            width: 170,
            render: (_, c) => (
              <span style={{ fontSize: 13 }}>{formatRange(c.startsAt, c.endsAt, c.timezone, false)}</span>
            ),
          },
          {
            key: 'updated',
            title: t('console.col.updated'),
            width: 100,
            render: (_, c) => (
              <span style={{ fontSize: 13 }}>{dayjs(c.updatedAt).format('MM-DD HH:mm')}</span>
            ),
          },
          {
            key: 'actions',
            title: t('console.col.actions'),
            width: 96,
            render: (_, c) => (
              <Space size={12}>
                <Link to={`/console/campaigns/${c.id}`}>{t('console.edit')}</Link>
                {c.kind === 'shopping_festival' && (
                  <Link to={`/console/campaigns/${c.id}/setup`} data-testid="console-setup">
                    {t('console.setup')}
                  </Link>
                )}
                {PUBLIC.includes(c.status) && <Link to={`/events/${c.slug}`}>{t('console.view')}</Link>}
                {PUBLIC.includes(c.status) && <Link to={`/screen/${c.id}`}>{t('screen.title')}</Link>}
                {(c.status === 'live' || c.status === 'ended') && (
                  <Link to={`/console/campaigns/${c.id}/report`}>{t('nav.report')}</Link>
                )}
              </Space>
            ),
          },
        ]}
      />
    </div>
  );
}
