import { toWallTime } from '../campaigns';

/**
 * The schedule's conflicts, computed over the draft (issue 12 item 3). Pure: the editor saves a
 * placement even when it conflicts and shows what is wrong; publishing is refused while any
 * conflict remains. Each conflict names its kind, the sessions (and speaker or room) involved,
 * a catalogue key for the pages and an English explanation for API users.
 */
export type ConflictKind =
  | 'speaker_double_booked'
  | 'room_double_booked'
  | 'outside_event_days'
  | 'outside_room_hours'
  | 'over_capacity';

export interface Conflict {
  kind: ConflictKind;
  sessionIds: string[];
  speakerId?: string;
  roomId?: string;
  messageKey: string;
  message: string;
  details: Record<string, string | number>;
}

export interface DraftRoom {
  id: string;
  name: string;
  capacity: number;
  opensAt: string;
  closesAt: string;
}

export interface DraftSession {
  id: string;
  title: string;
  status: 'confirmed' | 'cancelled';
  placement: { roomId: string; startsAt: string; endsAt: string } | null;
  speakers: { id: string; name: string }[];
  seats: number | null;
  expectedAudience: number | null;
}

export interface Draft {
  timezone: string;
  daysStart: Date;
  daysEnd: Date;
  rooms: DraftRoom[];
  sessions: DraftSession[];
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

const overlaps = (a: { startsAt: string; endsAt: string }, b: { startsAt: string; endsAt: string }) =>
  Date.parse(a.startsAt) < Date.parse(b.endsAt) && Date.parse(b.startsAt) < Date.parse(a.endsAt);

const make = (
  kind: ConflictKind,
  sessionIds: string[],
  message: string,
  extra: { speakerId?: string; roomId?: string; details?: Record<string, string | number> } = {},
): Conflict => ({
  kind,
  sessionIds,
  ...(extra.speakerId ? { speakerId: extra.speakerId } : {}),
  ...(extra.roomId ? { roomId: extra.roomId } : {}),
  messageKey: `programme.conflict.${kind}`,
  message,
  details: extra.details ?? {},
});

export function findConflicts(draft: Draft): Conflict[] {
  const rooms = new Map(draft.rooms.map((r) => [r.id, r]));
  const placed = draft.sessions
    .filter((s) => s.status === 'confirmed' && s.placement)
    .map((s) => ({ ...s, placement: s.placement as NonNullable<DraftSession['placement']> }))
    .sort(
      (a, b) => Date.parse(a.placement.startsAt) - Date.parse(b.placement.startsAt) || (a.id < b.id ? -1 : 1),
    );
  const out: Conflict[] = [];

  for (let i = 0; i < placed.length; i++) {
    const a = placed[i] as (typeof placed)[number];
    for (let j = i + 1; j < placed.length; j++) {
      const b = placed[j] as (typeof placed)[number];
      if (Date.parse(b.placement.startsAt) >= Date.parse(a.placement.endsAt)) break; // sorted by start
      if (!overlaps(a.placement, b.placement)) continue;
      if (a.placement.roomId === b.placement.roomId)
        out.push(
          make(
            'room_double_booked',
            [a.id, b.id],
            `“${a.title}” and “${b.title}” are in the same room at the same time`,
            { roomId: a.placement.roomId, details: { room: rooms.get(a.placement.roomId)?.name ?? '' } },
          ),
        );
      for (const sp of a.speakers)
        if (b.speakers.some((x) => x.id === sp.id))
          out.push(
            make(
              'speaker_double_booked',
              [a.id, b.id],
              `${sp.name} speaks at “${a.title}” and “${b.title}” at the same time`,
              { speakerId: sp.id, details: { speaker: sp.name } },
            ),
          );
    }
  }

  for (const s of placed) {
    const { startsAt, endsAt, roomId } = s.placement;
    if (Date.parse(startsAt) < draft.daysStart.getTime() || Date.parse(endsAt) > draft.daysEnd.getTime())
      out.push(
        make('outside_event_days', [s.id], `“${s.title}” is outside the event days`, {
          details: {
            startsAt,
            endsAt,
            daysStart: draft.daysStart.toISOString(),
            daysEnd: draft.daysEnd.toISOString(),
          },
        }),
      );
    const room = rooms.get(roomId);
    if (!room) continue;
    const start = toWallTime(new Date(startsAt), draft.timezone);
    const end = toWallTime(new Date(endsAt), draft.timezone);
    const sameDay = start.year === end.year && start.month === end.month && start.day === end.day;
    const startMin = start.hour * 60 + start.minute;
    const endMin = sameDay ? end.hour * 60 + end.minute : 24 * 60 + end.hour * 60 + end.minute;
    if (startMin < minutesOf(room.opensAt) || endMin > minutesOf(room.closesAt))
      out.push(
        make(
          'outside_room_hours',
          [s.id],
          `“${s.title}” runs outside ${room.name}’s hours (${room.opensAt}–${room.closesAt})`,
          { roomId, details: { opensAt: room.opensAt, closesAt: room.closesAt, startsAt, endsAt } },
        ),
      );
    const needed = Math.max(s.seats ?? 0, s.expectedAudience ?? 0);
    if (needed > room.capacity)
      out.push(
        make(
          'over_capacity',
          [s.id],
          `“${s.title}” needs ${needed} seats; ${room.name} holds ${room.capacity}`,
          { roomId, details: { needed, capacity: room.capacity } },
        ),
      );
  }
  return out;
}

/** The conflicts one session is in (the answer to a placement). */
export const conflictsOf = (all: Conflict[], sessionId: string) =>
  all.filter((c) => c.sessionIds.includes(sessionId));
