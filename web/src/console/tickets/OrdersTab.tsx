import { App, Button, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../app/i18n';
import { yuan } from '../../app/money';
import { useAsync } from '../../app/useAsync';
import { type Ticket, type TicketOrder, ticketsConsoleApi } from './api';
import { CancelTicketModal } from './CancelTicketModal';
import { fmtInstant, useJoin, useTypeNames } from './shared';
import type { TabProps } from './TypesTab';

const ORDER_COLOR = {
  pending_payment: 'gold',
  paid: 'green',
  cancelled: 'default',
  expired: 'default',
} as const;
export const TICKET_COLOR = {
  pending: 'gold',
  valid: 'green',
  cancelled: 'default',
  refunded: 'purple',
} as const;

/** 订单: every order with its buyer, tickets and total; an attendee's ticket can be cancelled here. */
export function OrdersTab({ eventId, setup, reload }: TabProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const typeName = useTypeNames(setup);
  const join = useJoin();
  const orders = useAsync(() => ticketsConsoleApi.orders(eventId), [eventId]);
  const [cancelling, setCancelling] = useState<Ticket | null>(null);

  const ticketsTable = (order: TicketOrder) => (
    <Table<Ticket>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={order.tickets}
      onRow={(tk) =>
        ({ 'data-testid': 'order-ticket', 'data-status': tk.status }) as React.HTMLAttributes<HTMLElement>
      }
      columns={[
        { title: t('tcon.order.type'), render: (_, tk) => typeName(tk.typeId) },
        {
          title: t('tcon.order.attendee'),
          render: (_, tk) => (
            <span data-user-content data-testid="order-attendee">
              {tk.attendeeName} · {tk.attendeeEmail}
            </span>
          ),
        },
        { title: t('tcon.order.price'), align: 'right', render: (_, tk) => yuan(tk.price) },
        {
          title: t('tcon.order.ticketStatus'),
          render: (_, tk) => (
            <Tag color={TICKET_COLOR[tk.status]} data-testid="ticket-status">
              {t(`tcon.ticket.status.${tk.status}`)}
            </Tag>
          ),
        },
        {
          title: '',
          render: (_, tk) =>
            tk.status === 'valid' ? (
              <Button size="small" danger data-testid="ticket-cancel" onClick={() => setCancelling(tk)}>
                {tk.price > 0 ? t('tcon.order.refund') : t('tcon.order.cancel')}
              </Button>
            ) : tk.cancelledAt ? (
              <Typography.Text type="secondary">{fmtInstant(tk.cancelledAt)}</Typography.Text>
            ) : null,
        },
      ]}
    />
  );

  return (
    <div data-testid="orders-tab">
      <Table<TicketOrder>
        rowKey="id"
        size="small"
        loading={orders.loading}
        dataSource={orders.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('tcon.order.none') }}
        expandable={{ expandedRowRender: ticketsTable, expandRowByClick: true }}
        onRow={() => ({ 'data-testid': 'order-row' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('tcon.order.createdAt'), render: (_, o) => fmtInstant(o.createdAt) },
          {
            title: t('tcon.order.buyer'),
            render: (_, o) => (
              <span data-user-content data-testid="order-buyer">
                {o.buyerName} · {o.buyerEmail}
              </span>
            ),
          },
          {
            title: t('tcon.order.tickets'),
            render: (_, o) =>
              `${join([...new Set(o.tickets.map((tk) => typeName(tk.typeId)))])} × ${o.tickets.length}`,
          },
          {
            title: t('tcon.order.total'),
            align: 'right',
            render: (_, o) => (
              <span>
                {o.total === 0 ? t('tcon.type.free') : yuan(o.total)}
                {o.discount > 0 && (
                  <Typography.Text type="secondary" style={{ marginLeft: 6 }}>
                    {t('tcon.order.discount', { amount: yuan(o.discount) })}
                  </Typography.Text>
                )}
              </span>
            ),
          },
          {
            title: t('tcon.order.status'),
            render: (_, o) => <Tag color={ORDER_COLOR[o.status]}>{t(`tcon.order.status.${o.status}`)}</Tag>,
          },
        ]}
      />
      <CancelTicketModal
        ticket={cancelling}
        typeName={cancelling ? typeName(cancelling.typeId) : ''}
        onClose={() => setCancelling(null)}
        onDone={(tk) => {
          message.success(t(tk.status === 'refunded' ? 'tcon.order.refunded' : 'tcon.order.cancelled'));
          setCancelling(null);
          orders.reload();
          reload();
        }}
      />
    </div>
  );
}
