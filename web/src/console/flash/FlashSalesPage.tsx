import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { type CampaignSummary, campaignsApi, type FlashSlot, flashApi } from '../../api';
import { useI18n } from '../../app/i18n';
import { formatRange } from '../../app/time';
import { useAsync } from '../../app/useAsync';
import { takenPercent, zoneName } from '../../flash/countdown';
import { refusalText } from '../../flash/refusals';
import { STATUS_COLORS } from '../../flash/slot-status';
import { usePollWhileVisible } from '../../flash/usePollWhileVisible';
import { yuan } from '../../merchant/format';
import { FlashSlotForm } from './FlashSlotForm';
import { PauseDialog } from './PauseDialog';
import './flash-console.css';

const SELLING = ['published', 'live'];

/** 秒杀场次: one campaign's slots with status and live stock; create, pause/resume, open the live view. */
export function FlashSalesPage() {
  const { t, pick, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const campaigns = useAsync(() => campaignsOfConsole(), []);
  const chosen = params.get('campaignId') ?? undefined;
  const campaign: CampaignSummary | undefined = useMemo(() => {
    const all = campaigns.data ?? [];
    return all.find((c) => c.id === chosen) ?? (chosen ? undefined : all[0]);
  }, [campaigns.data, chosen]);
  const [slots, setSlots] = useState<FlashSlot[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const [pausing, setPausing] = useState<{ slot: FlashSlot; action: 'pause' | 'resume' } | null>(null);

  const load = useCallback(async () => {
    if (!campaign) return;
    try {
      const list = await flashApi.console(campaign.id);
      setSlots(list.filter((s) => s.campaignId === campaign.id));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [campaign]);
  // Remaining stock moves during a sale: the list refreshes every 3 s while the page is visible.
  usePollWhileVisible(load, 3000, campaign !== undefined);

  const tz = campaign?.timezone ?? 'Asia/Shanghai';
  return (
    <div data-testid="flash-console">
      <div className="flash-console-head">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('flash.console.title')}
        </Typography.Title>
        <Space wrap>
          <Select
            style={{ minWidth: 260 }}
            loading={campaigns.loading}
            placeholder={t('flash.console.pickCampaign')}
            value={campaign?.id}
            data-testid="flash-console-campaign"
            onChange={(id) => {
              setSlots(null);
              setParams({ campaignId: id }, { replace: true });
            }}
            options={(campaigns.data ?? []).map((c) => ({ value: c.id, label: pick(c.title) || c.slug }))}
          />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            disabled={!campaign}
            onClick={() => setCreating(true)}
            data-testid="flash-console-new"
          >
            {t('flash.console.new')}
          </Button>
        </Space>
      </div>
      {error ? (
        <Alert type="error" showIcon title={refusalText(error, t)} style={{ marginBottom: 12 }} />
      ) : null}
      <Table<FlashSlot>
        rowKey="id"
        size="middle"
        loading={campaign !== undefined && slots === null}
        dataSource={slots ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description={t('flash.console.empty')} /> }}
        columns={[
          {
            key: 'item',
            title: t('flash.console.col.item'),
            render: (_, s) => (
              <div data-testid="flash-console-row" data-slot={s.id} data-status={s.status}>
                <Typography.Text strong>{s.title}</Typography.Text>
                <div style={{ fontSize: 12, color: '#8c8c8c' }}>
                  {t('flash.perCustomer', { n: s.perCustomerLimit })}
                  {s.waitingRoom && (
                    <Tag color="purple" style={{ marginLeft: 6 }}>
                      {t('flash.waitingRoomTag')}
                    </Tag>
                  )}
                </div>
              </div>
            ),
          },
          {
            key: 'price',
            title: t('flash.console.col.price'),
            width: 150,
            render: (_, s) => (
              <span>
                <span className="flash-price-sm">{yuan(s.flashPrice)}</span>{' '}
                <span className="flash-list-price">{yuan(s.listPrice)}</span>
              </span>
            ),
          },
          {
            key: 'time',
            title: t('flash.console.col.time'),
            width: 230,
            render: (_, s) => (
              <span style={{ fontSize: 13 }}>
                {formatRange(s.startsAt, s.endsAt, tz)}
                <div style={{ fontSize: 12, color: '#8c8c8c' }}>{zoneName(s.startsAt, tz, locale)}</div>
              </span>
            ),
          },
          {
            key: 'stock',
            title: t('flash.console.col.stock'),
            width: 170,
            render: (_, s) => (
              <div>
                <span data-testid="flash-console-remaining">
                  {t('flash.console.stockCell', { remaining: s.remaining, stock: s.stock })}
                </span>
                <Progress
                  percent={takenPercent(s.stock, s.remaining)}
                  size="small"
                  strokeColor="#ff4d4f"
                  showInfo={false}
                />
              </div>
            ),
          },
          {
            key: 'status',
            title: t('flash.console.col.status'),
            width: 100,
            render: (_, s) => <Tag color={STATUS_COLORS[s.status]}>{t(`flash.status.${s.status}`)}</Tag>,
          },
          {
            key: 'actions',
            title: t('flash.console.col.actions'),
            width: 180,
            render: (_, s) => (
              <Space size={4}>
                <Link to={`/console/flash-sales/${s.id}`} data-testid="flash-console-live">
                  {t('flash.console.live')}
                </Link>
                {s.status === 'paused' ? (
                  <Button size="small" type="link" onClick={() => setPausing({ slot: s, action: 'resume' })}>
                    {t('flash.console.resume')}
                  </Button>
                ) : s.status === 'scheduled' || s.status === 'running' || s.status === 'sold_out' ? (
                  <Button
                    size="small"
                    type="link"
                    danger
                    onClick={() => setPausing({ slot: s, action: 'pause' })}
                    data-testid="flash-console-pause"
                  >
                    {t('flash.console.pause')}
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      {creating && campaign && (
        <FlashSlotForm
          campaign={campaign}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            void load();
          }}
        />
      )}
      {pausing && (
        <PauseDialog
          slot={pausing.slot}
          action={pausing.action}
          onClose={() => setPausing(null)}
          onDone={() => {
            setPausing(null);
            void load();
          }}
        />
      )}
    </div>
  );
}

/** The campaigns a flash sale can run in: published (预热) or live shopping festivals first. */
async function campaignsOfConsole(): Promise<CampaignSummary[]> {
  const page = await campaignsApi.manage();
  const rank = (c: CampaignSummary) => (SELLING.includes(c.status) ? 0 : 1);
  return page.items
    .filter((c) => c.kind === 'shopping_festival' && c.status !== 'archived')
    .sort((a, b) => rank(a) - rank(b) || Date.parse(b.startsAt) - Date.parse(a.startsAt));
}
