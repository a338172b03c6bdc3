import { Alert, App, Badge, Button, Card, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { formatInZone, inZone } from '../../app/time';
import { useAsync } from '../../app/useAsync';
import { programmeApi } from '../api';
import { programmeErrorText } from '../errors';
import { timeRange } from '../grid-model';
import type { Placement, ProgrammeNotice } from '../types';

/** Tells the user menu's badge to count again (after notices are marked read). */
export const NOTICES_CHANGED = 'carnival:programme-notices';

/**
 * 日程变更: one alert per published version that changed sessions I saved, newest first, naming
 * each session with what happened to it (moved from/to, cancelled, retitled or new speakers),
 * linked to its page. Unread ones stand out and can be marked read, one or all.
 */
export function ChangeNotices() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const notices = useAsync(() => programmeApi.notices(), []);
  const items = notices.data ?? [];
  if (items.length === 0) return null;
  const unread = items.filter((n) => !n.readAt).length;

  const markRead = (which: { eventId?: string; version?: number }) =>
    programmeApi.markNoticesRead(which).then(
      () => {
        window.dispatchEvent(new Event(NOTICES_CHANGED));
        notices.reload();
      },
      (e) => message.error(programmeErrorText(t, e)),
    );

  return (
    <Card
      data-testid="programme-notices"
      style={{ marginBottom: 16 }}
      title={
        <Space>
          {t('programme.notice.title')}
          <Badge count={unread} data-testid="programme-notices-unread" />
        </Space>
      }
      extra={
        unread > 0 ? (
          <Button size="small" onClick={() => markRead({})} data-testid="notices-read-all">
            {t('programme.notice.readAll')}
          </Button>
        ) : null
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        {items.map((n) => (
          <Notice
            key={`${n.eventId}-${n.version}`}
            notice={n}
            onRead={() => markRead({ eventId: n.eventId, version: n.version })}
          />
        ))}
      </Space>
    </Card>
  );
}

function Notice({ notice, onRead }: { notice: ProgrammeNotice; onRead(): void }) {
  const { t, pick } = useI18n();
  const tz = notice.event.timezone;
  const rooms = new Map(notice.rooms.map((r) => [r.id, r]));
  const where = (p: Placement) => {
    const room = rooms.get(p.roomId);
    return `${inZone(p.startsAt, tz).format('MM-DD ddd')} ${timeRange(p.startsAt, p.endsAt, tz)}${room ? ` ${pick(room.name)}` : ''}`;
  };
  const { moved, cancelled, changed } = notice.changes;
  // Each saved session once, with everything that happened to it in this version.
  const lines = notice.sessionIds.map((id) => {
    const m = moved.find((c) => c.sessionId === id);
    const x = cancelled.find((c) => c.sessionId === id);
    const c = changed.find((c) => c.sessionId === id);
    const title = c?.title ?? m?.title ?? x?.title ?? '';
    const what: string[] = [];
    if (x) what.push(t('programme.notice.cancelled'));
    if (m) what.push(t('programme.notice.moved', { from: where(m.from), to: where(m.to) }));
    if (c)
      what.push(
        t('programme.notice.changed', {
          fields: c.fields.map((f) => t(`programme.notice.field.${f}`)).join(t('programme.notice.and')),
        }),
      );
    return { id, title, what, cancelled: !!x };
  });
  const read = !!notice.readAt;
  return (
    <Alert
      type={read ? 'info' : 'warning'}
      showIcon
      data-testid="programme-notice"
      data-version={notice.version}
      data-read={read}
      title={
        <span>
          {t('programme.notice.heading', {
            event: pick(notice.event.title),
            n: notice.version,
            count: notice.sessionIds.length,
          })}
        </span>
      }
      description={
        <>
          <ul style={{ margin: '4px 0', paddingInlineStart: 20 }}>
            {lines.map((l) => (
              <li key={l.id} data-testid="notice-session" data-session-id={l.id}>
                <Link to={`/sessions/${l.id}`} data-user-content>
                  {l.title}
                </Link>
                {l.what.length > 0 && (
                  <span>{t('programme.notice.what', { what: l.what.join(t('programme.notice.then')) })}</span>
                )}
              </li>
            ))}
          </ul>
          <Space size={12} wrap>
            <Typography.Text type="secondary">
              {t('programme.notice.at', { time: formatInZone(notice.createdAt, tz) })}
            </Typography.Text>
            <Link to={`/events/${notice.event.slug}/agenda`}>{t('programme.notice.agenda')}</Link>
          </Space>
        </>
      }
      action={
        read ? null : (
          <Button size="small" type="link" onClick={onRead} data-testid="notice-read">
            {t('programme.notice.read')}
          </Button>
        )
      }
    />
  );
}
