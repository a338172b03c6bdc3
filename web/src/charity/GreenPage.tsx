import { EnvironmentFilled } from '@ant-design/icons';
import { Alert, Card, Col, Descriptions, Empty, Row, Statistic, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { type MessageKey, useI18n } from '../app/i18n';
import { dayjs } from '../app/time';
import { useAsync } from '../app/useAsync';
import { RequireRole } from '../orders/RequireRole';
import { type GreenPoints, greenApi } from './api';

type Entry = GreenPoints['entries'][number];

const STATUS_COLOR: Record<Entry['status'], string> = {
  earned: 'green',
  pending: 'processing',
  void: 'default',
};

/** Grams as the reader expects: kilograms from a kilogram up. */
const mass = (grams: number) => (grams >= 1000 ? `${(grams / 1000).toFixed(2)} kg` : `${grams} g`);

/**
 * 绿色积分 on the customer's profile: what the green choices made at checkout earned, and for
 * each the CO2 estimate behind it with its basis and source, as published by the server.
 */
function Green() {
  const { t, pick } = useI18n();
  const green = useAsync(() => greenApi.mine(), []);
  if (green.error) return <Alert type="error" showIcon title={t('green.error.other')} />;
  const data = green.data;
  return (
    <div data-testid="green-page">
      <Typography.Title level={2}>
        <EnvironmentFilled style={{ color: '#389e0d' }} /> {t('green.title')}
      </Typography.Title>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={24} sm={8}>
          <Card>
            <Statistic
              title={t('green.points')}
              value={data?.points ?? 0}
              loading={!data}
              data-testid="green-points"
            />
          </Card>
        </Col>
        <Col xs={24} sm={8}>
          <Card>
            <Statistic title={t('green.co2')} value={mass(data?.co2Grams ?? 0)} loading={!data} />
          </Card>
        </Col>
        <Col xs={24} sm={8}>
          <Card>
            <Statistic title={t('green.pending')} value={data?.pendingPoints ?? 0} loading={!data} />
          </Card>
        </Col>
      </Row>
      <Card>
        <Table<Entry>
          rowKey={(e) => `${e.orderId}-${e.choice}`}
          loading={!data}
          dataSource={data?.entries ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('green.empty')} /> }}
          expandable={{
            expandedRowRender: (e) => (
              <Descriptions column={1} size="small" data-testid="green-source">
                <Descriptions.Item label={t('green.basis')}>{pick(e.basis)}</Descriptions.Item>
                <Descriptions.Item label={t('green.source')}>{pick(e.source)}</Descriptions.Item>
              </Descriptions>
            ),
          }}
          columns={[
            {
              title: t('green.order'),
              key: 'order',
              render: (_, e) => (
                <Link to={`/orders/${e.orderId}`}>{dayjs(e.createdAt).format('YYYY-MM-DD HH:mm')}</Link>
              ),
            },
            {
              title: t('green.choice'),
              key: 'choice',
              render: (_, e) => t(`green.choice.${e.choice}` as MessageKey),
            },
            { title: t('green.parcels'), dataIndex: 'parcels', align: 'right' },
            { title: t('green.points'), dataIndex: 'points', align: 'right' },
            {
              title: t('green.estimate'),
              key: 'co2',
              align: 'right',
              render: (_, e) => mass(e.co2Grams),
            },
            {
              title: t('green.status'),
              key: 'status',
              render: (_, e) => (
                <Tag color={STATUS_COLOR[e.status]}>{t(`green.status.${e.status}` as MessageKey)}</Tag>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}

export default function GreenPage() {
  return (
    <RequireRole allow="consumer">
      <Green />
    </RequireRole>
  );
}
