import { Alert, Card, Col, Empty, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { campaignsApi, isApiError } from '../api';
import { useI18n } from '../app/i18n';
import { useAsync } from '../app/useAsync';
import { merchantApi } from '../merchant/api';
import { money } from '../screen/model';
import { analyticsApi, delta, percent, type StoreFigures } from './api';
import { HourlyChart } from './HourlyChart';

type Metric = 'visitors' | 'buyers' | 'conversion' | 'gmvFen' | 'refundFen' | 'avgOrderFen';

/**
 * 生意参谋: one store's figures for one campaign, each against the previous edition of the same
 * series. The store and campaign choice lives in the URL (?store=&campaign=) so a link shares it.
 */
export default function MerchantAnalyticsPage() {
  const { t, pick, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const stores = useAsync(() => merchantApi.stores(), []);
  const campaigns = useAsync(() => campaignsApi.list({ kind: ['shopping_festival'], limit: 50 }), []);
  const storeId = params.get('store') ?? stores.data?.[0]?.id;
  const campaignId = params.get('campaign') ?? campaigns.data?.items[0]?.id;
  const figures = useAsync(
    () => (storeId && campaignId ? analyticsApi.store(storeId, campaignId) : Promise.resolve(null)),
    [storeId, campaignId],
  );
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };

  const data = figures.data;
  const names = useMemo(
    () => [t('analytics.thisEdition'), t('analytics.previousEdition')] as [string, string],
    [t],
  );
  const errorText = (e: unknown) => {
    const code = isApiError(e) ? e.code : '';
    if (code === 'FORBIDDEN') return t('analytics.error.FORBIDDEN');
    if (code === 'NOT_FOUND') return t('analytics.error.NOT_FOUND');
    return t('analytics.error.generic');
  };
  const cards: { key: Metric; label: string; show: (f: StoreFigures) => string }[] = [
    { key: 'gmvFen', label: t('analytics.gmv'), show: (f) => money(f.gmvFen) },
    { key: 'visitors', label: t('analytics.visitors'), show: (f) => f.visitors.toLocaleString('en-US') },
    { key: 'buyers', label: t('analytics.buyers'), show: (f) => f.buyers.toLocaleString('en-US') },
    { key: 'conversion', label: t('analytics.conversion'), show: (f) => percent(f.conversion) },
    { key: 'avgOrderFen', label: t('analytics.avgOrder'), show: (f) => money(f.avgOrderFen) },
    { key: 'refundFen', label: t('analytics.refunds'), show: (f) => money(f.refundFen) },
  ];

  return (
    <div className="page" data-testid="merchant-analytics">
      <Typography.Title level={2}>{t('analytics.title')}</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <span>
          {t('analytics.store')}{' '}
          <Select
            data-testid="analytics-store"
            style={{ minWidth: 200 }}
            loading={stores.loading}
            value={storeId}
            placeholder={t('analytics.noStores')}
            options={(stores.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            onChange={(v) => set('store', v)}
          />
        </span>
        <span>
          {t('analytics.campaign')}{' '}
          <Select
            data-testid="analytics-campaign"
            style={{ minWidth: 260 }}
            loading={campaigns.loading}
            value={campaignId}
            options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: pick(c.title) }))}
            onChange={(v) => set('campaign', v)}
          />
        </span>
      </Space>
      {figures.error !== undefined && <Alert type="error" showIcon title={errorText(figures.error)} />}
      {!data && !figures.loading && figures.error === undefined && (
        <Empty description={t('analytics.empty')} />
      )}
      {data && (
        <>
          <Row gutter={[16, 16]}>
            {cards.map((c) => {
              const d = delta(data[c.key], data.previous?.[c.key]);
              return (
                <Col key={c.key} xs={12} md={8} xl={4}>
                  <Card size="small" data-testid={`kpi-${c.key}`}>
                    <Statistic title={c.label} value={c.show(data)} />
                    <Typography.Text type={d?.startsWith('-') ? 'danger' : 'success'}>
                      {d ? t('analytics.vsPrevious', { delta: d }) : t('analytics.noPrevious')}
                    </Typography.Text>
                  </Card>
                </Col>
              );
            })}
          </Row>
          <Card title={t('analytics.hourly')} style={{ marginTop: 16 }}>
            <HourlyChart
              current={data.hourly}
              previous={data.previous?.hourly}
              names={names}
              locale={locale}
            />
          </Card>
          <Card title={t('analytics.topSkus')} style={{ marginTop: 16 }}>
            <Table
              rowKey="skuId"
              size="small"
              pagination={false}
              scroll={{ x: true }}
              dataSource={data.topSkus}
              columns={[
                { title: t('analytics.sku'), dataIndex: 'title' },
                { title: t('analytics.units'), dataIndex: 'units', align: 'right' },
                {
                  title: t('analytics.gmv'),
                  dataIndex: 'gmvFen',
                  align: 'right',
                  render: (v: number) => money(v),
                },
              ]}
            />
          </Card>
        </>
      )}
    </div>
  );
}
