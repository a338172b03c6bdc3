import { Alert, Button, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { campaignsApi } from '../../api/campaigns';
import { StatusTag } from '../../app/campaign-ui';
import { useI18n } from '../../app/i18n';
import { formatRange } from '../../app/time';
import { useAsync } from '../../app/useAsync';
import { programmeErrorText } from '../errors';

/** Conferences have a programme: the two ticketed kinds. */
export const CONFERENCE_KINDS = ['tech_summit', 'merchant_growth'];

/** 日程: the conferences the user manages (organizers their own, operators all), each opening its schedule. */
export function ProgrammeEventsPage() {
  const { t, pick } = useI18n();
  const events = useAsync(() => campaignsApi.manage(), []);
  const rows = (events.data?.items ?? []).filter((c) => CONFERENCE_KINDS.includes(c.kind));
  return (
    <div data-testid="programme-events">
      <Typography.Title level={3}>{t('programme.events.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('programme.events.intro')}</Typography.Paragraph>
      {events.error ? (
        <Alert type="error" showIcon title={programmeErrorText(t, events.error)} />
      ) : (
        <Table
          rowKey="id"
          loading={events.loading}
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: t('programme.events.empty') }}
          columns={[
            {
              key: 'title',
              title: t('programme.events.event'),
              render: (_, c) => pick(c.title),
            },
            {
              key: 'when',
              title: t('programme.events.when'),
              render: (_, c) => formatRange(c.startsAt, c.endsAt, c.timezone, false),
            },
            {
              key: 'status',
              title: t('programme.events.status'),
              render: (_, c) => <StatusTag status={c.status} />,
            },
            {
              key: 'open',
              title: '',
              align: 'right',
              render: (_, c) => (
                <Link to={`/console/programme/${c.id}`} data-testid="programme-open" data-event-id={c.id}>
                  <Button type="primary">{t('programme.events.open')}</Button>
                </Link>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}
