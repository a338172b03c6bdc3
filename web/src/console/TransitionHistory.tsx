import { Empty, Timeline } from 'antd';
import { campaignsApi } from '../api';
import { useI18n } from '../app/i18n';
import { dayjs } from '../app/time';
import { useAsync } from '../app/useAsync';

export function TransitionHistory({
  campaignId,
  version,
  status,
}: {
  campaignId: string;
  version: number;
  status: string;
}) {
  const { t } = useI18n();
  const { data } = useAsync(() => campaignsApi.transitions(campaignId), [campaignId, version, status]);
  const items = data ?? [];
  return (
    <div className="event-section" data-testid="transition-history">
      <h2>{t('transition.history')}</h2>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('transition.history.empty')} />
      ) : (
        <Timeline
          items={[...items].reverse().map((h, i) => ({
            key: `${h.at}-${i}`,
            content: (
              <div data-testid="transition-item" data-to={h.to}>
                <div>
                  {h.from ? t(`status.${h.from}`) : '—'} → <b>{t(`status.${h.to}`)}</b>
                </div>
                <div style={{ color: '#8c8c8c', fontSize: 12 }}>
                  {dayjs(h.at).format('YYYY-MM-DD HH:mm')} · {t(`role.${h.actorRole}`)}
                </div>
                {h.reason && <div style={{ fontSize: 13, marginTop: 2 }}>“{h.reason}”</div>}
              </div>
            ),
          }))}
        />
      )}
    </div>
  );
}
