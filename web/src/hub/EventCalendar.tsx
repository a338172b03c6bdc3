import { Calendar, Spin } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { type CampaignSummary, campaignsApi } from '../api';
import { useI18n } from '../app/i18n';
import { dayjs, inZone } from '../app/time';
import { useAsync } from '../app/useAsync';
import type { HubFilters } from './filters';

const MAX_PER_DAY = 3;

/** A month of events; an event shows on every day it spans, in its own time zone. */
export function EventCalendar({ filters }: { filters: HubFilters }) {
  const { t, pick } = useI18n();
  const [month, setMonth] = useState<Dayjs>(() => dayjs());
  const from = month.startOf('month').startOf('week').subtract(1, 'day');
  const to = month.endOf('month').endOf('week').add(1, 'day');
  const { kind, audiences, q } = filters;
  const { data, loading } = useAsync(
    () =>
      campaignsApi.list({
        kind: kind ? [kind] : undefined,
        audience: audiences,
        q: q || undefined,
        from: from.format('YYYY-MM-DD'),
        to: to.format('YYYY-MM-DD'),
        limit: 200,
      }),
    [kind, audiences.join(','), q, from.format('YYYY-MM-DD')],
  );

  const spans = useMemo(
    () =>
      (data?.items ?? []).map((c) => ({
        campaign: c,
        first: inZone(c.startsAt, c.timezone).format('YYYY-MM-DD'),
        last: inZone(c.endsAt, c.timezone).format('YYYY-MM-DD'),
      })),
    [data],
  );

  const eventsOn = (day: Dayjs): CampaignSummary[] => {
    const d = day.format('YYYY-MM-DD');
    return spans.filter((s) => s.first <= d && d <= s.last).map((s) => s.campaign);
  };

  return (
    <Spin spinning={loading}>
      <div style={{ background: '#fff', borderRadius: 12, padding: '8px 16px' }} data-testid="event-calendar">
        <Calendar
          value={month}
          onPanelChange={(d) => setMonth(d)}
          onSelect={(d, info) => {
            if (info.source !== 'date') setMonth(d);
          }}
          cellRender={(day, info) => {
            if (info.type !== 'date') return info.originNode;
            const events = eventsOn(day);
            return (
              <div>
                {events.slice(0, MAX_PER_DAY).map((c) => (
                  <Link
                    key={c.id}
                    to={`/events/${encodeURIComponent(c.slug)}`}
                    className="calendar-event"
                    style={{ background: c.theme.primaryColor }}
                    title={pick(c.title)}
                    data-testid="calendar-event"
                    onClick={(e) => e.stopPropagation()}
                  >
                    {pick(c.title)}
                  </Link>
                ))}
                {events.length > MAX_PER_DAY && (
                  <span className="calendar-more">{t('hub.more', { n: events.length - MAX_PER_DAY })}</span>
                )}
              </div>
            );
          }}
        />
      </div>
    </Spin>
  );
}
