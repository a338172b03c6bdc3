import { Card, List, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { campaignsApi } from '../../api';
import { useI18n } from '../../app/i18n';
import { inZone } from '../../app/time';
import { useAsync } from '../../app/useAsync';
import { programmeApi } from '../api';
import { timeRange } from '../grid-model';

/** 我的工作坊席位: the seats I reserved and my places on waiting lists (give back on the session page). */
export function MySeats() {
  const { t, pick } = useI18n();
  const mine = useAsync(async () => {
    const items = await programmeApi.mySeats();
    const eventIds = [...new Set(items.map((i) => i.session.eventId))];
    const events = await Promise.all(eventIds.map((id) => campaignsApi.get(id).catch(() => null)));
    return { items, events: new Map(events.filter((e) => e).map((e) => [e!.id, e!])) };
  }, []);
  if (!mine.data || mine.data.items.length === 0) return null;
  const { items, events } = mine.data;
  return (
    <Card title={t('programme.me.seats')} style={{ marginBottom: 16 }} data-testid="my-seats">
      <List
        dataSource={items}
        renderItem={({ seat, session }) => {
          const event = events.get(session.eventId);
          const tz = event?.timezone ?? 'Asia/Shanghai';
          const p = session.placement;
          return (
            <List.Item
              data-testid="my-seat"
              data-session-id={session.id}
              data-status={seat.status}
              actions={[
                seat.status === 'reserved' ? (
                  <Tag key="s" color="green">
                    {t('programme.seat.reserved')}
                  </Tag>
                ) : (
                  <Tag key="s" color="orange">
                    {t('programme.seat.waiting', { n: seat.position ?? 1 })}
                  </Tag>
                ),
              ]}
            >
              <List.Item.Meta
                title={
                  <Link to={`/sessions/${session.id}`} data-user-content>
                    {session.title}
                  </Link>
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
    </Card>
  );
}
