import { Empty, Typography } from 'antd';
import type { MessageKey } from '../../app/i18n';
import { useI18n } from '../../app/i18n';
import type { Session, Track } from '../types';
import { DRAG_TYPE } from './ScheduleGrid';

/** Confirmed sessions without a place: pick one (then click a cell) or drag it onto the grid. */
export function UnscheduledList({
  sessions,
  tracks,
  pickedId,
  onPick,
}: {
  sessions: Session[];
  tracks: Track[];
  pickedId: string | null;
  onPick(id: string): void;
}) {
  const { t, pick } = useI18n();
  const trackOf = new Map(tracks.map((tr) => [tr.id, tr]));
  return (
    <div data-testid="unscheduled">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('programme.editor.unscheduled')} ({sessions.length})
      </Typography.Title>
      {sessions.length === 0 && <Empty description={t('programme.editor.unscheduledEmpty')} />}
      {sessions.map((s) => {
        const track = s.trackId ? trackOf.get(s.trackId) : undefined;
        return (
          // biome-ignore lint/a11y/useSemanticElements: a draggable card, picked by click or keyboard
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
            className={`prog-card${pickedId === s.id ? ' prog-card-picked' : ''}`}
            style={{ borderInlineStartColor: s.kind === 'break' ? '#bfbfbf' : (track?.color ?? '#1677ff') }}
            data-testid="unscheduled-session"
            data-session-id={s.id}
          >
            <div className="prog-card-title" data-user-content>
              {s.title}
            </div>
            <div className="prog-card-meta">
              {t(`programme.kind.${s.kind}` as MessageKey)} ·{' '}
              {t('programme.common.minutes', { n: s.durationMinutes })}
              {track ? ` · ${pick(track.name)}` : ''}
            </div>
            {s.speakers.length > 0 && (
              <div className="prog-card-meta" data-user-content>
                {s.speakers.map((sp) => sp.name).join('、')}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}
