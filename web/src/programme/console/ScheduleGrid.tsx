import { WarningFilled } from '@ant-design/icons';
import { Tooltip } from 'antd';
import type { DragEvent } from 'react';
import { useI18n } from '../../app/i18n';
import { explainConflict } from '../conflict-text';
import { hhmm, rowsOf, SLOT_MINUTES, timeRange } from '../grid-model';
import type { Conflict, Room, Session, Speaker, Track } from '../types';

export const DRAG_TYPE = 'application/x-carnival-session';

interface Props {
  tz: string;
  rooms: Room[];
  tracks: Track[];
  hours: { start: number; end: number };
  /** The day's placed sessions. */
  placed: Session[];
  all: { sessions: Session[]; speakers: Speaker[] };
  conflicts: Map<string, Conflict[]>;
  pickedId: string | null;
  onCell(roomId: string, minutes: number): void;
  onPick(sessionId: string): void;
  onDrop(sessionId: string, roomId: string, minutes: number): void;
}

/** Rooms as columns, quarter-hour rows: click a cell to place the picked session, or drop one on it. */
export function ScheduleGrid({
  tz,
  rooms,
  tracks,
  hours,
  placed,
  all,
  conflicts,
  pickedId,
  onCell,
  onPick,
  onDrop,
}: Props) {
  const { t, pick } = useI18n();
  const slots = (hours.end - hours.start) / SLOT_MINUTES;
  const trackColor = new Map(tracks.map((tr) => [tr.id, tr.color]));
  const column = new Map(rooms.map((r, i) => [r.id, i + 2]));
  const lanes = overlapLanes(placed);

  const drop = (e: DragEvent, roomId: string, minutes: number) => {
    const id = e.dataTransfer.getData(DRAG_TYPE);
    if (!id) return;
    e.preventDefault();
    onDrop(id, roomId, minutes);
  };

  const cells = [];
  for (let i = 0; i < slots; i++) {
    const minutes = hours.start + i * SLOT_MINUTES;
    if (minutes % 60 === 0)
      cells.push(
        <div key={`h${i}`} className="prog-hour" style={{ gridColumn: 1, gridRow: `${i + 2} / span 4` }}>
          {hhmm(minutes)}
        </div>,
      );
    rooms.forEach((room, r) => {
      cells.push(
        // biome-ignore lint/a11y/useSemanticElements: a grid cell the keyboard reaches as a button
        <div
          key={`${room.id}-${i}`}
          role="button"
          tabIndex={0}
          className={`prog-cell${minutes % 60 === 0 ? ' prog-cell-hour' : ''}${pickedId ? ' prog-cell-armed' : ''}`}
          style={{ gridColumn: r + 2, gridRow: i + 2 }}
          data-testid="grid-cell"
          data-room-id={room.id}
          data-time={hhmm(minutes)}
          onClick={() => onCell(room.id, minutes)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === ' ') onCell(room.id, minutes);
          }}
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e) => drop(e, room.id, minutes)}
        />,
      );
    });
  }

  return (
    <div
      className="prog-grid"
      data-testid="schedule-grid"
      style={{
        gridTemplateColumns: `56px repeat(${rooms.length}, minmax(150px, 1fr))`,
        gridTemplateRows: `auto repeat(${slots}, 20px)`,
      }}
    >
      {rooms.map((room, r) => (
        <div key={room.id} className="prog-room-head" style={{ gridColumn: r + 2, gridRow: 1 }}>
          <strong>{pick(room.name)}</strong>
          <span>
            {t('programme.rooms.seats', { n: room.capacity })} · {room.opensAt}–{room.closesAt}
          </span>
        </div>
      ))}
      {cells}
      {placed.map((s) => {
        const col = column.get(s.placement!.roomId);
        if (!col) return null;
        const { row, span } = rowsOf(s, tz, hours.start);
        const mine = conflicts.get(s.id) ?? [];
        const lane = lanes.get(s.id) ?? 0;
        const color = s.kind === 'break' ? '#bfbfbf' : (trackColor.get(s.trackId ?? '') ?? '#1677ff');
        const block = (
          // biome-ignore lint/a11y/useSemanticElements: a draggable block, picked by click or keyboard
          <div
            key={s.id}
            role="button"
            tabIndex={0}
            draggable
            onDragStart={(e) => {
              e.dataTransfer.setData(DRAG_TYPE, s.id);
              e.dataTransfer.effectAllowed = 'move';
            }}
            onClick={() => onPick(s.id)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') onPick(s.id);
            }}
            className={`prog-block${s.kind === 'break' ? ' prog-block-break' : ''}${mine.length ? ' prog-block-conflict' : ''}${pickedId === s.id ? ' prog-block-picked' : ''}`}
            style={{
              gridColumn: col,
              gridRow: `${row + 2} / span ${span}`,
              borderInlineStartColor: color,
              marginInlineStart: lane ? '45%' : undefined,
            }}
            data-testid="placed-session"
            data-session-id={s.id}
            data-conflict={mine.length > 0 ? 'true' : 'false'}
          >
            <div className="prog-block-time">
              {timeRange(s.placement!.startsAt, s.placement!.endsAt, tz)}
              {mine.length > 0 && <WarningFilled style={{ color: '#cf1322', marginInlineStart: 6 }} />}
            </div>
            <div className="prog-block-title" data-user-content>
              {s.title}
            </div>
            {s.speakers.length > 0 && (
              <div className="prog-block-speakers" data-user-content>
                {s.speakers.map((sp) => sp.name).join('、')}
              </div>
            )}
          </div>
        );
        return mine.length ? (
          <Tooltip
            key={s.id}
            title={mine.map((c) => (
              <div key={`${c.kind}-${c.sessionIds.join()}`}>{explainConflict(t, c, all, s.id)}</div>
            ))}
          >
            {block}
          </Tooltip>
        ) : (
          block
        );
      })}
    </div>
  );
}

/** Sessions that overlap an earlier one in the same room go in a second lane, so both stay visible. */
function overlapLanes(placed: Session[]): Map<string, number> {
  const lanes = new Map<string, number>();
  const lastEnd = new Map<string, string>();
  for (const s of placed) {
    const p = s.placement!;
    const prev = lastEnd.get(p.roomId);
    lanes.set(s.id, prev && prev > p.startsAt ? 1 : 0);
    if (!prev || p.endsAt > prev) lastEnd.set(p.roomId, p.endsAt);
  }
  return lanes;
}
