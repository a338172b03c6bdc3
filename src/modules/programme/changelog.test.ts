import { describe, expect, it } from 'vitest';
import { diffSchedules, isEmpty, touchedSessionIds } from './changelog';
import type { Session } from './model';

const s = (id: string, extra: Partial<Session> = {}): Session => ({
  id,
  eventId: 'cmp_1',
  proposalId: null,
  kind: 'talk',
  status: 'confirmed',
  title: id,
  abstract: '',
  language: 'zh-CN',
  level: null,
  durationMinutes: 30,
  trackId: null,
  speakers: [],
  seats: null,
  seatsTaken: 0,
  expectedAudience: null,
  documents: [],
  placement: { roomId: 'rom_a', startsAt: '2026-12-01T01:00:00.000Z', endsAt: '2026-12-01T01:30:00.000Z' },
  ...extra,
});
const sp = (id: string) => ({
  id,
  eventId: 'cmp_1',
  profileId: null,
  userId: null,
  name: id,
  company: null,
  bio: null,
  photoUrl: null,
});

describe('diffSchedules (the changelog of version N against N-1)', () => {
  it('lists new, moved, cancelled and changed sessions', () => {
    const before = [s('kept'), s('moves'), s('goes'), s('renamed', { speakers: [sp('a')] })];
    const after = [
      s('kept'),
      s('moves', {
        placement: {
          roomId: 'rom_b',
          startsAt: '2026-12-01T02:00:00.000Z',
          endsAt: '2026-12-01T02:30:00.000Z',
        },
      }),
      s('goes', { status: 'cancelled' }),
      s('renamed', { title: 'New title', speakers: [sp('b')] }),
      s('added'),
      s('unplaced', { placement: null }),
    ];
    const c = diffSchedules(before, after);
    expect(c.new.map((x) => x.sessionId)).toEqual(['added']);
    expect(c.cancelled.map((x) => x.sessionId)).toEqual(['goes']);
    expect(c.moved).toEqual([
      {
        sessionId: 'moves',
        title: 'moves',
        from: before[1]?.placement,
        to: { roomId: 'rom_b', startsAt: '2026-12-01T02:00:00.000Z', endsAt: '2026-12-01T02:30:00.000Z' },
      },
    ]);
    expect(c.changed).toEqual([{ sessionId: 'renamed', title: 'New title', fields: ['title', 'speakers'] }]);
    expect(touchedSessionIds(c)).toEqual(['goes', 'moves', 'renamed']);
  });

  it('is empty between equal schedules; the first version is all new', () => {
    expect(isEmpty(diffSchedules([s('a')], [s('a')]))).toBe(true);
    expect(diffSchedules([], [s('a'), s('b')]).new).toHaveLength(2);
  });
});
