import { App, Button, Card, Empty, Space, Table, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { useAsync } from '../../app/useAsync';
import { RequireRole } from '../../orders/RequireRole';
import { merchantApi } from '../api';
import { yuan } from '../format';
import { StoreSelect } from '../StoreSelect';
import { type Product, type Sku, storeApi } from '../store-api';
import { ProductDialog, SkuAddDialog } from './ProductDialogs';
import { PriceDialog, PriceHistoryDrawer, StockDialog } from './SkuDialogs';
import { skuLabel } from './text';

type Editing =
  | { kind: 'create' }
  | { kind: 'edit'; product: Product }
  | { kind: 'addSku'; product: Product }
  | { kind: 'price'; sku: Sku; title: string }
  | { kind: 'stock'; sku: Sku; title: string }
  | { kind: 'history'; sku: Sku; title: string };

/** 商品管理: the store's products and SKUs; publish, edit, change a price (with its history), adjust stock. */
function Products() {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const storeId = params.get('store') ?? undefined;
  const stores = useAsync(() => merchantApi.stores(), []);
  const categories = useAsync(() => merchantApi.categories(), []);
  const products = useAsync(
    () => (storeId ? storeApi.products(storeId) : Promise.resolve({ items: [], total: 0 })),
    [storeId],
  );
  const [editing, setEditing] = useState<Editing | null>(null);
  const onStore = useCallback(
    (v: string | undefined) => setParams(v ? { store: v } : {}, { replace: true }),
    [setParams],
  );
  const categoryName = (code: string) => {
    const c = categories.data?.find((x) => x.code === code);
    return c ? pick(c.name) : t('merchant.products.otherCategory');
  };
  const done = (text: string) => {
    message.success(text);
    setEditing(null);
    products.reload();
  };

  const skuTable = (p: Product) => (
    <Table<Sku>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={p.skus}
      columns={[
        { key: 'spec', title: t('merchant.products.col.spec'), render: (_, s) => skuLabel(s, t) },
        {
          key: 'price',
          title: t('merchant.products.col.price'),
          render: (_, s) => <span data-testid={`sku-price-${s.id}`}>{yuan(s.price)}</span>,
        },
        {
          key: 'stock',
          title: t('merchant.products.col.stock'),
          render: (_, s) => <span data-testid={`sku-stock-${s.id}`}>{s.stock}</span>,
        },
        {
          key: 'a',
          title: t('merchant.col.actions'),
          render: (_, s) => (
            <Space size="small" wrap>
              <Button
                size="small"
                data-testid={`sku-reprice-${s.id}`}
                onClick={() => setEditing({ kind: 'price', sku: s, title: p.title })}
              >
                {t('merchant.products.reprice')}
              </Button>
              <Button
                size="small"
                data-testid={`sku-restock-${s.id}`}
                onClick={() => setEditing({ kind: 'stock', sku: s, title: p.title })}
              >
                {t('merchant.products.restock')}
              </Button>
              <Button
                size="small"
                type="link"
                data-testid={`sku-history-${s.id}`}
                onClick={() => setEditing({ kind: 'history', sku: s, title: p.title })}
              >
                {t('merchant.products.history')}
              </Button>
            </Space>
          ),
        },
      ]}
    />
  );

  const items = products.data?.items ?? [];
  return (
    <div data-testid="merchant-products-page">
      <Typography.Title level={3}>{t('merchant.products.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('merchant.products.subtitle')}</Typography.Paragraph>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <StoreSelect stores={stores.data ?? []} value={storeId} onChange={onStore} required />
          <Button
            type="primary"
            data-testid="product-create"
            disabled={!storeId}
            onClick={() => setEditing({ kind: 'create' })}
          >
            {t('merchant.products.create')}
          </Button>
          <Typography.Text type="secondary">
            {t('merchant.products.count', { n: products.data?.total ?? 0 })}
          </Typography.Text>
        </Space>
        <Table<Product>
          rowKey="id"
          loading={products.loading}
          dataSource={items}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('merchant.products.empty')} /> }}
          expandable={{ expandedRowRender: skuTable, defaultExpandAllRows: true, expandRowByClick: false }}
          key={items.map((p) => p.id).join()}
          scroll={{ x: 720 }}
          columns={[
            {
              key: 'title',
              title: t('merchant.products.col.product'),
              render: (_, p) => (
                <span data-testid="product-row" data-title={p.title}>
                  <Typography.Text strong>{p.title}</Typography.Text>
                  {p.description ? (
                    <div style={{ fontSize: 12, color: '#8c8c8c' }}>{p.description.slice(0, 60)}</div>
                  ) : null}
                </span>
              ),
            },
            {
              key: 'cat',
              title: t('merchant.products.col.category'),
              width: 140,
              render: (_, p) => categoryName(p.category),
            },
            {
              key: 'range',
              title: t('merchant.products.col.price'),
              width: 180,
              render: (_, p) => {
                const prices = p.skus.map((s) => s.price);
                const lo = Math.min(...prices);
                const hi = Math.max(...prices);
                return lo === hi ? yuan(lo) : `${yuan(lo)} – ${yuan(hi)}`;
              },
            },
            {
              key: 'stock',
              title: t('merchant.products.col.stock'),
              width: 100,
              render: (_, p) => p.skus.reduce((n, s) => n + s.stock, 0),
            },
            {
              key: 'a',
              title: t('merchant.col.actions'),
              width: 200,
              render: (_, p) => (
                <Space size="small">
                  <Button size="small" onClick={() => setEditing({ kind: 'edit', product: p })}>
                    {t('merchant.products.edit')}
                  </Button>
                  <Button size="small" onClick={() => setEditing({ kind: 'addSku', product: p })}>
                    {t('merchant.products.addSku')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {storeId && (editing?.kind === 'create' || editing?.kind === 'edit') && (
        <ProductDialog
          storeId={storeId}
          product={editing.kind === 'edit' ? editing.product : undefined}
          categories={categories.data ?? []}
          onClose={() => setEditing(null)}
          onDone={() =>
            done(t(editing.kind === 'edit' ? 'merchant.products.saved' : 'merchant.products.created'))
          }
        />
      )}
      {editing?.kind === 'addSku' && (
        <SkuAddDialog
          product={editing.product}
          onClose={() => setEditing(null)}
          onDone={() => done(t('merchant.products.skuAdded'))}
        />
      )}
      {editing?.kind === 'price' && (
        <PriceDialog
          sku={editing.sku}
          title={editing.title}
          onClose={() => setEditing(null)}
          onDone={() => done(t('merchant.products.repriced'))}
        />
      )}
      {editing?.kind === 'stock' && (
        <StockDialog
          sku={editing.sku}
          title={editing.title}
          onClose={() => setEditing(null)}
          onDone={() => done(t('merchant.products.restocked'))}
        />
      )}
      {editing?.kind === 'history' && (
        <PriceHistoryDrawer sku={editing.sku} title={editing.title} onClose={() => setEditing(null)} />
      )}
    </div>
  );
}

export function MerchantProductsPage() {
  return (
    <RequireRole allow="merchant">
      <Products />
    </RequireRole>
  );
}

export default MerchantProductsPage;
