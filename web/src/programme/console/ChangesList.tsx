import { Tag } from 'antd';
import { useI18n } from '../../app/i18n';
import { inZone } from '../../app/time';
import type { Changes, Placement, Room } from '../types';

/** A changelog (new, moved, cancelled, changed), as pretalx shows it between two versions. */
export function ChangesList({ changes, rooms, tz }: { changes: Changes; rooms: Room[]; tz: string }) {
  const { t, pick } = useI18n();
  const where = (p: Placement) => {
    const room = rooms.find((r) => r.id === p.roomId);
    return `${inZone(p.startsAt, tz).format('MM-DD HH:mm')} ${room ? pick(room.name) : ''}`.trim();
  };
  const rows = [
    ...changes.new.map((c) => ({
      key: `n${c.sessionId}`,
      kind: 'new' as const,
      title: c.title,
      text: where(c.placement),
    })),
    ...changes.moved.map((c) => ({
      key: `m${c.sessionId}`,
      kind: 'moved' as const,
      title: c.title,
      text: t('programme.change.movedFrom', { from: where(c.from), to: where(c.to) }),
    })),
    ...changes.cancelled.map((c) => ({
      key: `c${c.sessionId}`,
      kind: 'cancelled' as const,
      title: c.title,
      text: '',
    })),
    ...changes.changed.map((c) => ({
      key: `x${c.sessionId}`,
      kind: 'changed' as const,
      title: c.title,
      text: '',
    })),
  ];
  if (rows.length === 0) return <span style={{ color: '#8c8c8c' }}>{t('programme.versions.noChanges')}</span>;
  const color = { new: 'green', moved: 'blue', cancelled: 'red', changed: 'orange' };
  return (
    <ul style={{ paddingInlineStart: 0, listStyle: 'none', margin: 0 }} data-testid="changes">
      {rows.map((r) => (
        <li key={r.key} data-testid="change" data-kind={r.kind} style={{ padding: '2px 0' }}>
          <Tag color={color[r.kind]}>{t(`programme.change.${r.kind}`)}</Tag>
          <span data-user-content>{r.title}</span>
          {r.text && <span style={{ color: '#8c8c8c', marginInlineStart: 8 }}>{r.text}</span>}
        </li>
      ))}
    </ul>
  );
}
