import { Button, Card, Checkbox, Empty, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import type { RuleFailure, Sku } from './api';
import { FailureList } from './FailureList';
import { fenToInput, useText, yuan } from './format';

/** One SKU of the store, with its product's title and category. */
export interface Row extends Sku {
  productTitle: string;
  category: string;
}

/** What the merchant has typed for one SKU, before it is sent. */
export interface Draft {
  picked: boolean;
  price: string;
  stock: number | null;
}

/**
 * Nominating SKUs: pick them, give each a campaign price and stock, then check (dry run) or
 * submit for review. Ticking a SKU pre-fills the deepest price the rules allow and half its
 * stock. SKUs already pending or approved cannot be picked again; refused ones show why.
 */
export function NominationForm({
  rows,
  loading,
  drafts,
  onDraft,
  active,
  failuresBySku,
  maxPriceBp,
  busy,
  onSubmit,
}: {
  rows: Row[];
  loading: boolean;
  drafts: Record<string, Draft>;
  onDraft(sku: string, patch: Partial<Draft>): void;
  /** SKUs with a pending or approved nomination. */
  active: Set<string>;
  failuresBySku: Map<string, RuleFailure[]>;
  maxPriceBp: number | undefined;
  busy: boolean;
  onSubmit(dryRun: boolean): void;
}) {
  const { l } = useText();
  return (
    <Card
      title={l('提报商品', 'Nominate SKUs')}
      style={{ marginBottom: 16 }}
      data-testid="nominate-card"
      extra={
        <Space>
          <Button onClick={() => onSubmit(true)} loading={busy} data-testid="nominate-check">
            {l('预检', 'Check')}
          </Button>
          <Button type="primary" onClick={() => onSubmit(false)} loading={busy} data-testid="nominate-submit">
            {l('提交审核', 'Submit for review')}
          </Button>
        </Space>
      }
    >
      <Table<Row>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: <Empty description={l('店铺还没有商品', 'No products yet')} /> }}
        onRow={(r) => ({ 'data-testid': `sku-row-${r.id}` }) as never}
        columns={[
          {
            key: 'pick',
            width: 48,
            render: (_, r) => (
              <Checkbox
                data-testid={`pick-${r.id}`}
                disabled={active.has(r.id)}
                checked={drafts[r.id]?.picked ?? false}
                onChange={(e) =>
                  onDraft(r.id, {
                    picked: e.target.checked,
                    ...(drafts[r.id]?.price
                      ? {}
                      : {
                          price: fenToInput(Math.floor((r.price * (maxPriceBp ?? 10000)) / 10000)),
                        }),
                    ...(drafts[r.id]?.stock ? {} : { stock: Math.max(1, Math.floor(r.stock / 2)) }),
                  })
                }
              />
            ),
          },
          {
            title: l('商品', 'Product'),
            key: 'title',
            render: (_, r) => (
              <div>
                <div>{r.productTitle}</div>
                <Typography.Text type="secondary">
                  {Object.entries(r.attributes)
                    .map(([k, v]) => `${k}: ${v}`)
                    .join(' / ')}
                </Typography.Text>
                {failuresBySku.get(r.id) && (
                  <div>
                    <FailureList failures={failuresBySku.get(r.id)!} />
                  </div>
                )}
              </div>
            ),
          },
          { title: l('一口价', 'List price'), key: 'price', width: 110, render: (_, r) => yuan(r.price) },
          { title: l('库存', 'Stock'), dataIndex: 'stock', width: 80 },
          {
            title: l('活动价（元）', 'Campaign price (¥)'),
            key: 'campaignPrice',
            width: 150,
            render: (_, r) =>
              active.has(r.id) ? (
                <Tag>{l('已提报', 'Nominated')}</Tag>
              ) : (
                <Input
                  data-testid={`price-${r.id}`}
                  value={drafts[r.id]?.price ?? ''}
                  status={
                    failuresBySku.get(r.id)?.some((f) => f.rule === 'DISCOUNT_DEPTH') ? 'error' : undefined
                  }
                  onChange={(e) => onDraft(r.id, { price: e.target.value, picked: true })}
                  placeholder="0.00"
                />
              ),
          },
          {
            title: l('活动库存', 'Campaign stock'),
            key: 'campaignStock',
            width: 130,
            render: (_, r) =>
              active.has(r.id) ? null : (
                <InputNumber
                  data-testid={`stock-${r.id}`}
                  min={1}
                  precision={0}
                  value={drafts[r.id]?.stock ?? null}
                  status={
                    failuresBySku.get(r.id)?.some((f) => f.rule === 'CAMPAIGN_STOCK') ? 'error' : undefined
                  }
                  onChange={(v) => onDraft(r.id, { stock: v, picked: true })}
                />
              ),
          },
        ]}
      />
    </Card>
  );
}
