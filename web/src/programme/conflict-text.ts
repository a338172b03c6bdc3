import type { MessageKey } from '../app/i18n/zh-CN';
import type { Conflict, Session, Speaker } from './types';

/** The catalogue's lookup (the i18n context's `t`); declared here so plain tests can pass their own. */
type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;
const KINDS = new Set([
  'speaker_double_booked',
  'room_double_booked',
  'outside_event_days',
  'outside_room_hours',
  'over_capacity',
]);

/**
 * A conflict explained in the reader's language from the catalogue (never the server's English
 * `message`), seen from one of its sessions: "the other" is the second session involved.
 */
export function explainConflict(
  t: Translate,
  conflict: Conflict,
  from: { sessions: Session[]; speakers: Speaker[] },
  subjectId: string = conflict.sessionIds[0] ?? '',
): string {
  if (!KINDS.has(conflict.kind)) return t('programme.conflict.other');
  const otherId = conflict.sessionIds.find((id) => id !== subjectId) ?? '';
  const other = from.sessions.find((s) => s.id === otherId)?.title ?? '';
  const speaker =
    from.speakers.find((s) => s.id === conflict.speakerId)?.name ??
    from.sessions.flatMap((s) => s.speakers).find((s) => s.id === conflict.speakerId)?.name ??
    '';
  const d = conflict.details ?? {};
  const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  return t(`programme.conflict.${conflict.kind}` as MessageKey, {
    speaker,
    other,
    capacity: text(d.capacity),
    needed: text(d.needed),
    opensAt: text(d.opensAt),
    closesAt: text(d.closesAt),
  });
}

/** The conflicts each session is in, by session id. */
export function conflictsBySession(conflicts: Conflict[]): Map<string, Conflict[]> {
  const map = new Map<string, Conflict[]>();
  for (const c of conflicts) for (const id of c.sessionIds) map.set(id, [...(map.get(id) ?? []), c]);
  return map;
}
