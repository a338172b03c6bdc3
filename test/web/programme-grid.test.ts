/** The schedule grid's wall-clock arithmetic and the conflicts explained from the catalogue (web/src/programme). */
import { describe, expect, it } from 'vitest';
import { enUS } from '../../web/src/app/i18n/en-US';
import { zhCN } from '../../web/src/app/i18n/zh-CN';
import { conflictsBySession, explainConflict } from '../../web/src/programme/conflict-text';
import {
  dayOf,
  gridHours,
  minutesOfDay,
  placedOn,
  rowsOf,
  slotInstant,
  timeRange,
} from '../../web/src/programme/grid-model';
import type { Conflict, Room, Session } from '../../web/src/programme/types';

const TZ = 'Asia/Shanghai';
const translate = (dict: Record<string, string>) => (key: string, vars?: Record<string, string | number>) =>
  (dict[key] ?? key).replace(/\{(\w+)\}/g, (m, n: string) => String(vars?.[n] ?? m));

const room = (opensAt: string, closesAt: string): Room => ({
  id: `rom_${opensAt}`,
  eventId: 'e',
  name: { 'zh-CN': '一号厅', 'en-US': 'Hall 1' },
  capacity: 100,
  opensAt,
  closesAt,
  position: 0,
});
const session = (id: string, startsAt: string, minutes: number, title = id): Session => ({
  id,
  eventId: 'e',
  proposalId: null,
  kind: 'talk',
  status: 'confirmed',
  title,
  abstract: '',
  language: 'zh-CN',
  level: null,
  durationMinutes: minutes,
  trackId: null,
  speakers: [
    {
      id: 'psp_1',
      eventId: 'e',
      profileId: null,
      userId: null,
      name: '林讲者',
      company: null,
      bio: null,
      photoUrl: null,
    },
  ],
  seats: null,
  seatsTaken: 0,
  expectedAudience: null,
  documents: [],
  placement: {
    roomId: 'rom_1',
    startsAt,
    endsAt: new Date(Date.parse(startsAt) + minutes * 60_000).toISOString(),
  },
});

describe('the schedule grid in the event time zone', () => {
  it('turns a cell (day, wall time) into the instant and back', () => {
    const at = slotInstant('2026-09-20', 9 * 60 + 30, TZ);
    expect(at).toBe('2026-09-20T01:30:00.000Z');
    expect(dayOf(at, TZ)).toBe('2026-09-20');
    expect(minutesOfDay(at, TZ)).toBe(570);
    expect(timeRange(at, '2026-09-20T02:15:00.000Z', TZ)).toBe('09:30–10:15');
    // 23:30 UTC is already the next day in Shanghai.
    expect(dayOf('2026-09-19T23:30:00.000Z', TZ)).toBe('2026-09-20');
  });

  it('shows every room’s hours, at least 09:00–18:00, in whole hours', () => {
    expect(gridHours([])).toEqual({ start: 540, end: 1080 });
    expect(gridHours([room('08:30', '17:00'), room('10:00', '20:15')])).toEqual({ start: 480, end: 1260 });
  });

  it('places a session on its rows and keeps each day’s sessions apart, in order', () => {
    const a = session('a', '2026-09-20T01:30:00.000Z', 45);
    const b = session('b', '2026-09-20T01:00:00.000Z', 30);
    const c = session('c', '2026-09-21T01:00:00.000Z', 30);
    expect(rowsOf(a, TZ, 540)).toEqual({ row: 2, span: 3 });
    expect(placedOn([a, b, c], '2026-09-20', TZ).map((s) => s.id)).toEqual(['b', 'a']);
  });
});

describe('conflicts in the reader’s language', () => {
  const a = session('pss_a', '2026-09-20T01:00:00.000Z', 30, '云原生');
  const b = session('pss_b', '2026-09-20T01:00:00.000Z', 30, 'Serverless 实战');
  const all = { sessions: [a, b], speakers: a.speakers };
  const double: Conflict = {
    kind: 'speaker_double_booked',
    sessionIds: ['pss_a', 'pss_b'],
    speakerId: 'psp_1',
    messageKey: 'programme.conflict.speaker_double_booked',
    message: 'The speaker is in two places at once',
    details: {},
  };

  it('names the speaker and the other session, never the server’s English', () => {
    const zh = explainConflict(translate(zhCN) as never, double, all, 'pss_a');
    expect(zh).toBe('讲者 林讲者 同时出现在两处：与“Serverless 实战”时间重叠');
    expect(explainConflict(translate(enUS) as never, double, all, 'pss_b')).toContain('overlaps "云原生"');
  });

  it('fills a room’s hours and capacity, and has a text for every kind the server sends', () => {
    const hours: Conflict = {
      ...double,
      kind: 'outside_room_hours',
      details: { opensAt: '09:00', closesAt: '18:00' },
    };
    expect(explainConflict(translate(zhCN) as never, hours, all)).toContain('09:00–18:00');
    const cap: Conflict = { ...double, kind: 'over_capacity', details: { needed: 120, capacity: 80 } };
    expect(explainConflict(translate(zhCN) as never, cap, all)).toBe('需要 120 个座位，超过会场容量 80 人');
    for (const kind of ['room_double_booked', 'outside_event_days']) {
      expect(zhCN[`programme.conflict.${kind}` as keyof typeof zhCN]).toBeTruthy();
      expect(enUS[`programme.conflict.${kind}` as keyof typeof enUS]).toBeTruthy();
    }
    expect(conflictsBySession([double, cap]).get('pss_b')).toHaveLength(2);
  });
});
