import { Alert, App, Button, Card, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { campaignsApi, isApiError } from '../api';
import { useAsync } from '../app/useAsync';
import { useSession } from '../auth/session';
import { type BulkResult, merchantApi, type Nomination } from '../merchant/api';
import { STATUS_COLORS, useText, yuan } from '../merchant/format';

const STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;

/**
 * 报名审核: the operator's queue of nominations, filtered by campaign and status. Approve or
 * reject one, or many at once; each result of a bulk review is shown (one failing does not
 * undo the others).
 */
export function ReviewQueuePage() {
  const { user, loading: sessionLoading } = useSession();
  const { tx, l, pick } = useText();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const campaignId = params.get('campaign') ?? undefined;
  // A status the URL names that the server does not know falls back to the queue.
  const status = STATUSES.find((s) => s === params.get('status')) ?? 'pending';
  const [selected, setSelected] = useState<string[]>([]);
  const [rejecting, setRejecting] = useState<string[] | null>(null);
  const [reason, setReason] = useState('');
  const [lastBulk, setLastBulk] = useState<BulkResult | null>(null);
  const isOperator = user?.role === 'operator';

  const campaigns = useAsync(
    () => (isOperator ? campaignsApi.manage() : Promise.resolve({ items: [], total: 0, totalCapped: false })),
    [isOperator],
  );
  const queue = useAsync(
    () =>
      isOperator
        ? merchantApi.nominations({ campaignId, status, limit: 200 })
        : Promise.resolve({ items: [] as Nomination[], total: 0 }),
    [isOperator, campaignId, status],
  );

  if (sessionLoading) return null;
  if (!isOperator)
    return (
      <Alert
        type="warning"
        showIcon
        title={l('仅运营人员可以审核报名', 'Only operators review nominations')}
      />
    );

  const setParam = (key: string, value: string | undefined) =>
    setParams((p) => {
      const next = Object.fromEntries(p);
      if (value) next[key] = value;
      else delete next[key];
      return next;
    });

  const decide = async (ids: string[], decision: 'approve' | 'reject', why?: string) => {
    try {
      if (ids.length === 1) {
        await merchantApi.review(ids[0]!, decision, why);
        message.success(decision === 'approve' ? l('已通过', 'Approved') : l('已驳回', 'Rejected'));
        setLastBulk(null);
      } else {
        const result = await merchantApi.reviewBulk(ids, decision, why);
        setLastBulk(result);
        message.info(
          l(
            `成功 ${result.succeeded} 个，失败 ${result.failed} 个`,
            `${result.succeeded} done, ${result.failed} failed`,
          ),
        );
      }
    } catch (e) {
      message.error(isApiError(e) ? e.message : String(e));
    }
    setSelected([]);
    queue.reload();
  };

  return (
    <div data-testid="review-page">
      <Typography.Title level={2}>{l('报名审核', 'Nomination review')}</Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Space wrap size={16}>
          <Select
            data-testid="review-campaign"
            allowClear
            style={{ minWidth: 280 }}
            placeholder={l('全部活动', 'All campaigns')}
            value={campaignId}
            options={(campaigns.data?.items ?? [])
              .filter((c) => c.kind === 'shopping_festival')
              .map((c) => ({ value: c.id, label: pick(c.title) }))}
            onChange={(v) => setParam('campaign', v)}
          />
          <Select
            data-testid="review-status"
            style={{ width: 140 }}
            value={status}
            options={STATUSES.map((s) => ({ value: s, label: tx(`status.${s}`) }))}
            onChange={(v) => setParam('status', v)}
          />
          <Button
            type="primary"
            disabled={selected.length === 0}
            onClick={() => decide(selected, 'approve')}
            data-testid="bulk-approve"
          >
            {l(`批量通过（${selected.length}）`, `Approve (${selected.length})`)}
          </Button>
          <Button
            danger
            disabled={selected.length === 0}
            onClick={() => setRejecting(selected)}
            data-testid="bulk-reject"
          >
            {l(`批量驳回（${selected.length}）`, `Reject (${selected.length})`)}
          </Button>
        </Space>
      </Card>
      {lastBulk && lastBulk.failed > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="bulk-failures"
          title={l(`${lastBulk.failed} 个未处理`, `${lastBulk.failed} not done`)}
          description={lastBulk.results
            .filter((r) => !r.ok)
            .map((r) => (
              <div key={r.id}>
                {r.id}: {!r.ok && r.error.message}
              </div>
            ))}
        />
      )}
      <Table<Nomination>
        rowKey="id"
        size="middle"
        loading={queue.loading}
        dataSource={queue.data?.items ?? []}
        pagination={{ pageSize: 50 }}
        rowSelection={
          status === 'pending'
            ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }
            : undefined
        }
        onRow={(n) => ({ 'data-testid': 'review-row', 'data-sku': n.skuId }) as never}
        columns={[
          {
            title: l('商品', 'Product'),
            key: 'title',
            render: (_, n) => (
              <div>
                <div>{n.title}</div>
                <Typography.Text type="secondary">
                  {n.storeName} · {Object.values(n.attributes ?? {}).join('/')}
                </Typography.Text>
              </div>
            ),
          },
          {
            title: l('一口价', 'List'),
            key: 'list',
            render: (_, n) => (n.listPrice != null ? yuan(n.listPrice) : '—'),
          },
          { title: l('30天最低价', '30-day lowest'), key: 'ref', render: (_, n) => yuan(n.referencePrice) },
          {
            title: l('活动价', 'Campaign price'),
            key: 'price',
            render: (_, n) => (
              <span>
                {yuan(n.campaignPrice)}{' '}
                <Typography.Text type="secondary">
                  ({Math.round((n.campaignPrice * 100) / Math.max(1, n.referencePrice))}%)
                </Typography.Text>
              </span>
            ),
          },
          {
            title: l('活动库存 / 现货', 'Stock / on hand'),
            key: 'stock',
            render: (_, n) => `${n.campaignStock} / ${n.stock ?? '—'}`,
          },
          {
            title: l('状态', 'Status'),
            key: 'status',
            render: (_, n) => (
              <span>
                <Tag color={STATUS_COLORS[n.status]} data-status={n.status}>
                  {tx(`status.${n.status}`)}
                </Tag>
                {n.reason && <Typography.Text type="secondary">{n.reason}</Typography.Text>}
              </span>
            ),
          },
          {
            key: 'actions',
            render: (_, n) =>
              n.status === 'pending' && (
                <Space>
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => decide([n.id], 'approve')}
                    data-testid={`approve-${n.skuId}`}
                  >
                    {l('通过', 'Approve')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    onClick={() => setRejecting([n.id])}
                    data-testid={`reject-${n.skuId}`}
                  >
                    {l('驳回', 'Reject')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      <Modal
        open={rejecting !== null}
        title={l('驳回原因', 'Reason for rejecting')}
        okButtonProps={{ danger: true, disabled: !reason.trim(), 'data-testid': 'reject-confirm' } as never}
        onOk={async () => {
          const ids = rejecting ?? [];
          setRejecting(null);
          await decide(ids, 'reject', reason.trim());
          setReason('');
        }}
        onCancel={() => setRejecting(null)}
      >
        <Input.TextArea
          data-testid="reject-reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={3}
          maxLength={1000}
        />
      </Modal>
    </div>
  );
}

export default ReviewQueuePage;
