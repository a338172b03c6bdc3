import { Alert, Card, Empty, List, Rate, Skeleton, Space, Statistic, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { campaignsApi } from '../../api';
import { useI18n } from '../../app/i18n';
import { formatInZone, inZone } from '../../app/time';
import { useAsync } from '../../app/useAsync';
import { programmeApi } from '../api';
import { programmeErrorText } from '../errors';
import { timeRange } from '../grid-model';

/**
 * 听众反馈: for each session I speak at that is over (the server decides), how many rated it,
 * the average and the comments, without names. Sessions still to come are not listed.
 */
export function SpeakerFeedback() {
  const { t, pick } = useI18n();
  const mine = useAsync(async () => {
    const items = await programmeApi.speakerFeedback();
    const eventIds = [...new Set(items.map((i) => i.session.eventId))];
    const events = await Promise.all(eventIds.map((id) => campaignsApi.get(id).catch(() => null)));
    return { items, events: new Map(events.filter((e) => e).map((e) => [e!.id, e!])) };
  }, []);
  if (mine.error) return <Alert type="error" showIcon title={programmeErrorText(t, mine.error)} />;
  if (!mine.data) return <Skeleton active />;
  const { items, events } = mine.data;
  if (items.length === 0)
    return <Empty description={t('programme.speakerFeedback.empty')} data-testid="speaker-feedback-empty" />;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="speaker-feedback">
      <Typography.Paragraph type="secondary">{t('programme.speakerFeedback.intro')}</Typography.Paragraph>
      {items.map(({ session, ratings, average, feedback }) => {
        const event = events.get(session.eventId);
        const tz = event?.timezone ?? 'Asia/Shanghai';
        const p = session.placement;
        const comments = feedback.filter((f) => f.comment.trim());
        return (
          <Card
            key={session.id}
            data-testid="speaker-feedback-session"
            data-session-id={session.id}
            title={
              <Link to={`/sessions/${session.id}`} data-user-content>
                {session.title}
              </Link>
            }
            extra={
              <Typography.Text type="secondary">
                {p
                  ? `${inZone(p.startsAt, tz).format('YYYY-MM-DD')} ${timeRange(p.startsAt, p.endsAt, tz)}`
                  : ''}
                {event ? ` · ${pick(event.title)}` : ''}
              </Typography.Text>
            }
          >
            <Space size={48} wrap>
              <Statistic
                title={t('programme.speakerFeedback.ratings')}
                value={ratings}
                data-testid="speaker-feedback-ratings"
              />
              <div>
                <Typography.Text type="secondary">{t('programme.speakerFeedback.average')}</Typography.Text>
                <div data-testid="speaker-feedback-average" data-average={average ?? ''}>
                  {average === null ? (
                    t('programme.speakerFeedback.noRatings')
                  ) : (
                    <Space>
                      <Rate disabled allowHalf value={Math.round(average * 2) / 2} />
                      <span>{t('programme.speakerFeedback.score', { score: average.toFixed(1) })}</span>
                    </Space>
                  )}
                </div>
              </div>
            </Space>
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('programme.speakerFeedback.comments', { n: comments.length })}
            </Typography.Title>
            {comments.length === 0 ? (
              <Typography.Text type="secondary">{t('programme.speakerFeedback.noComments')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={comments}
                renderItem={(f, i) => (
                  <List.Item key={i} data-testid="speaker-feedback-comment">
                    <Space orientation="vertical" size={2}>
                      <Space>
                        <Rate disabled value={f.rating} style={{ fontSize: 12 }} />
                        <Typography.Text type="secondary">
                          {t('programme.speakerFeedback.anonymous')} · {formatInZone(f.createdAt, tz)}
                        </Typography.Text>
                      </Space>
                      <Typography.Text data-user-content style={{ whiteSpace: 'pre-wrap' }}>
                        {f.comment}
                      </Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            )}
          </Card>
        );
      })}
    </Space>
  );
}
