import { Alert, App, Button, Card, Select, Space, Table, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { merchantOrdersApi, SUB_ORDER_STATUSES, type SubOrder, type SubOrderStatus } from '../api';
import { useI18n } from '../app/i18n';
import { dayjs } from '../app/time';
import { useAsync } from '../app/useAsync';
import { errorText } from '../app/useServerErrors';
import { SubOrderStatusTag } from '../orders/labels';
import { RequireRole } from '../orders/RequireRole';
import { merchantApi } from './api';
import { orderNo, useText, yuan } from './format';
import { carrierLabel, ShipDialog } from './ShipDialog';
import '../orders/orders.css';
import { StoreSelect } from './StoreSelect';

const PAGE = 20;

/** 订单管理: the sub-orders of the merchant's stores, by store and status; ship what is paid, mark shipped ones delivered. */
function MerchantOrders() {
  const { t } = useI18n();
  const { l, zh } = useText();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const storeId = params.get('store') ?? undefined;
  const status = (params.get('status') as SubOrderStatus | null) ?? undefined;
  const page = Number(params.get('page') ?? '1') || 1;
  const stores = useAsync(() => merchantApi.stores(), []);
  const orders = useAsync(
    () => merchantOrdersApi.list({ storeId, status, limit: PAGE, offset: (page - 1) * PAGE }),
    [storeId, status, page],
  );
  const [shipping, setShipping] = useState<SubOrder | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const setParam = useCallback(
    (key: string, value: string | undefined) =>
      setParams((p) => {
        const next = Object.fromEntries(p);
        if (value) next[key] = value;
        else delete next[key];
        if (key !== 'page') delete next.page;
        return next;
      }),
    [setParams],
  );
  const onStore = useCallback((v: string | undefined) => setParam('store', v), [setParam]);
  const storeName = (id: string) => stores.data?.find((s) => s.id === id)?.name ?? id;

  const deliver = async (sub: SubOrder) => {
    setBusy(sub.id);
    try {
      await merchantOrdersApi.deliver(sub.id);
      message.success(l('已标记送达', 'Marked delivered'));
      orders.reload();
    } catch (e) {
      message.error(errorText(t, e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div data-testid="merchant-orders-page">
      <Typography.Title level={2}>{t('nav.merchantOrders')}</Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Space wrap>
          <StoreSelect stores={stores.data ?? []} value={storeId} onChange={onStore} />
          <Select
            data-testid="status-select"
            allowClear
            style={{ width: 160 }}
            placeholder={l('全部状态', 'All statuses')}
            value={status}
            options={SUB_ORDER_STATUSES.map((s) => ({ value: s, label: t(`sub.status.${s}`) }))}
            onChange={(v) => setParam('status', v)}
          />
        </Space>
      </Card>
      {orders.error ? (
        <Alert type="error" showIcon title={errorText(t, orders.error)} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<SubOrder>
            rowKey="id"
            loading={orders.loading}
            dataSource={orders.data?.items ?? []}
            onRow={(s) =>
              ({
                'data-testid': 'merchant-order',
                'data-sub-order': s.id,
                'data-status': s.status,
              }) as React.HTMLAttributes<HTMLElement>
            }
            pagination={{
              current: page,
              pageSize: PAGE,
              total: orders.data?.total ?? 0,
              showSizeChanger: false,
              hideOnSinglePage: true,
              onChange: (p) => setParam('page', String(p)),
            }}
            locale={{ emptyText: l('暂无订单', 'No orders') }}
            columns={[
              {
                title: l('订单', 'Order'),
                key: 'id',
                render: (_, s) => (
                  <div>
                    <div>
                      {s.lines
                        .map((x) => {
                          const attrs = Object.values(x.attributes).join(' / ');
                          return `${x.title}${attrs ? `（${attrs}）` : ''} ×${x.quantity}`;
                        })
                        .join('，')}
                    </div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {l('订单号', 'Order no.')} <span translate="no">{orderNo(s.orderId)}</span> ·{' '}
                      {s.storeName ?? storeName(s.storeId)} · {dayjs(s.createdAt).format('MM-DD HH:mm')}
                    </Typography.Text>
                    {s.tracking && (
                      <div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          <span data-testid="order-tracking">
                            {carrierLabel(s.tracking.carrier, zh)}{' '}
                            <span translate="no">{s.tracking.trackingNumber}</span>
                          </span>
                        </Typography.Text>
                      </div>
                    )}
                  </div>
                ),
              },
              {
                title: l('实收', 'Paid'),
                key: 'total',
                align: 'right',
                width: 150,
                render: (_, s) => (
                  <div className="num">
                    {yuan(s.total)}
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {l('商家优惠', 'store-funded')} {yuan(s.merchantFunded)}
                      </Typography.Text>
                    </div>
                  </div>
                ),
              },
              {
                title: l('状态', 'Status'),
                dataIndex: 'status',
                width: 100,
                render: (v: SubOrderStatus) => <SubOrderStatusTag status={v} />,
              },
              {
                title: l('操作', 'Actions'),
                key: 'actions',
                width: 120,
                render: (_, s) =>
                  s.status === 'paid' ? (
                    <Button size="small" type="primary" onClick={() => setShipping(s)} data-testid="ship">
                      {l('发货', 'Ship')}
                    </Button>
                  ) : s.status === 'shipped' ? (
                    <Button
                      size="small"
                      loading={busy === s.id}
                      onClick={() => deliver(s)}
                      data-testid="deliver"
                    >
                      {l('标记送达', 'Mark delivered')}
                    </Button>
                  ) : null,
              },
            ]}
          />
        </Card>
      )}
      {shipping && (
        <ShipDialog
          sub={shipping}
          onClose={() => setShipping(null)}
          onDone={() => {
            setShipping(null);
            orders.reload();
          }}
        />
      )}
    </div>
  );
}

export function MerchantOrdersPage() {
  return (
    <RequireRole allow="merchant">
      <MerchantOrders />
    </RequireRole>
  );
}

export default MerchantOrdersPage;
