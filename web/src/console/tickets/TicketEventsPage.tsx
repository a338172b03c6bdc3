import { Card, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { campaignsApi } from '../../api';
import { KindTag, StatusTag } from '../../app/campaign-ui';
import { useI18n } from '../../app/i18n';
import { formatRange } from '../../app/time';
import { useAsync } from '../../app/useAsync';

const TICKETED = ['merchant_growth', 'tech_summit'];
type Row = Awaited<ReturnType<typeof campaignsApi.manage>>['items'][number];

/**
 * 票务 (/console/tickets): the conferences and summits this account manages. The server decides
 * which (an organizer's own, every one for operators); each opens its ticket console.
 */
export function TicketEventsPage() {
  const { t, pick } = useI18n();
  const events = useAsync(() => campaignsApi.manage(), []);
  const rows = (events.data?.items ?? []).filter((c) => TICKETED.includes(c.kind));
  return (
    <div data-testid="ticket-events-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('tcon.events.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('tcon.events.intro')}</Typography.Paragraph>
      <Card>
        <Table<Row>
          rowKey="id"
          loading={events.loading}
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('tcon.events.none') }}
          onRow={() => ({ 'data-testid': 'ticket-event' }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('tcon.events.name'),
              render: (_, c) => (
                <Link to={`/console/tickets/${c.id}`} data-testid="ticket-event-open">
                  {pick(c.title)}
                </Link>
              ),
            },
            { title: t('tcon.events.kind'), render: (_, c) => <KindTag kind={c.kind} /> },
            { title: t('tcon.events.status'), render: (_, c) => <StatusTag status={c.status} /> },
            {
              title: t('tcon.events.when'),
              render: (_, c) => formatRange(c.startsAt, c.endsAt, c.timezone, false),
            },
            {
              title: '',
              render: (_, c) => <Link to={`/console/tickets/${c.id}`}>{t('tcon.events.open')}</Link>,
            },
          ]}
        />
      </Card>
    </div>
  );
}
