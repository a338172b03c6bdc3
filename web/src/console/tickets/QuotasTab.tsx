import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Progress, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useI18n } from '../../app/i18n';
import { useAsync } from '../../app/useAsync';
import { type TicketQuota, ticketsConsoleApi } from './api';
import { QuotaModal } from './QuotaModal';
import { useJoin, useTypeNames } from './shared';
import type { TabProps } from './TypesTab';

/** 配额: the seat pools the types draw on, with what is held, sold and free; add one or resize. */
export function QuotasTab({ eventId, setup, reload }: TabProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const typeName = useTypeNames(setup);
  const join = useJoin();
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState<TicketQuota | null>(null);
  const waitlist = useAsync(() => ticketsConsoleApi.waitlist(eventId).catch(() => null), [eventId]);
  const waitingByType = useMemo(
    () => new Map((waitlist.data?.types ?? []).map((w) => [w.typeId, w.waiting])),
    [waitlist.data],
  );

  return (
    <div data-testid="quotas-tab">
      <Space style={{ marginBottom: 12 }}>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          data-testid="quota-new"
          onClick={() => {
            setEditing(null);
            setOpen(true);
          }}
        >
          {t('tcon.quota.new')}
        </Button>
        <Typography.Text type="secondary">{t('tcon.quota.intro')}</Typography.Text>
      </Space>
      <Table<TicketQuota>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={setup.quotas}
        locale={{ emptyText: t('tcon.quota.none') }}
        onRow={(q) =>
          ({ 'data-testid': 'quota-row', 'data-name': q.name }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: t('tcon.quota.name'),
            render: (_, q) => (
              <span data-user-content data-testid="quota-name-cell">
                {q.name}
              </span>
            ),
          },
          { title: t('tcon.quota.size'), align: 'right', dataIndex: 'size' },
          { title: t('tcon.quota.held'), align: 'right', dataIndex: 'held' },
          {
            title: t('tcon.quota.sold'),
            align: 'right',
            render: (_, q) => <span data-testid="quota-sold">{q.sold}</span>,
          },
          {
            title: t('tcon.quota.free'),
            align: 'right',
            render: (_, q) => <b data-testid="quota-free">{q.available}</b>,
          },
          {
            title: t('tcon.quota.usage'),
            width: 160,
            render: (_, q) => (
              <Progress
                size="small"
                percent={q.size ? Math.round(((q.held + q.sold) * 100) / q.size) : 100}
                success={{ percent: q.size ? Math.round((q.sold * 100) / q.size) : 0 }}
                showInfo={false}
              />
            ),
          },
          { title: t('tcon.quota.types'), render: (_, q) => join(q.typeIds.map(typeName)) },
          {
            title: '',
            render: (_, q) => (
              <Button
                size="small"
                data-testid="quota-resize"
                onClick={() => {
                  setEditing(q);
                  setOpen(true);
                }}
              >
                {t('tcon.quota.resize')}
              </Button>
            ),
          },
        ]}
      />
      <QuotaModal
        eventId={eventId}
        setup={setup}
        editing={editing}
        waitingByType={waitingByType}
        open={open}
        onClose={() => setOpen(false)}
        onSaved={() => {
          message.success(t('tcon.saved'));
          setOpen(false);
          reload();
          waitlist.reload();
        }}
      />
    </div>
  );
}
