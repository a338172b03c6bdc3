import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, List, Skeleton, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { campaignsApi, isApiError } from '../../api';
import { useI18n } from '../../app/i18n';
import { NotFound } from '../../app/NotFound';
import { inZone } from '../../app/time';
import { useAsync } from '../../app/useAsync';
import { programmeApi } from '../api';
import { programmeErrorText } from '../errors';
import { timeRange } from '../grid-model';
import { SpeakerCard } from './SpeakerCard';

/** A speaker of a published agenda: profile and their sessions. */
export default function SpeakerPage() {
  const { slug = '', id = '' } = useParams();
  const { t, pick } = useI18n();
  const { data, error } = useAsync(
    () =>
      campaignsApi.get(slug).then((c) => programmeApi.speaker(c.id, id).then((s) => ({ campaign: c, ...s }))),
    [slug, id],
  );
  if (error) {
    if (isApiError(error) && error.status === 404)
      return <NotFound title={t('programme.speaker.notFound')} />;
    return <Alert type="error" showIcon title={programmeErrorText(t, error)} />;
  }
  if (!data) return <Skeleton active avatar paragraph={{ rows: 6 }} />;
  const tz = data.campaign.timezone;
  return (
    <article data-testid="speaker-page" style={{ maxWidth: 880 }}>
      <Link to={`/events/${data.campaign.slug}/agenda`} style={{ color: '#595959' }}>
        <ArrowLeftOutlined /> {t('programme.session.backToAgenda')} · {pick(data.campaign.title)}
      </Link>
      <div style={{ marginTop: 16 }}>
        <SpeakerCard speaker={data.speaker} eventRef={data.campaign.slug} full />
      </div>
      <Typography.Title level={4}>{t('programme.speaker.sessions')}</Typography.Title>
      <List
        dataSource={data.sessions}
        renderItem={(s) => (
          <List.Item>
            <List.Item.Meta
              title={
                <Link to={`/sessions/${s.id}`} data-user-content>
                  {s.title}
                </Link>
              }
              description={
                s.placement
                  ? `${inZone(s.placement.startsAt, tz).format('MM-DD ddd')} ${timeRange(s.placement.startsAt, s.placement.endsAt, tz)}`
                  : ''
              }
            />
          </List.Item>
        )}
      />
    </article>
  );
}
