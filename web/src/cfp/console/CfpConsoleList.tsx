import { Button, Card, Empty, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { campaignsApi } from '../../api';
import { KindTag, StatusTag } from '../../app/campaign-ui';
import { useI18n } from '../../app/i18n';
import { formatRange } from '../../app/time';
import { useAsync } from '../../app/useAsync';

export const CONFERENCE_KINDS = ['tech_summit', 'merchant_growth'];

/** /console/cfp — the conferences the user manages (organizers their own, operators all). */
export function CfpConsoleList() {
  const { t, pick } = useI18n();
  const events = useAsync(() => campaignsApi.manage(), []);
  const conferences = (events.data?.items ?? []).filter((c) => CONFERENCE_KINDS.includes(c.kind));
  return (
    <div data-testid="cfp-console-list">
      <Typography.Title level={3}>{t('cfp.console.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('cfp.console.intro')}</Typography.Paragraph>
      <Card>
        <Table
          rowKey="id"
          loading={events.loading}
          dataSource={conferences}
          pagination={false}
          locale={{ emptyText: <Empty description={t('cfp.console.noEvents')} /> }}
          columns={[
            {
              key: 'title',
              title: t('cfp.console.event'),
              render: (_, c) => <span data-testid="cfp-console-event">{pick(c.title)}</span>,
            },
            { key: 'kind', title: t('event.kind'), render: (_, c) => <KindTag kind={c.kind} /> },
            { key: 'status', title: t('cfp.dash.state'), render: (_, c) => <StatusTag status={c.status} /> },
            {
              key: 'when',
              title: t('event.when'),
              render: (_, c) => formatRange(c.startsAt, c.endsAt, c.timezone, false),
            },
            {
              key: 'open',
              title: '',
              render: (_, c) => (
                <Link to={`/console/cfp/${c.id}`} data-testid="cfp-console-open" data-event-id={c.id}>
                  <Button type="primary" size="small">
                    {t('cfp.console.open')}
                  </Button>
                </Link>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
