import { AppstoreOutlined, CalendarOutlined } from '@ant-design/icons';
import { Skeleton, Tabs } from 'antd';
import { lazy, Suspense } from 'react';
import { useI18n } from '../app/i18n';
import { EventList } from './EventList';
import { useHubFilters } from './filters';
import { HubFilterBar } from './HubFilterBar';

// The month grid (antd Calendar and its date-picker machinery) loads when the tab is opened.
const EventCalendar = lazy(() => import('./EventCalendar').then((m) => ({ default: m.EventCalendar })));

export function HubPage() {
  const { t } = useI18n();
  const [filters, update] = useHubFilters();
  return (
    <div data-testid="hub-page">
      <section className="hub-hero">
        <h1>{t('hub.title')}</h1>
        <p>{t('hub.subtitle')}</p>
      </section>
      <HubFilterBar filters={filters} onChange={update} />
      <Tabs
        activeKey={filters.view}
        onChange={(key) => update({ view: key === 'calendar' ? 'calendar' : 'list' })}
        items={[
          {
            key: 'list',
            label: (
              <span data-testid="tab-list">
                <AppstoreOutlined /> {t('hub.tab.list')}
              </span>
            ),
            children: <EventList filters={filters} />,
          },
          {
            key: 'calendar',
            label: (
              <span data-testid="tab-calendar">
                <CalendarOutlined /> {t('hub.tab.calendar')}
              </span>
            ),
            children: (
              <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
                <EventCalendar filters={filters} />
              </Suspense>
            ),
          },
        ]}
      />
    </div>
  );
}
