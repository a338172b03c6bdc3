import { ArrowLeftOutlined, CalendarOutlined, StarOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Result, Segmented, Select, Skeleton, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api';
import { useI18n } from '../../app/i18n';
import { NotFound } from '../../app/NotFound';
import { formatInZone, inZone } from '../../app/time';
import { useAsync } from '../../app/useAsync';
import { programmeApi } from '../api';
import { programmeErrorText } from '../errors';
import { dayOf } from '../grid-model';
import '../programme.css';
import { AgendaItem } from './AgendaItem';
import { agendaData, seededAgenda } from './agenda-data';
import { useSaved } from './useSaved';

/** The public agenda: by day, filtered by track and room, times in the event's zone, ☆ for my schedule. */
export default function AgendaPage() {
  const { slug = '' } = useParams();
  const { t, pick } = useI18n();
  const [params, setParams] = useSearchParams();
  const { data, error } = useAsync(() => agendaData(slug), [slug], seededAgenda(slug));
  const agenda = data?.agenda;
  const { saved, toggle, signedIn } = useSaved(agenda?.event.id);
  const tz = agenda?.event.timezone ?? 'Asia/Shanghai';
  const [date, setDate] = useState<string | null>(params.get('day'));
  const track = params.get('track');
  const room = params.get('room');

  const title = data ? pick(data.campaign.title) : '';
  useEffect(() => {
    if (title) document.title = `${t('programme.agenda.title')} · ${title}`;
  }, [title, t]);

  const days = agenda?.event.days ?? [];
  const day = date && days.some((d) => d.date === date) ? date : (days[0]?.date ?? null);
  const slots = useMemo(() => {
    if (!agenda || !day) return [];
    const rows = agenda.sessions
      .filter((s) => s.placement && dayOf(s.placement.startsAt, tz) === day)
      .filter((s) => !track || s.trackId === track || s.kind === 'break')
      .filter((s) => !room || s.placement!.roomId === room)
      .sort((a, b) => a.placement!.startsAt.localeCompare(b.placement!.startsAt));
    const byStart = new Map<string, typeof rows>();
    for (const s of rows)
      byStart.set(s.placement!.startsAt, [...(byStart.get(s.placement!.startsAt) ?? []), s]);
    return [...byStart.entries()];
  }, [agenda, day, track, room, tz]);

  if (error) {
    if (isApiError(error) && error.status === 404) return <NotFound title={t('event.notFound')} />;
    return <Alert type="error" showIcon title={programmeErrorText(t, error)} />;
  }
  if (!data || !agenda) return <Skeleton active paragraph={{ rows: 12 }} />;

  const setFilter = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const roomOf = new Map(agenda.rooms.map((r) => [r.id, r]));
  const trackOf = new Map(agenda.tracks.map((tr) => [tr.id, tr]));

  return (
    <div data-testid="agenda-page" data-event-id={agenda.event.id}>
      <Link to={`/events/${data.campaign.slug}`} style={{ color: '#595959' }}>
        <ArrowLeftOutlined /> {t('programme.agenda.back')}
      </Link>
      <Typography.Title level={2} style={{ marginTop: 8 }}>
        {title} · {t('programme.agenda.title')}
      </Typography.Title>
      {!agenda.version ? (
        <Result status="info" title={t('programme.agenda.notPublished')} data-testid="agenda-unpublished" />
      ) : (
        <div data-testid="agenda-rendered" data-version={agenda.version.number}>
          <Typography.Paragraph type="secondary">
            {t('programme.agenda.version', {
              n: agenda.version.number,
              time: formatInZone(agenda.version.publishedAt, tz),
            })}{' '}
            · {t('programme.agenda.timezone', { tz })}
          </Typography.Paragraph>
          <Space wrap style={{ marginBottom: 16 }}>
            <Segmented
              data-testid="agenda-days"
              value={day ?? ''}
              onChange={(v) => {
                setDate(String(v));
                setFilter('day', String(v));
              }}
              options={days.map((d, i) => ({
                value: d.date,
                label: t('programme.editor.day', {
                  n: i + 1,
                  date: inZone(d.startsAt, tz).format('MM-DD ddd'),
                }),
              }))}
            />
            <Select
              data-testid="agenda-track"
              style={{ minWidth: 160 }}
              value={track ?? ''}
              onChange={(v) => setFilter('track', v || null)}
              options={[
                { value: '', label: t('programme.agenda.allTracks') },
                ...agenda.tracks.map((tr) => ({ value: tr.id, label: pick(tr.name) })),
              ]}
            />
            <Select
              data-testid="agenda-room"
              style={{ minWidth: 160 }}
              value={room ?? ''}
              onChange={(v) => setFilter('room', v || null)}
              options={[
                { value: '', label: t('programme.agenda.allRooms') },
                ...agenda.rooms.map((r) => ({ value: r.id, label: pick(r.name) })),
              ]}
            />
            <Button
              icon={<CalendarOutlined />}
              href={programmeApi.agendaIcalUrl(agenda.event.id)}
              data-testid="agenda-ical"
            >
              {t('programme.agenda.ical')}
            </Button>
            {signedIn && (
              <Link to="/me/agenda">
                <Button icon={<StarOutlined />} data-testid="agenda-mine">
                  {t('programme.agenda.myAgenda')}
                </Button>
              </Link>
            )}
          </Space>
          {slots.length === 0 ? (
            <Empty description={t('programme.agenda.empty')} />
          ) : (
            <section className="agenda-day" data-testid="agenda-day" data-date={day}>
              {slots.map(([start, sessions]) => (
                <div className="agenda-slot" key={start}>
                  <div className="agenda-slot-time">{inZone(start, tz).format('HH:mm')}</div>
                  <div className="agenda-slot-items">
                    {sessions.map((s) => (
                      <AgendaItem
                        key={s.id}
                        session={s}
                        tz={tz}
                        room={roomOf.get(s.placement!.roomId)}
                        track={s.trackId ? trackOf.get(s.trackId) : undefined}
                        saved={saved.has(s.id)}
                        onToggle={() => void toggle(s.id)}
                      />
                    ))}
                  </div>
                </div>
              ))}
            </section>
          )}
        </div>
      )}
    </div>
  );
}
