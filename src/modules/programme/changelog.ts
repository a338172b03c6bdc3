import type { Placement, Session } from './model';

/**
 * What changed between two schedules (pretalx's changelog): new sessions, cancelled ones (in
 * the older, not in the newer: cancelled or taken off the grid), moved ones (room or time) and
 * changed ones (title or speakers). A session can be moved and changed at once.
 */
export interface ChangeItem {
  sessionId: string;
  title: string;
  placement: Placement;
}
export interface MovedItem {
  sessionId: string;
  title: string;
  from: Placement;
  to: Placement;
}
export interface ChangedItem {
  sessionId: string;
  title: string;
  fields: ('title' | 'speakers')[];
}
export interface Changes {
  new: ChangeItem[];
  moved: MovedItem[];
  cancelled: ChangeItem[];
  changed: ChangedItem[];
}

type Placed = Session & { placement: Placement };

const samePlace = (a: Placement, b: Placement) =>
  a.roomId === b.roomId &&
  Date.parse(a.startsAt) === Date.parse(b.startsAt) &&
  Date.parse(a.endsAt) === Date.parse(b.endsAt);

const speakerKey = (s: Session) =>
  s.speakers
    .map((p) => p.id)
    .sort()
    .join(',');

/** The placed, confirmed sessions: what a version publishes. */
export const publishable = (sessions: Session[]): Placed[] =>
  sessions.filter((s): s is Placed => s.status === 'confirmed' && s.placement !== null);

export function diffSchedules(older: Session[], newer: Session[]): Changes {
  const before = new Map(publishable(older).map((s) => [s.id, s]));
  const after = new Map(publishable(newer).map((s) => [s.id, s]));
  const changes: Changes = { new: [], moved: [], cancelled: [], changed: [] };
  for (const [id, s] of after) {
    const was = before.get(id);
    if (!was) {
      changes.new.push({ sessionId: id, title: s.title, placement: s.placement });
      continue;
    }
    if (!samePlace(was.placement, s.placement))
      changes.moved.push({ sessionId: id, title: s.title, from: was.placement, to: s.placement });
    const fields: ChangedItem['fields'] = [];
    if (was.title !== s.title) fields.push('title');
    if (speakerKey(was) !== speakerKey(s)) fields.push('speakers');
    if (fields.length) changes.changed.push({ sessionId: id, title: s.title, fields });
  }
  for (const [id, s] of before)
    if (!after.has(id)) changes.cancelled.push({ sessionId: id, title: s.title, placement: s.placement });
  const byStart = (a: { sessionId: string }, b: { sessionId: string }) =>
    a.sessionId < b.sessionId ? -1 : 1;
  changes.new.sort(byStart);
  changes.moved.sort(byStart);
  changes.cancelled.sort(byStart);
  changes.changed.sort(byStart);
  return changes;
}

export const isEmpty = (c: Changes) =>
  c.new.length + c.moved.length + c.cancelled.length + c.changed.length === 0;

export const countsOf = (c: Changes) => ({
  new: c.new.length,
  moved: c.moved.length,
  cancelled: c.cancelled.length,
  changed: c.changed.length,
});

/** Sessions whose savers are told: moved, cancelled or changed (not new ones: nobody saved them). */
export const touchedSessionIds = (c: Changes) =>
  [...new Set([...c.moved, ...c.cancelled, ...c.changed].map((x) => x.sessionId))].sort();
