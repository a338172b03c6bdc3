import { Tag } from 'antd';
import { Link } from 'react-router-dom';
import type { MessageKey } from '../../app/i18n';
import { useI18n } from '../../app/i18n';
import { timeRange } from '../grid-model';
import type { Room, Session, Track } from '../types';
import { StarButton } from './StarButton';

/** One session of the agenda: time, room, track, speakers, and its ☆. */
export function AgendaItem({
  session,
  tz,
  room,
  track,
  saved,
  onToggle,
}: {
  session: Session;
  tz: string;
  room: Room | undefined;
  track: Track | undefined;
  saved: boolean;
  onToggle(): void;
}) {
  const { t, pick } = useI18n();
  const p = session.placement!;
  const isBreak = session.kind === 'break';
  return (
    <div
      className={`agenda-item${isBreak ? ' agenda-item-break' : ''}`}
      style={{ borderInlineStartColor: isBreak ? '#d9d9d9' : (track?.color ?? '#1677ff') }}
      data-testid="agenda-session"
      data-session-id={session.id}
    >
      <div style={{ minWidth: 0 }}>
        {isBreak ? (
          <strong data-user-content>{session.title}</strong>
        ) : (
          <Link to={`/sessions/${session.id}`} data-user-content style={{ fontWeight: 500 }}>
            {session.title}
          </Link>
        )}
        <div className="agenda-item-meta">
          {timeRange(p.startsAt, p.endsAt, tz)}
          {room ? ` · ${pick(room.name)}` : ''}
          {!isBreak && session.kind !== 'talk'
            ? ` · ${t(`programme.kind.${session.kind}` as MessageKey)}`
            : ''}
        </div>
        {session.speakers.length > 0 && (
          <div className="agenda-item-meta" data-user-content>
            {session.speakers.map((s) => (s.company ? `${s.name}（${s.company}）` : s.name)).join('、')}
          </div>
        )}
        {track && !isBreak && (
          <Tag color={track.color} style={{ marginTop: 4 }}>
            {pick(track.name)}
          </Tag>
        )}
        {session.seats !== null && session.status === 'confirmed' && (
          <SeatsTag seats={session.seats} taken={session.seatsTaken} />
        )}
      </div>
      {!isBreak && <StarButton on={saved} onToggle={onToggle} />}
    </div>
  );
}

/** A workshop's seats at a glance: 剩余 N 席, or 已满 (the session page reserves). */
export function SeatsTag({ seats, taken }: { seats: number; taken: number }) {
  const { t } = useI18n();
  const left = Math.max(0, seats - taken);
  return (
    <Tag
      color={left === 0 ? 'red' : 'cyan'}
      style={{ marginTop: 4 }}
      data-testid="agenda-seats"
      data-left={left}
    >
      {left === 0 ? t('programme.seat.full') : t('programme.seat.leftTag', { n: left })}
    </Tag>
  );
}
