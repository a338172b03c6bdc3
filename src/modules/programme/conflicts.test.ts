import { describe, expect, it } from 'vitest';
import { type Draft, type DraftSession, findConflicts } from './conflicts';

/** Every conflict kind, over a hand-made draft (Asia/Shanghai, UTC+8; event days Dec 1–3 2026). */
const base = (sessions: DraftSession[]): Draft => ({
  timezone: 'Asia/Shanghai',
  daysStart: new Date('2026-12-01T09:00:00+08:00'),
  daysEnd: new Date('2026-12-03T18:00:00+08:00'),
  rooms: [
    { id: 'rom_a', name: 'Hall A', capacity: 500, opensAt: '09:00', closesAt: '18:00' },
    { id: 'rom_b', name: 'Lab B', capacity: 30, opensAt: '09:00', closesAt: '18:00' },
  ],
  sessions,
});
const at = (roomId: string, start: string, minutes: number) => ({
  roomId,
  startsAt: new Date(`2026-12-01T${start}:00+08:00`).toISOString(),
  endsAt: new Date(Date.parse(`2026-12-01T${start}:00+08:00`) + minutes * 60_000).toISOString(),
});
const session = (id: string, extra: Partial<DraftSession> = {}): DraftSession => ({
  id,
  title: id,
  status: 'confirmed',
  placement: null,
  speakers: [],
  seats: null,
  expectedAudience: null,
  ...extra,
});
const alice = { id: 'psp_alice', name: 'Alice' };
const bob = { id: 'psp_bob', name: 'Bob' };

describe('findConflicts', () => {
  it('finds nothing in a clean draft (back-to-back sessions touch but do not overlap)', () => {
    const d = base([
      session('s1', { placement: at('rom_a', '09:00', 30), speakers: [alice] }),
      session('s2', { placement: at('rom_a', '09:30', 30), speakers: [alice] }),
      session('s3', { placement: null, speakers: [alice] }),
    ]);
    expect(findConflicts(d)).toEqual([]);
  });

  it('speaker_double_booked: one speaker in two rooms at once', () => {
    const c = findConflicts(
      base([
        session('s1', { placement: at('rom_a', '10:00', 30), speakers: [alice, bob] }),
        session('s2', { placement: at('rom_b', '10:15', 30), speakers: [alice] }),
      ]),
    );
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({
      kind: 'speaker_double_booked',
      sessionIds: ['s1', 's2'],
      speakerId: 'psp_alice',
      messageKey: 'programme.conflict.speaker_double_booked',
    });
    expect(c[0]?.message).toContain('Alice');
  });

  it('room_double_booked: two sessions in one room at once', () => {
    const c = findConflicts(
      base([
        session('s1', { placement: at('rom_a', '10:00', 60) }),
        session('s2', { placement: at('rom_a', '10:30', 30) }),
      ]),
    );
    expect(c).toEqual([
      expect.objectContaining({ kind: 'room_double_booked', sessionIds: ['s1', 's2'], roomId: 'rom_a' }),
    ]);
  });

  it('outside_event_days: before the first day begins or after the last ends', () => {
    const early = {
      roomId: 'rom_a',
      startsAt: '2026-11-30T02:00:00.000Z',
      endsAt: '2026-11-30T02:30:00.000Z',
    };
    const c = findConflicts(base([session('s1', { placement: early })]));
    expect(c.map((x) => x.kind)).toContain('outside_event_days');
    expect(c.find((x) => x.kind === 'outside_event_days')?.sessionIds).toEqual(['s1']);
  });

  it('outside_room_hours: before opening, after closing (wall time in the event zone)', () => {
    const c = findConflicts(
      base([
        session('early', { placement: at('rom_a', '08:30', 60) }),
        session('late', { placement: at('rom_b', '17:30', 60) }),
        session('fine', { placement: at('rom_a', '17:00', 60) }),
      ]),
    );
    const hours = c.filter((x) => x.kind === 'outside_room_hours');
    expect(hours.map((x) => x.sessionIds[0]).sort()).toEqual(['early', 'late']);
    expect(hours[0]?.details).toMatchObject({ opensAt: '09:00', closesAt: '18:00' });
  });

  it('over_capacity: a workshop whose seats or expected audience exceed the room', () => {
    const c = findConflicts(
      base([
        session('seats', { placement: at('rom_b', '10:00', 90), seats: 40 }),
        session('audience', { placement: at('rom_b', '13:00', 90), expectedAudience: 31, seats: 20 }),
        session('fits', { placement: at('rom_b', '15:00', 90), seats: 30 }),
      ]),
    );
    expect(c.map((x) => [x.kind, x.sessionIds[0], x.details.needed])).toEqual([
      ['over_capacity', 'seats', 40],
      ['over_capacity', 'audience', 31],
    ]);
  });

  it('ignores cancelled sessions', () => {
    const c = findConflicts(
      base([
        session('s1', { placement: at('rom_a', '10:00', 60) }),
        session('s2', { placement: at('rom_a', '10:00', 60), status: 'cancelled' }),
      ]),
    );
    expect(c).toEqual([]);
  });
});
