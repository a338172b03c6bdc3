import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Space, Spin, Statistic, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router-dom';
import { campaignsApi, isApiError } from '../api';
import { useI18n } from '../app/i18n';
import { useAsync } from '../app/useAsync';
import { merchantApi } from '../merchant/api';
import { money } from '../screen/model';
import { analyticsApi, percent } from './api';
import { HourlyChart } from './HourlyChart';

/** 复盘: a campaign's results after it ends, for operators and the organizer, with a CSV download. */
export default function CampaignReportPage() {
  const { id = '' } = useParams();
  const { t, pick, locale } = useI18n();
  const campaign = useAsync(() => campaignsApi.get(id), [id]);
  const report = useAsync(() => analyticsApi.report(id), [id]);
  const categories = useAsync(() => merchantApi.categories(), []);
  const nameOf = useMemo(() => {
    const m = new Map((categories.data ?? []).map((c) => [c.code, c.name]));
    return (code: string) => {
      const n = m.get(code);
      return n ? pick(n) : t('screen.other');
    };
  }, [categories.data, pick, t]);
  const names = useMemo(() => [t('analytics.thisEdition'), ''] as [string, string], [t]);
  const r = report.data;
  const code = isApiError(report.error) ? report.error.code : '';

  return (
    <div className="page" data-testid="campaign-report">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%', marginBottom: 16 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('report.title')}
          {campaign.data ? ` · ${pick(campaign.data.title)}` : ''}
        </Typography.Title>
        <Space>
          <Link to={`/screen/${encodeURIComponent(id)}`}>{t('report.openScreen')}</Link>
          <Button
            type="primary"
            icon={<DownloadOutlined />}
            href={analyticsApi.reportCsvUrl(id)}
            data-testid="report-csv"
            disabled={!r}
          >
            {t('report.download')}
          </Button>
        </Space>
      </Space>
      {report.loading && <Spin />}
      {report.error !== undefined && (
        <Alert
          type="error"
          showIcon
          title={
            code === 'FORBIDDEN'
              ? t('report.error.FORBIDDEN')
              : code === 'NOT_FOUND'
                ? t('report.error.NOT_FOUND')
                : t('report.error.generic')
          }
        />
      )}
      {r && (
        <>
          <Row gutter={[16, 16]}>
            {[
              ['gmv', t('report.gmv'), money(r.gmvFen)],
              ['orders', t('report.orders'), r.orders.toLocaleString('en-US')],
              ['buyers', t('report.buyers'), r.buyers.toLocaleString('en-US')],
              ['newBuyers', t('report.newBuyers'), r.newBuyers.toLocaleString('en-US')],
              ['conversion', t('report.conversion'), percent(r.conversion)],
              ['refunds', t('report.refunds'), money(r.refundFen)],
            ].map(([key, label, value]) => (
              <Col key={key} xs={12} md={8} xl={4}>
                <Card size="small" data-testid={`report-${key}`}>
                  <Statistic title={label} value={value} />
                </Card>
              </Col>
            ))}
          </Row>
          <Card title={t('report.hourly')} style={{ marginTop: 16 }}>
            <HourlyChart current={r.hourly} names={names} locale={locale} />
          </Card>
          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            <Col xs={24} lg={12}>
              <Card title={t('report.topStores')}>
                <Table
                  rowKey="storeId"
                  size="small"
                  pagination={false}
                  dataSource={r.topStores}
                  columns={[
                    { title: t('report.store'), dataIndex: 'name' },
                    { title: t('report.orders'), dataIndex: 'orders', align: 'right' },
                    {
                      title: t('report.gmv'),
                      dataIndex: 'gmvFen',
                      align: 'right',
                      render: (v: number) => money(v),
                    },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card title={t('report.topCategories')}>
                <Table
                  rowKey="code"
                  size="small"
                  pagination={false}
                  dataSource={r.topCategories}
                  columns={[
                    { title: t('report.category'), dataIndex: 'code', render: (c: string) => nameOf(c) },
                    { title: t('report.orders'), dataIndex: 'orders', align: 'right' },
                    {
                      title: t('report.gmv'),
                      dataIndex: 'gmvFen',
                      align: 'right',
                      render: (v: number) => money(v),
                    },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card title={t('report.discountCost')} data-testid="report-discount">
                <Space size={32} wrap>
                  <Statistic title={t('report.funder.merchant')} value={money(r.discountCost.merchant)} />
                  <Statistic title={t('report.funder.platform')} value={money(r.discountCost.platform)} />
                  <Statistic title={t('report.funder.allowance')} value={money(r.discountCost.allowance)} />
                </Space>
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card title={t('report.flashSales')}>
                <Table
                  rowKey="slotId"
                  size="small"
                  pagination={false}
                  dataSource={r.flashSales}
                  columns={[
                    { title: t('report.slot'), dataIndex: 'title' },
                    { title: t('report.stock'), dataIndex: 'stock', align: 'right' },
                    { title: t('report.sold'), dataIndex: 'sold', align: 'right' },
                    {
                      title: t('report.soldOutAt'),
                      dataIndex: 'soldOutAt',
                      render: (v: string | null) =>
                        v ? new Date(v).toLocaleString(locale) : t('report.notSoldOut'),
                    },
                  ]}
                />
              </Card>
            </Col>
          </Row>
        </>
      )}
    </div>
  );
}
