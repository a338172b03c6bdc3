import { Alert, Card, List, Segmented, Table, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { isApiError, ORDER_STATUSES, type Order, type OrderStatus, ordersApi } from '../api';
import { useI18n } from '../app/i18n';
import { dayjs } from '../app/time';
import { useAsync } from '../app/useAsync';
import { useNarrow } from '../app/useNarrow';
import { useText, yuan } from '../merchant/format';
import { OrderStatusTag } from './labels';
import { RequireRole } from './RequireRole';
import './orders.css';

const PAGE = 20;

/** 我的订单: newest first, filtered by status, each with what is in it and what it cost. */
function Orders() {
  const { t } = useI18n();
  const { l } = useText();
  const [params, setParams] = useSearchParams();
  // Under 768 px the table becomes a list of cards (issue 9 item 8).
  const narrow = useNarrow();
  const status = (params.get('status') as OrderStatus | null) ?? undefined;
  const page = Number(params.get('page') ?? '1') || 1;
  const orders = useAsync(
    () => ordersApi.list({ status, limit: PAGE, offset: (page - 1) * PAGE }),
    [status, page],
  );

  const items = (o: Order) => {
    const lines = o.subOrders.flatMap((s) => s.lines);
    const first = lines[0]?.title ?? '';
    const count = lines.reduce((s, x) => s + x.quantity, 0);
    return lines.length > 1
      ? l(`${first} 等 ${count} 件`, `${first} and more (${count})`)
      : `${first} ×${count}`;
  };

  return (
    <div data-testid="orders-page">
      <Typography.Title level={2}>{t('nav.orders')}</Typography.Title>
      {/* Eight states do not fit a phone: the strip scrolls sideways on its own, not the page. */}
      <div className="orders-filter">
        <Segmented
          value={status ?? 'all'}
          options={[
            { value: 'all', label: l('全部', 'All') },
            ...ORDER_STATUSES.map((s) => ({ value: s, label: t(`order.status.${s}`) })),
          ]}
          onChange={(v) => setParams(v === 'all' ? {} : { status: String(v) })}
        />
      </div>
      {orders.error ? (
        <Alert
          type="error"
          showIcon
          title={isApiError(orders.error) ? orders.error.message : String(orders.error)}
        />
      ) : narrow ? (
        <List<Order>
          loading={orders.loading}
          dataSource={orders.data?.items ?? []}
          locale={{ emptyText: l('还没有订单', 'No orders yet') }}
          pagination={
            (orders.data?.total ?? 0) > PAGE && {
              current: page,
              pageSize: PAGE,
              total: orders.data?.total ?? 0,
              size: 'small',
              onChange: (p) => setParams({ ...(status ? { status } : {}), page: String(p) }),
            }
          }
          renderItem={(o) => (
            <Card size="small" className="order-card" data-testid="order-row" data-order={o.id}>
              <div className="order-card-head">
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {o.subOrders.map((s) => s.storeName ?? s.storeId).join('、')}
                </Typography.Text>
                <OrderStatusTag status={o.status} />
              </div>
              <Link to={`/orders/${o.id}`} data-testid="order-link" className="order-card-title">
                {items(o)}
              </Link>
              <div className="order-card-head">
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {dayjs(o.createdAt).format('YYYY-MM-DD HH:mm')}
                </Typography.Text>
                <span className="num">{yuan(o.total)}</span>
              </div>
            </Card>
          )}
        />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<Order>
            rowKey="id"
            loading={orders.loading}
            dataSource={orders.data?.items ?? []}
            onRow={(o) =>
              ({ 'data-testid': 'order-row', 'data-order': o.id }) as React.HTMLAttributes<HTMLElement>
            }
            pagination={{
              current: page,
              pageSize: PAGE,
              total: orders.data?.total ?? 0,
              showSizeChanger: false,
              hideOnSinglePage: true,
              onChange: (p) => setParams({ ...(status ? { status } : {}), page: String(p) }),
            }}
            locale={{ emptyText: l('还没有订单', 'No orders yet') }}
            columns={[
              {
                title: l('订单', 'Order'),
                key: 'id',
                render: (_, o) => (
                  <div>
                    <Link to={`/orders/${o.id}`} data-testid="order-link">
                      {items(o)}
                    </Link>
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {o.id} ·{' '}
                        {o.subOrders.map((s) => s.storeName ?? s.storeId).join('、') ||
                          l(`${o.subOrders.length} 个店铺`, `${o.subOrders.length} store(s)`)}
                      </Typography.Text>
                    </div>
                  </div>
                ),
              },
              {
                title: l('下单时间', 'Placed'),
                dataIndex: 'createdAt',
                width: 170,
                render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
              },
              {
                title: l('金额', 'Total'),
                dataIndex: 'total',
                width: 130,
                align: 'right',
                render: (v: number) => <span className="num">{yuan(v)}</span>,
              },
              {
                title: l('状态', 'Status'),
                dataIndex: 'status',
                width: 120,
                render: (s: OrderStatus) => <OrderStatusTag status={s} />,
              },
            ]}
          />
        </Card>
      )}
    </div>
  );
}

export function OrdersPage() {
  return (
    <RequireRole allow="consumer">
      <Orders />
    </RequireRole>
  );
}

export default OrdersPage;
