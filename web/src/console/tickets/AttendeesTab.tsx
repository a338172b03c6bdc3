import { DownloadOutlined } from '@ant-design/icons';
import { Button, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../app/i18n';
import { useAsync } from '../../app/useAsync';
import { csvUrl, type Ticket, ticketsConsoleApi } from './api';
import { TICKET_COLOR } from './OrdersTab';
import { useTypeNames } from './shared';
import type { TabProps } from './TypesTab';

/** 参会人: every ticket's attendee with the answers to the questions; search (the `q` param), CSV. */
export function AttendeesTab({ eventId, setup }: TabProps) {
  const { t, pick, locale } = useI18n();
  const typeName = useTypeNames(setup);
  const [q, setQ] = useState('');
  const attendees = useAsync(() => ticketsConsoleApi.attendees(eventId, q), [eventId, q]);
  const labels = new Map(setup.questions.map((qu) => [qu.id, pick(qu.label)]));

  return (
    <div data-testid="attendees-tab">
      <Space style={{ marginBottom: 12 }} wrap>
        <Input.Search
          allowClear
          data-testid="attendee-search"
          placeholder={t('tcon.attendee.search')}
          enterButton={t('tcon.attendee.searchButton')}
          style={{ width: 360 }}
          maxLength={100}
          onSearch={(v) => setQ(v.trim())}
        />
        <a href={csvUrl.attendees(eventId, q)} download data-testid="attendee-csv">
          <Button icon={<DownloadOutlined />}>{t('tcon.exportCsv')}</Button>
        </a>
        {q && (
          <Typography.Text type="secondary" data-testid="attendee-count">
            {t('tcon.attendee.found', { count: attendees.data?.length ?? 0 })}
          </Typography.Text>
        )}
      </Space>
      <Table<Ticket>
        rowKey="id"
        size="small"
        loading={attendees.loading}
        dataSource={attendees.data ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: q ? t('tcon.attendee.noMatch') : t('tcon.attendee.none') }}
        onRow={() => ({ 'data-testid': 'attendee-row' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('tcon.attendee.name'),
            render: (_, a) => (
              <span data-user-content data-testid="attendee-name">
                {a.attendeeName}
              </span>
            ),
          },
          {
            title: t('tcon.attendee.email'),
            render: (_, a) => <span data-user-content>{a.attendeeEmail}</span>,
          },
          {
            title: t('tcon.attendee.company'),
            render: (_, a) => <span data-user-content>{a.attendeeCompany || '—'}</span>,
          },
          { title: t('tcon.order.type'), render: (_, a) => typeName(a.typeId) },
          {
            title: t('tcon.order.ticketStatus'),
            render: (_, a) => <Tag color={TICKET_COLOR[a.status]}>{t(`tcon.ticket.status.${a.status}`)}</Tag>,
          },
          {
            title: t('tcon.attendee.answers'),
            render: (_, a) => {
              const answers = Object.entries(a.answers).filter(([, v]) => v);
              if (answers.length === 0) return '—';
              return (
                <div data-testid="attendee-answers">
                  {answers.map(([id, v]) => (
                    <div key={id}>
                      {/* The organizer's own words for the question. */}
                      <Typography.Text type="secondary" data-user-content>
                        {labels.get(id) ?? t('tcon.attendee.oldQuestion')}
                      </Typography.Text>
                      {locale === 'zh-CN' ? '：' : ': '}
                      <span data-user-content>{v}</span>
                    </div>
                  ))}
                </div>
              );
            },
          },
        ]}
      />
    </div>
  );
}
