import { ArrowLeftOutlined, FileTextOutlined } from '@ant-design/icons';
import { Alert, Card, Descriptions, Skeleton, Space, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../../api';
import type { MessageKey } from '../../app/i18n';
import { useI18n } from '../../app/i18n';
import { NotFound } from '../../app/NotFound';
import { inZone } from '../../app/time';
import { useAsync } from '../../app/useAsync';
import { programmeApi } from '../api';
import { programmeErrorText } from '../errors';
import { timeRange } from '../grid-model';
import '../programme.css';
import { FeedbackForm } from '../me/FeedbackForm';
import { SeatPanel } from './SeatPanel';
import { SpeakerCard } from './SpeakerCard';
import { StarButton } from './StarButton';
import { useSaved } from './useSaved';

/** A published session: speakers, abstract, room and time in the event's zone, documents. */
export default function SessionPage() {
  const { id = '' } = useParams();
  const { t, pick } = useI18n();
  const detail = useAsync(() => programmeApi.session(id), [id]);
  const { saved, toggle } = useSaved(detail.data?.event.id);

  if (detail.error) {
    if (isApiError(detail.error) && detail.error.status === 404)
      return <NotFound title={t('programme.session.notFound')} />;
    return <Alert type="error" showIcon title={programmeErrorText(t, detail.error)} />;
  }
  const data = detail.data;
  if (!data) return <Skeleton active paragraph={{ rows: 8 }} />;
  const { session, event, room, track, me } = data;
  const tz = event.timezone;
  const p = session.placement;

  return (
    <article data-testid="session-page" data-session-id={session.id} style={{ maxWidth: 880 }}>
      <Link to={`/events/${event.id}/agenda`} style={{ color: '#595959' }}>
        <ArrowLeftOutlined /> {t('programme.session.backToAgenda')} · {pick(event.title)}
      </Link>
      <Space align="start" style={{ width: '100%', justifyContent: 'space-between', marginTop: 8 }}>
        <Typography.Title level={2} data-user-content data-testid="session-title" style={{ marginTop: 0 }}>
          {session.title}
        </Typography.Title>
        <StarButton on={saved.has(session.id)} onToggle={() => void toggle(session.id)} />
      </Space>
      <Space wrap style={{ marginBottom: 12 }}>
        <Tag>{t(`programme.kind.${session.kind}` as MessageKey)}</Tag>
        {track && <Tag color={track.color}>{pick(track.name)}</Tag>}
      </Space>
      <Card>
        <Descriptions
          column={1}
          size="small"
          items={[
            {
              key: 'when',
              label: t('programme.session.when'),
              children: p ? (
                <span data-testid="session-when">
                  {inZone(p.startsAt, tz).format('YYYY-MM-DD ddd')} {timeRange(p.startsAt, p.endsAt, tz)} (
                  {tz})
                </span>
              ) : (
                '—'
              ),
            },
            { key: 'room', label: t('programme.session.room'), children: room ? pick(room.name) : '—' },
            ...(session.level
              ? [
                  {
                    key: 'level',
                    label: t('programme.session.level'),
                    children: t(`programme.level.${session.level}`),
                  },
                ]
              : []),
            {
              key: 'lang',
              label: t('programme.session.language'),
              children: t(`programme.language.${session.language}`),
            },
          ]}
        />
      </Card>
      <SeatPanel detail={data} onChange={detail.reload} />
      {session.abstract && (
        <section className="event-section">
          <h2>{t('programme.session.abstract')}</h2>
          <Typography.Paragraph data-user-content style={{ whiteSpace: 'pre-wrap' }}>
            {session.abstract}
          </Typography.Paragraph>
        </section>
      )}
      {session.speakers.length > 0 && (
        <section className="event-section">
          <h2>{t('programme.session.speakers')}</h2>
          {session.speakers.map((s) => (
            <SpeakerCard key={s.id} speaker={s} eventRef={event.id} />
          ))}
        </section>
      )}
      {session.documents.length > 0 && (
        <section className="event-section" data-testid="session-documents">
          <h2>{t('programme.session.documents')}</h2>
          <ul>
            {session.documents.map((d) => (
              <li key={d.url}>
                <a href={d.url} target="_blank" rel="noreferrer" data-user-content>
                  <FileTextOutlined /> {d.title}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {me?.canGiveFeedback && !me.feedbackGiven && (
        <section className="event-section">
          <h2>{t('programme.me.rateTitle', { title: session.title })}</h2>
          <FeedbackForm sessionId={session.id} onDone={detail.reload} />
        </section>
      )}
    </article>
  );
}
