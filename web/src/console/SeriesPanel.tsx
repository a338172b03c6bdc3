import { App, Button, Empty, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { seriesApi } from '../api';
import { useI18n } from '../app/i18n';
import { useAsync } from '../app/useAsync';
import { useServerErrors } from '../app/useServerErrors';
import { useSession } from '../auth/session';

export function SeriesPanel() {
  const { t, pick } = useI18n();
  const { data, loading } = useAsync(() => seriesApi.list(), []);
  const navigate = useNavigate();
  const onError = useServerErrors();
  const { message } = App.useApp();
  const [spawning, setSpawning] = useState<string | null>(null);
  // Only operators spawn editions (POST /api/series/:id/spawn answers 403 to anyone else), so an
  // organizer is not offered a button that can only fail.
  const canSpawn = useSession().user?.role === 'operator';

  const spawn = async (id: string) => {
    setSpawning(id);
    try {
      const campaign = await seriesApi.spawn(id);
      message.success(t('console.series.spawned'));
      navigate(`/console/campaigns/${campaign.id}`);
    } catch (e) {
      onError(e);
    } finally {
      setSpawning(null);
    }
  };

  return (
    <div className="event-section" data-testid="series-panel">
      <h2>{t('console.series')}</h2>
      {loading && !data ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : (data ?? []).length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('console.series.empty')} />
      ) : (
        (data ?? []).map((s) => (
          <div key={s.id} className="series-item" data-testid="series-item" data-series-id={s.id}>
            <div style={{ fontWeight: 500 }}>{pick(s.name)}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('console.series.editions', { n: s.editions })} · {s.timezone}
            </Typography.Text>
            {canSpawn && (
              <div style={{ marginTop: 8 }}>
                <Button
                  size="small"
                  loading={spawning === s.id}
                  onClick={() => spawn(s.id)}
                  data-testid="series-spawn"
                >
                  {t('console.series.spawn')}
                </Button>
              </div>
            )}
          </div>
        ))
      )}
    </div>
  );
}
