import { Alert, Empty, Progress, Table, Tag, Typography } from 'antd';
import { type Campaign, campaignsApi, type FlashSlot, flashApi } from '../api';
import { useI18n } from '../app/i18n';
import { formatRange } from '../app/time';
import { useAsync } from '../app/useAsync';
import { takenPercent } from '../flash/countdown';
import { refusalText } from '../flash/refusals';
import { STATUS_COLORS } from '../flash/slot-status';
import { RequireRole } from '../orders/RequireRole';
import { merchantApi } from './api';
import { yuan } from './format';

/** 我的秒杀: the slots the platform scheduled on the merchant's stores' SKUs (read-only). */
function MerchantFlashSales() {
  const { t, pick } = useI18n();
  const stores = useAsync(() => merchantApi.stores(), []);
  const data = useAsync(async () => {
    const slots = await flashApi.ofMerchant();
    // Each slot's times read in its campaign's zone; a few campaigns at most, fetched once each.
    const ids = [...new Set(slots.map((s) => s.campaignId))];
    const campaigns = await Promise.all(ids.map((id) => campaignsApi.get(id).catch(() => null)));
    const byId = new Map(campaigns.filter((c): c is Campaign => c !== null).map((c) => [c.id, c]));
    return { slots, byId };
  }, []);
  const storeName = (id: string) => stores.data?.find((s) => s.id === id)?.name ?? '';

  return (
    <div data-testid="merchant-flash-page">
      <Typography.Title level={3}>{t('flash.merchant.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('flash.merchant.subtitle')}</Typography.Paragraph>
      {data.error ? <Alert type="error" showIcon title={refusalText(data.error, t)} /> : null}
      <Table<FlashSlot>
        rowKey="id"
        size="middle"
        loading={data.loading}
        dataSource={data.data?.slots ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 860 }}
        locale={{ emptyText: <Empty description={t('flash.merchant.empty')} /> }}
        columns={[
          {
            key: 'item',
            title: t('flash.console.col.item'),
            render: (_, s) => {
              const campaign = data.data?.byId.get(s.campaignId);
              return (
                <div data-testid="merchant-flash-row" data-slot={s.id}>
                  <Typography.Text strong>{s.title}</Typography.Text>
                  <div style={{ fontSize: 12, color: '#8c8c8c' }}>
                    {[storeName(s.storeId), campaign ? pick(campaign.title) : ''].filter(Boolean).join(' · ')}
                  </div>
                </div>
              );
            },
          },
          {
            key: 'price',
            title: t('flash.console.col.price'),
            width: 170,
            render: (_, s) => (
              <span>
                <span style={{ color: '#cf1322', fontWeight: 700 }}>{yuan(s.flashPrice)}</span>{' '}
                <span style={{ color: '#8c8c8c', textDecoration: 'line-through', fontSize: 12 }}>
                  {yuan(s.listPrice)}
                </span>
              </span>
            ),
          },
          {
            key: 'time',
            title: t('flash.console.col.time'),
            width: 230,
            render: (_, s) =>
              formatRange(
                s.startsAt,
                s.endsAt,
                data.data?.byId.get(s.campaignId)?.timezone ?? 'Asia/Shanghai',
              ),
          },
          {
            key: 'stock',
            title: t('flash.console.col.stock'),
            width: 180,
            render: (_, s) => (
              <div>
                {t('flash.merchant.sold', { n: s.stock - s.remaining })} ·{' '}
                {t('flash.console.stockCell', { remaining: s.remaining, stock: s.stock })}
                <Progress percent={takenPercent(s.stock, s.remaining)} size="small" showInfo={false} />
              </div>
            ),
          },
          {
            key: 'status',
            title: t('flash.console.col.status'),
            width: 100,
            render: (_, s) => <Tag color={STATUS_COLORS[s.status]}>{t(`flash.status.${s.status}`)}</Tag>,
          },
        ]}
      />
    </div>
  );
}

export function MerchantFlashSalesPage() {
  return (
    <RequireRole allow="merchant">
      <MerchantFlashSales />
    </RequireRole>
  );
}

export default MerchantFlashSalesPage;
