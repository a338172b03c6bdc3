import { Table, Typography } from 'antd';
import type { Order, Refund } from '../api';
import { dayjs } from '../app/time';
import { useText, yuan } from '../merchant/format';
import { RefundStatusTag } from './labels';

/** The refunds of an order: which line, how much, the status and the store's answer. */
export function RefundList({ order, refunds }: { order: Order; refunds: Refund[] }) {
  const { l } = useText();
  const titleOf = (lineId: string) =>
    order.subOrders.flatMap((s) => s.lines).find((x) => x.id === lineId)?.title ?? lineId;
  return (
    <Table<Refund>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={refunds}
      data-testid="refund-list"
      onRow={(r) =>
        ({ 'data-testid': 'refund-row', 'data-status': r.status }) as React.HTMLAttributes<HTMLElement>
      }
      columns={[
        { title: l('商品', 'Item'), key: 'line', render: (_, r) => titleOf(r.lineId) },
        {
          title: l('退款', 'Refund'),
          key: 'amount',
          align: 'right',
          render: (_, r) => (
            <span className="num">
              {yuan(r.amount)}
              {r.quantity > 0 && <Typography.Text type="secondary"> ×{r.quantity}</Typography.Text>}
            </span>
          ),
        },
        { title: l('原因', 'Reason'), dataIndex: 'reason', ellipsis: true },
        {
          title: l('状态', 'Status'),
          key: 'status',
          render: (_, r) => (
            <>
              <RefundStatusTag status={r.status} />
              {r.decisionReason && <Typography.Text type="secondary">{r.decisionReason}</Typography.Text>}
            </>
          ),
        },
        {
          title: l('时间', 'When'),
          key: 'at',
          width: 120,
          render: (_, r) => dayjs(r.decidedAt ?? r.createdAt).format('MM-DD HH:mm'),
        },
      ]}
    />
  );
}
