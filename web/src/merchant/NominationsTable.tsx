import { Button, Card, Table, Tag, Typography } from 'antd';
import { merchantApi, type Nomination } from './api';
import { STATUS_COLORS, useText, yuan } from './format';

/** The store's nominations in this campaign, each with its review status; pending ones can be withdrawn. */
export function NominationsTable({
  items,
  loading,
  onWithdrawn,
}: {
  items: Nomination[];
  loading: boolean;
  onWithdrawn(): void;
}) {
  const { tx, l } = useText();
  return (
    <Card title={l('提报记录', 'Nominations')} data-testid="nominations-card">
      <Table
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={items}
        pagination={false}
        columns={[
          {
            title: l('商品', 'Product'),
            key: 't',
            render: (_, n) => `${n.title} ${Object.values(n.attributes ?? {}).join('/')}`,
          },
          { title: l('活动价', 'Campaign price'), key: 'p', render: (_, n) => yuan(n.campaignPrice) },
          { title: l('30天最低价', '30-day lowest'), key: 'r', render: (_, n) => yuan(n.referencePrice) },
          { title: l('活动库存', 'Stock'), dataIndex: 'campaignStock' },
          {
            title: l('状态', 'Status'),
            key: 's',
            render: (_, n) => (
              <span>
                <Tag
                  color={STATUS_COLORS[n.status]}
                  data-testid={`nomination-status-${n.skuId}`}
                  data-status={n.status}
                >
                  {tx(`status.${n.status}`)}
                </Tag>
                {/* The reviewer's own words (free text, not a server message): shown as written. */}
                {n.reason && (
                  <Typography.Text type="secondary" data-user-content>
                    {n.reason}
                  </Typography.Text>
                )}
              </span>
            ),
          },
          {
            key: 'a',
            render: (_, n) =>
              n.status === 'pending' && (
                <Button
                  size="small"
                  onClick={async () => {
                    await merchantApi.withdraw(n.id);
                    onWithdrawn();
                  }}
                >
                  {l('撤回', 'Withdraw')}
                </Button>
              ),
          },
        ]}
      />
    </Card>
  );
}
