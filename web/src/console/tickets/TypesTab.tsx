import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../app/i18n';
import { yuan } from '../../app/money';
import type { TicketSetup, TicketType } from './api';
import { fmtInstant, useJoin, useTypeNames } from './shared';
import { TypeDrawer } from './TypeDrawer';

export interface TabProps {
  eventId: string;
  setup: TicketSetup;
  reload(): void;
}

/** 票种: every ticket type with its rules and seats left; add or edit one in a drawer. */
export function TypesTab({ eventId, setup, reload }: TabProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const typeName = useTypeNames(setup);
  const join = useJoin();
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState<TicketType | null>(null);

  const saleWindow = (ty: TicketType) =>
    ty.saleStartsAt || ty.saleEndsAt
      ? `${fmtInstant(ty.saleStartsAt) || t('tcon.type.now')} – ${fmtInstant(ty.saleEndsAt) || t('tcon.type.eventEnd')}`
      : t('tcon.type.untilEventEnd');

  return (
    <div data-testid="types-tab">
      <Space style={{ marginBottom: 12 }}>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          data-testid="type-new"
          onClick={() => {
            setEditing(null);
            setOpen(true);
          }}
        >
          {t('tcon.type.new')}
        </Button>
        <Typography.Text type="secondary">{t('tcon.type.quotaHint')}</Typography.Text>
      </Space>
      <Table<TicketType>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={setup.types}
        locale={{ emptyText: t('tcon.type.none') }}
        onRow={() => ({ 'data-testid': 'type-row' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('tcon.type.name'),
            render: (_, ty) => (
              // Both names as the organizer typed them (user content: the i18n walk skips them).
              <div data-user-content>
                <div data-testid="type-name">{ty.name['zh-CN']}</div>
                <Typography.Text type="secondary" lang="en">
                  {ty.name['en-US']}
                </Typography.Text>
              </div>
            ),
          },
          {
            title: t('tcon.type.price'),
            align: 'right',
            render: (_, ty) => (ty.price === 0 ? t('tcon.type.free') : yuan(ty.price)),
          },
          { title: t('tcon.type.window'), render: (_, ty) => saleWindow(ty) },
          {
            title: t('tcon.type.limits'),
            render: (_, ty) =>
              t('tcon.type.limitsValue', {
                order: ty.maxPerOrder,
                account: ty.maxPerAccount ?? t('tcon.type.noLimit'),
              }),
          },
          {
            title: t('tcon.type.who'),
            render: (_, ty) => (
              <Space size={4} wrap>
                {ty.visibility === 'hidden' && <Tag color="orange">{t('tcon.visibility.hidden')}</Tag>}
                <span>
                  {ty.audience === 'roles'
                    ? join(ty.audienceRoles.map((r) => t(`role.${r}` as never)))
                    : t(`tcon.audience.${ty.audience}`)}
                </span>
              </Space>
            ),
          },
          {
            title: t('tcon.type.addonOf'),
            render: (_, ty) => (ty.addonOf.length ? join(ty.addonOf.map(typeName)) : '—'),
          },
          {
            title: t('tcon.type.available'),
            align: 'right',
            render: (_, ty) => (
              <b
                data-testid="type-available"
                style={{ whiteSpace: 'nowrap', color: ty.available === 0 ? '#cf1322' : undefined }}
              >
                {ty.available === 0 ? t('tcon.type.soldOut') : ty.available}
              </b>
            ),
          },
          {
            title: '',
            render: (_, ty) => (
              <Button
                size="small"
                data-testid="type-edit"
                onClick={() => {
                  setEditing(ty);
                  setOpen(true);
                }}
              >
                {t('tcon.edit')}
              </Button>
            ),
          },
        ]}
      />
      <TypeDrawer
        eventId={eventId}
        setup={setup}
        editing={editing}
        open={open}
        onClose={() => setOpen(false)}
        onSaved={() => {
          message.success(t('tcon.saved'));
          setOpen(false);
          reload();
        }}
      />
    </div>
  );
}
