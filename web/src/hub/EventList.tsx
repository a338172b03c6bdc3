import { Alert, Empty, Skeleton } from 'antd';
import { campaignsApi } from '../api';
import { useI18n } from '../app/i18n';
import { useAsync } from '../app/useAsync';
import { errorText } from '../app/useServerErrors';
import { eventCountText } from './count';
import { EventCard } from './EventCard';
import type { HubFilters } from './filters';

export function EventList({ filters }: { filters: HubFilters }) {
  const { t } = useI18n();
  const { kind, audiences, q } = filters;
  const audienceKey = audiences.join(',');
  const { data, error, loading } = useAsync(
    () =>
      campaignsApi.list({
        kind: kind ? [kind] : undefined,
        audience: audiences,
        q: q || undefined,
        limit: 100,
      }),
    [kind, audienceKey, q],
  );

  if (error)
    return <Alert type="error" showIcon title={t('common.error')} description={errorText(t, error)} />;
  if (!data) return <Skeleton active paragraph={{ rows: 6 }} />;
  return (
    <div data-testid="event-list" data-loading={loading ? 'true' : 'false'} aria-busy={loading}>
      <div style={{ color: '#8c8c8c', margin: '0 0 12px' }} data-testid="event-total">
        {eventCountText(t, data.total, data.totalCapped)}
      </div>
      {data.items.length === 0 ? (
        <Empty description={t('hub.empty')} style={{ padding: 48 }} />
      ) : (
        <div className="event-grid">
          {data.items.map((c) => (
            <EventCard key={c.id} campaign={c} />
          ))}
        </div>
      )}
    </div>
  );
}
