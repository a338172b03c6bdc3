import { CopyOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Input, List, Modal, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { campaignsApi } from '../../api';
import { useI18n } from '../../app/i18n';
import { inZone } from '../../app/time';
import { useAsync } from '../../app/useAsync';
import { useSession } from '../../auth/session';
import { programmeApi } from '../api';
import { programmeErrorText } from '../errors';
import { timeRange } from '../grid-model';
import type { Session } from '../types';
import { ChangeNotices } from './ChangeNotices';
import { FeedbackForm } from './FeedbackForm';
import { MySeats } from './MySeats';

/** My schedule: the sessions I saved across conferences, my iCalendar feed, feedback for the ones I attended. */
function MyAgenda() {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const mine = useAsync(async () => {
    const agenda = await programmeApi.myAgenda();
    const eventIds = [...new Set(agenda.items.map((i) => i.entry.eventId))];
    const events = await Promise.all(eventIds.map((id) => campaignsApi.get(id)));
    const started = agenda.items.filter(
      (i) => i.session.placement && Date.parse(i.session.placement.startsAt) <= Date.now(),
    );
    const details = await Promise.all(
      started.map((i) => programmeApi.session(i.session.id).catch(() => null)),
    );
    return {
      agenda,
      events: new Map(events.map((e) => [e.id, e])),
      details: new Map(details.filter((d) => d).map((d) => [d!.session.id, d!])),
    };
  }, []);
  const [rating, setRating] = useState<Session | null>(null);
  const [feedUrl, setFeedUrl] = useState<string | null>(null);

  if (mine.error) return <Alert type="error" showIcon title={programmeErrorText(t, mine.error)} />;
  if (!mine.data) return <Skeleton active paragraph={{ rows: 8 }} />;
  const { agenda, events, details } = mine.data;
  const feed = new URL(feedUrl ?? agenda.feedUrl, window.location.origin).toString();
  const items = [...agenda.items].sort((a, b) =>
    (a.session.placement?.startsAt ?? '').localeCompare(b.session.placement?.startsAt ?? ''),
  );

  return (
    <div data-testid="my-agenda-page" style={{ maxWidth: 960 }}>
      <Typography.Title level={2}>{t('programme.me.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('programme.me.intro')}</Typography.Paragraph>
      <ChangeNotices />
      <MySeats />
      <Card title={t('programme.me.feed')} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{t('programme.me.feedHint')}</Typography.Paragraph>
        <Space.Compact style={{ width: '100%' }}>
          <Input readOnly value={feed} data-testid="my-feed-url" translate="no" />
          <Button
            icon={<CopyOutlined />}
            data-testid="my-feed-copy"
            onClick={() =>
              navigator.clipboard?.writeText(feed).then(
                () => message.success(t('programme.me.copied')),
                () => undefined,
              )
            }
          >
            {t('programme.me.copy')}
          </Button>
          <Button
            icon={<ReloadOutlined />}
            aria-label={t('programme.me.newFeed')}
            title={t('programme.me.newFeed')}
            onClick={() =>
              programmeApi.newFeed().then(
                (r) => setFeedUrl(r.feedUrl),
                (e) => message.error(programmeErrorText(t, e)),
              )
            }
          />
        </Space.Compact>
      </Card>
      {items.length === 0 ? (
        <Empty description={t('programme.me.empty')} />
      ) : (
        <List
          data-testid="my-agenda"
          bordered
          dataSource={items}
          renderItem={({ session }) => {
            const event = events.get(session.eventId);
            const tz = event?.timezone ?? 'Asia/Shanghai';
            const p = session.placement;
            const detail = details.get(session.id);
            return (
              <List.Item
                data-testid="my-agenda-session"
                data-session-id={session.id}
                actions={[
                  detail?.me?.feedbackGiven ? (
                    <Tag key="rated" color="green">
                      {t('programme.me.thanks')}
                    </Tag>
                  ) : detail?.me?.canGiveFeedback ? (
                    <Button key="rate" onClick={() => setRating(session)} data-testid="my-agenda-rate">
                      {t('programme.me.rate')}
                    </Button>
                  ) : null,
                  <Button
                    key="x"
                    type="link"
                    onClick={() =>
                      programmeApi
                        .unsave(session.id)
                        .then(mine.reload, (e) => message.error(programmeErrorText(t, e)))
                    }
                  >
                    {t('programme.agenda.unsave')}
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space size={8} wrap>
                      <Link to={`/sessions/${session.id}`} data-user-content>
                        {session.title}
                      </Link>
                      {session.status === 'cancelled' && (
                        <Tag color="default" data-testid="my-agenda-cancelled">
                          {t('programme.editor.cancelled')}
                        </Tag>
                      )}
                    </Space>
                  }
                  description={
                    <span>
                      {p
                        ? `${inZone(p.startsAt, tz).format('YYYY-MM-DD ddd')} ${timeRange(p.startsAt, p.endsAt, tz)} · `
                        : ''}
                      {event ? pick(event.title) : ''}
                    </span>
                  }
                />
              </List.Item>
            );
          }}
        />
      )}
      {rating && (
        <Modal
          open
          footer={null}
          title={t('programme.me.rateTitle', { title: rating.title })}
          onCancel={() => setRating(null)}
        >
          <FeedbackForm
            sessionId={rating.id}
            onDone={() => {
              setRating(null);
              mine.reload();
            }}
          />
        </Modal>
      )}
    </div>
  );
}

/** Any signed-in user has a schedule; signed-out visitors sign in and come back. */
export default function MyAgendaPage() {
  const { user, loading } = useSession();
  const location = useLocation();
  if (loading) return <Skeleton active />;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  return <MyAgenda />;
}
