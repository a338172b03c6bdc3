import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../app/i18n';
import { yuan } from '../../app/money';
import { useAsync } from '../../app/useAsync';
import { csvUrl, type TicketVoucher, ticketsConsoleApi } from './api';
import { RevokeVoucherModal } from './RevokeVoucherModal';
import { fmtInstant, useJoin, useTypeNames } from './shared';
import type { TabProps } from './TypesTab';
import { VoucherModal } from './VoucherModal';

const STATUS_COLOR = { active: 'green', expired: 'default', revoked: 'red' } as const;

/** 优惠码: the event's vouchers with their uses; one or many new ones; 作废 one; the list as CSV. */
export function VouchersTab({ eventId, setup }: TabProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const typeName = useTypeNames(setup);
  const join = useJoin();
  const vouchers = useAsync(() => ticketsConsoleApi.vouchers(eventId), [eventId]);
  const [open, setOpen] = useState(false);
  const [revoking, setRevoking] = useState<TicketVoucher | null>(null);

  const effectValue = (v: TicketVoucher) => {
    if (v.effect === 'amount') return t('tcon.voucher.amountOff', { amount: yuan(v.value) });
    if (v.effect === 'percent') return t('tcon.voucher.percentOff', { percent: v.value });
    if (v.effect === 'reserve') return t('tcon.voucher.seatsKept', { left: v.reserved });
    return '—';
  };

  return (
    <div data-testid="vouchers-tab">
      <Space style={{ marginBottom: 12 }}>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          data-testid="voucher-new"
          onClick={() => setOpen(true)}
        >
          {t('tcon.voucher.new')}
        </Button>
        <a href={csvUrl.vouchers(eventId)} download data-testid="voucher-csv">
          <Button icon={<DownloadOutlined />}>{t('tcon.exportCsv')}</Button>
        </a>
      </Space>
      <Table<TicketVoucher>
        rowKey="id"
        size="small"
        loading={vouchers.loading}
        dataSource={vouchers.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('tcon.voucher.none') }}
        onRow={() => ({ 'data-testid': 'voucher-row' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('tcon.voucher.code'),
            render: (_, v) => (
              <code translate="no" data-testid="voucher-code-cell">
                {v.code}
              </code>
            ),
          },
          {
            title: t('tcon.voucher.effect'),
            render: (_, v) => (
              <Space size={4}>
                <Tag>{t(`tcon.effect.${v.effect}`)}</Tag>
                {v.waitlistEntryId && <Tag color="purple">{t('tcon.voucher.waitlistOffer')}</Tag>}
              </Space>
            ),
          },
          { title: t('tcon.voucher.value'), render: (_, v) => effectValue(v) },
          {
            title: t('tcon.voucher.uses'),
            align: 'right',
            render: (_, v) => `${v.used} / ${v.maxUses}`,
          },
          {
            title: t('tcon.voucher.validity'),
            render: (_, v) =>
              v.validFrom || v.validUntil
                ? `${fmtInstant(v.validFrom) || '…'} – ${fmtInstant(v.validUntil) || '…'}`
                : t('tcon.voucher.always'),
          },
          {
            title: t('tcon.voucher.types'),
            render: (_, v) => (v.typeIds.length ? join(v.typeIds.map(typeName)) : t('tcon.allTypes')),
          },
          {
            title: t('tcon.voucher.status'),
            render: (_, v) => (
              <Tag color={STATUS_COLOR[v.status]} data-testid="voucher-status">
                {t(`tcon.voucher.status.${v.status}`)}
              </Tag>
            ),
          },
          {
            title: t('tcon.question.actions'),
            render: (_, v) =>
              v.status === 'active' ? (
                <Button size="small" danger data-testid="voucher-revoke" onClick={() => setRevoking(v)}>
                  {t('tcon.voucher.revoke')}
                </Button>
              ) : null,
          },
        ]}
      />
      <RevokeVoucherModal
        voucher={revoking}
        onClose={() => setRevoking(null)}
        onDone={() => {
          message.success(t('tcon.voucher.revoked'));
          setRevoking(null);
          vouchers.reload();
        }}
      />
      <VoucherModal
        eventId={eventId}
        setup={setup}
        open={open}
        onClose={() => setOpen(false)}
        onSaved={(made) => {
          message.success(t('tcon.voucher.made', { count: made.length }));
          setOpen(false);
          vouchers.reload();
        }}
      />
    </div>
  );
}
