import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Result, Skeleton, Tabs, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api';
import { useI18n } from '../../app/i18n';
import { NotFound } from '../../app/NotFound';
import { useAsync } from '../../app/useAsync';
import { AttendeesTab } from './AttendeesTab';
import { ticketsConsoleApi } from './api';
import { CheckinTab } from './CheckinTab';
import { OrdersTab } from './OrdersTab';
import { QuotasTab } from './QuotasTab';
import { SettingsTab } from './SettingsTab';
import { refusalText } from './shared';
import { TypesTab } from './TypesTab';
import { VouchersTab } from './VouchersTab';
import { WaitlistTab } from './WaitlistTab';

const TABS = [
  'types',
  'quotas',
  'vouchers',
  'orders',
  'attendees',
  'waitlist',
  'settings',
  'checkin',
] as const;
type Tab = (typeof TABS)[number];

/**
 * An event's ticket console (/console/tickets/:eventId), one tab an area (docs/tickets.md
 * "Organizer console"). The setup (types, quotas, questions, settings) is loaded once here and
 * shared; the other tabs load their own lists. Someone else's event: the server's 403 as a page.
 */
export function TicketConsolePage() {
  const { eventId = '' } = useParams();
  const { t, pick } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.find((x) => x === params.get('tab')) ?? 'types';
  const setup = useAsync(() => ticketsConsoleApi.setup(eventId), [eventId]);

  if (setup.error) {
    const e = setup.error;
    if (isApiError(e) && e.status === 404) return <NotFound title={t('tcon.notFound')} />;
    if (isApiError(e) && e.status === 403)
      return (
        <Result
          status="403"
          title="403"
          subTitle={t('tcon.forbidden')}
          data-testid="tickets-forbidden"
          extra={
            <Link to="/console/tickets">
              <Button type="primary">{t('tcon.backToEvents')}</Button>
            </Link>
          }
        />
      );
    return <Alert type="error" showIcon title={refusalText(t, e)} data-testid="tickets-error" />;
  }
  if (!setup.data) return <Skeleton active paragraph={{ rows: 10 }} />;
  const s = setup.data;
  const common = { eventId, setup: s, reload: setup.reload };

  const items: { key: Tab; label: string; children: React.ReactNode }[] = [
    { key: 'types', label: t('tcon.tab.types'), children: <TypesTab {...common} /> },
    { key: 'quotas', label: t('tcon.tab.quotas'), children: <QuotasTab {...common} /> },
    { key: 'vouchers', label: t('tcon.tab.vouchers'), children: <VouchersTab {...common} /> },
    { key: 'orders', label: t('tcon.tab.orders'), children: <OrdersTab {...common} /> },
    { key: 'attendees', label: t('tcon.tab.attendees'), children: <AttendeesTab {...common} /> },
    { key: 'waitlist', label: t('tcon.tab.waitlist'), children: <WaitlistTab {...common} /> },
    { key: 'settings', label: t('tcon.tab.settings'), children: <SettingsTab {...common} /> },
    { key: 'checkin', label: t('tcon.tab.checkin'), children: <CheckinTab eventId={eventId} /> },
  ];

  return (
    <div data-testid="ticket-console">
      <Link to="/console/tickets" style={{ display: 'inline-block', marginBottom: 8, color: '#595959' }}>
        <ArrowLeftOutlined /> {t('tcon.backToEvents')}
      </Link>
      <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="ticket-console-title">
        {pick(s.title)} · {t('tcon.title')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        destroyOnHidden
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        items={items.map((i) => ({ ...i, label: <span data-testid={`tcon-tab-${i.key}`}>{i.label}</span> }))}
      />
    </div>
  );
}
