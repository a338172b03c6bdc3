import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Skeleton, Tabs, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { campaignsApi } from '../../api';
import { useI18n } from '../../app/i18n';
import { useAsync } from '../../app/useAsync';
import { cfpApi } from '../api';
import { cfpErrorText } from '../errors';
import { DashboardTab } from './DashboardTab';
import { ProposalsTab } from './ProposalsTab';
import { ReviewersTab } from './ReviewersTab';
import { SettingsTab } from './SettingsTab';

const TABS = ['settings', 'reviewers', 'dashboard', 'proposals'] as const;
type TabKey = (typeof TABS)[number];

/** /console/cfp/:eventId — 设置, 评审人, 评审看板, 议题 (the tab is in ?tab= so a reload keeps it). */
export function CfpConsolePage() {
  const { eventId = '' } = useParams();
  const { t, pick } = useI18n();
  const [params, setParams] = useSearchParams();
  const raw = params.get('tab') as TabKey | null;
  const tab: TabKey = raw && TABS.includes(raw) ? raw : 'settings';
  const event = useAsync(
    () =>
      campaignsApi.manage().then((r) => r.items.find((c) => c.id === eventId) ?? campaignsApi.get(eventId)),
    [eventId],
  );
  const settings = useAsync(() => cfpApi.settings(eventId), [eventId]);

  if (event.error) return <Alert type="error" showIcon title={cfpErrorText(t, event.error)} />;
  if (!event.data || settings.loading) return <Skeleton active />;
  const zone = event.data.timezone;
  return (
    <div data-testid="cfp-console" data-event-id={eventId}>
      <Link to="/console/cfp" style={{ color: '#595959' }}>
        <ArrowLeftOutlined /> {t('cfp.console.back')}
      </Link>
      <Typography.Title level={3} style={{ marginTop: 8 }}>
        {t('cfp.console.title')} · {pick(event.data.title)}
      </Typography.Title>
      {settings.error ? (
        <Alert type="error" showIcon title={cfpErrorText(t, settings.error)} />
      ) : (
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams({ tab: k }, { replace: true })}
          destroyOnHidden
          items={[
            {
              key: 'settings',
              label: <span data-testid="cfp-tab-settings">{t('cfp.tab.settings')}</span>,
              children: (
                <SettingsTab
                  eventId={eventId}
                  zone={zone}
                  settings={settings.data ?? null}
                  onSaved={(s) => settings.setData(s)}
                />
              ),
            },
            {
              key: 'reviewers',
              label: <span data-testid="cfp-tab-reviewers">{t('cfp.tab.reviewers')}</span>,
              children: <ReviewersTab eventId={eventId} tracks={settings.data?.tracks ?? []} />,
            },
            {
              key: 'dashboard',
              label: <span data-testid="cfp-tab-dashboard">{t('cfp.tab.dashboard')}</span>,
              children: <DashboardTab eventId={eventId} />,
            },
            {
              key: 'proposals',
              label: <span data-testid="cfp-tab-proposals">{t('cfp.tab.proposals')}</span>,
              children: <ProposalsTab eventId={eventId} zone={zone} tracks={settings.data?.tracks ?? []} />,
            },
          ]}
        />
      )}
    </div>
  );
}
