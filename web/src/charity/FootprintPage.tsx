import { DownloadOutlined, HeartFilled } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../app/i18n';
import { dayjs } from '../app/time';
import { useAsync } from '../app/useAsync';
import { useText, yuan } from '../merchant/format';
import { RequireRole } from '../orders/RequireRole';
import { charityApi, type Donation } from './api';
import { ruleText } from './CharityBadge';
import { charityErrorText } from './errors';

/** Saves a donation's receipt as a JSON file the donor can check offline (`npx carnival verify`). */
async function downloadReceipt(id: string) {
  const receipt = await charityApi.receipt(id);
  const blob = new Blob([`${JSON.stringify(receipt, null, 2)}\n`], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `donation-${id}.json`;
  a.click();
  URL.revokeObjectURL(a.href);
}

/**
 * 爱心足迹: every donation the buyer's orders made, with the order, the item, the project, and its
 * index in the public donations log; each receipt downloads and verifies without the server.
 */
function Footprint() {
  const { t } = useI18n();
  const { zh, l } = useText();
  const list = useAsync(() => charityApi.myDonations(), []);
  const [receiptError, setReceiptError] = useState<string | null>(null);

  if (list.error) return <Alert type="error" showIcon title={charityErrorText(t, list.error)} />;
  const data = list.data;
  const projects = new Set(data?.items.map((d) => d.project.id));
  return (
    <div data-testid="footprint-page">
      <Typography.Title level={2}>
        <HeartFilled style={{ color: '#eb2f96' }} /> {t('nav.footprint')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {l(
          '购买公益宝贝时，商家从成交额中捐出一部分。订单确认收货后捐赠入账，并写入公开的透明日志；下载凭证可离线核验。',
          'When you buy a charity item, the store gives part of the sale. The donation is booked when you confirm receipt and is written to the public transparency log; download a receipt to check it offline.',
        )}
      </Typography.Paragraph>
      <Card style={{ marginBottom: 16 }}>
        <div style={{ display: 'flex', gap: 48, flexWrap: 'wrap' }}>
          <Statistic
            title={l('累计捐赠', 'Donated in all')}
            loading={!data}
            valueRender={() => (
              <span className="shop-price num" style={{ fontSize: 28 }} data-testid="footprint-total">
                {data ? yuan(data.total) : ''}
              </span>
            )}
          />
          <Statistic title={l('捐赠笔数', 'Donations')} loading={!data} value={data?.items.length ?? 0} />
          <Statistic title={l('支持的项目', 'Projects')} loading={!data} value={projects.size} />
        </div>
      </Card>
      {receiptError && <Alert type="error" showIcon title={receiptError} style={{ marginBottom: 12 }} />}
      <Card styles={{ body: { padding: 0 } }}>
        <Table<Donation>
          rowKey="id"
          loading={list.loading}
          dataSource={data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={() => ({ 'data-testid': 'donation-row' }) as React.HTMLAttributes<HTMLElement>}
          locale={{
            emptyText: (
              <Empty
                description={l(
                  '还没有捐赠。购买带「公益宝贝」标记的商品即可参与。',
                  'No donations yet. Buy an item marked “Charity item” to give.',
                )}
              />
            ),
          }}
          columns={[
            {
              title: l('时间', 'When'),
              dataIndex: 'createdAt',
              width: 150,
              render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
            },
            {
              title: l('商品与订单', 'Item and order'),
              key: 'item',
              render: (_, d) => (
                <div>
                  {d.title} × {d.quantity}
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      <Link to={`/orders/${d.orderId}`}>{d.orderId}</Link> · {ruleText(d.rule, zh)}
                    </Typography.Text>
                  </div>
                </div>
              ),
            },
            {
              title: l('公益项目', 'Project'),
              key: 'project',
              render: (_, d) => (
                <Link to={`/charity/projects/${d.project.id}`} data-testid="donation-project">
                  {zh ? d.project.titleZh : d.project.titleEn}
                </Link>
              ),
            },
            {
              title: l('捐赠金额', 'Amount'),
              dataIndex: 'amount',
              align: 'right',
              width: 110,
              render: (v: number) => (
                <span className="num" data-testid="donation-amount">
                  {yuan(v)}
                </span>
              ),
            },
            {
              title: l('透明日志', 'Log entry'),
              key: 'log',
              width: 200,
              render: (_, d) => (
                <span>
                  <Typography.Text code data-testid="donation-log-index">
                    #{d.logIndex}
                  </Typography.Text>
                  <Button
                    size="small"
                    type="link"
                    icon={<DownloadOutlined />}
                    data-testid="donation-receipt"
                    onClick={() =>
                      downloadReceipt(d.id).then(
                        () => setReceiptError(null),
                        (e) => setReceiptError(charityErrorText(t, e)),
                      )
                    }
                  >
                    {l('凭证', 'Receipt')}
                  </Button>
                </span>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}

export default function FootprintPage() {
  return (
    <RequireRole allow="consumer">
      <Footprint />
    </RequireRole>
  );
}
