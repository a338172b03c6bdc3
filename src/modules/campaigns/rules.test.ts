import { describe, expect, it } from 'vitest';
import { nextOccurrence, rruleError } from './recurrence';
import { validateSchedule } from './schedule';
import { buildSearchText, parseQuery } from './search';
import { checkTransition, effectiveStatus } from './status';
import { fromWallTime, localDate, toZonedIso } from './zoned-time';

describe('effective status follows the clock only when published', () => {
  const s = new Date('2026-11-11T00:00:00Z');
  const e = new Date('2026-11-12T00:00:00Z');
  it.each([
    ['published', '2026-11-10T23:59:59Z', 'published'],
    ['published', '2026-11-11T00:00:00Z', 'live'],
    ['published', '2026-11-12T00:00:00Z', 'ended'],
    ['draft', '2026-11-11T12:00:00Z', 'draft'],
    ['archived', '2026-11-11T12:00:00Z', 'archived'],
  ] as const)('%s at %s is %s', (wf, now, expected) => {
    expect(effectiveStatus(wf, s, e, new Date(now))).toBe(expected);
  });
});

describe('transitions', () => {
  it('lets the owner submit and withdraw but not publish', () => {
    expect(checkTransition('draft', 'in_review', { role: 'organizer', isOwner: true })).toEqual({
      ok: true,
      reasonRequired: false,
    });
    expect(checkTransition('draft', 'in_review', { role: 'organizer', isOwner: false })).toEqual({
      ok: false,
      why: 'ROLE',
    });
    expect(checkTransition('in_review', 'published', { role: 'organizer', isOwner: true })).toEqual({
      ok: false,
      why: 'ROLE',
    });
    expect(checkTransition('in_review', 'draft', { role: 'organizer', isOwner: true })).toEqual({
      ok: true,
      reasonRequired: true,
    });
  });
  it('refuses clock-driven targets and impossible moves', () => {
    expect(checkTransition('published', 'live', { role: 'operator', isOwner: false })).toEqual({
      ok: false,
      why: 'FOLLOWS_CLOCK',
    });
    expect(checkTransition('ended', 'published', { role: 'operator', isOwner: false })).toEqual({
      ok: false,
      why: 'NOT_FROM_HERE',
    });
    expect(checkTransition('live', 'draft', { role: 'operator', isOwner: false })).toEqual({
      ok: false,
      why: 'NOT_FROM_HERE',
    });
  });
});

describe('schedule validation', () => {
  const base = {
    timezone: 'Asia/Shanghai',
    startsAt: '2026-06-01T00:00:00+08:00',
    endsAt: '2026-06-20T00:00:00+08:00',
  };
  const phase = (key: string, s: string, e: string) => ({
    key,
    name: { 'zh-CN': key, 'en-US': key },
    startsAt: s,
    endsAt: e,
  });
  it('accepts adjacent phases', () => {
    expect(
      validateSchedule({
        ...base,
        phases: [
          phase('a', '2026-06-01T00:00:00+08:00', '2026-06-10T00:00:00+08:00'),
          phase('b', '2026-06-10T00:00:00+08:00', '2026-06-20T00:00:00+08:00'),
        ],
      }),
    ).toEqual([]);
  });
  it('names each problem', () => {
    const issues = validateSchedule({
      ...base,
      phases: [
        phase('a', '2026-06-01T00:00:00+08:00', '2026-06-11T00:00:00+08:00'),
        phase('a', '2026-06-10T00:00:00+08:00', '2026-06-09T00:00:00+08:00'),
        phase('c', '2026-05-30T00:00:00+08:00', '2026-06-01T00:00:00+08:00'),
      ],
    });
    expect(issues.map((i) => `${i.code}@${i.field}`)).toEqual([
      'DUPLICATE_PHASE@phases.1.key',
      'PHASE_ENDS_BEFORE_START@phases.1.endsAt',
      'PHASE_OUTSIDE_EVENT@phases.2.startsAt',
      'PHASES_OVERLAP@phases.1.startsAt',
    ]);
  });
});

describe('recurrence on local wall time', () => {
  it('finds next 11 November at 00:00 Beijing time', () => {
    const next = nextOccurrence(
      'FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=11',
      'Asia/Shanghai',
      new Date('2026-11-10T16:00:00Z'),
    );
    expect(toZonedIso(next!, 'Asia/Shanghai')).toBe('2027-11-11T00:00:00+08:00');
  });
  it('keeps the local time across a DST change', () => {
    const next = nextOccurrence(
      'FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15',
      'America/New_York',
      fromWallTime({ year: 2026, month: 1, day: 15, hour: 9, minute: 0, second: 0 }, 'America/New_York'),
    );
    expect(toZonedIso(next!, 'America/New_York')).toBe('2026-03-15T09:00:00-04:00');
  });
  it('rejects a malformed rule', () => {
    expect(rruleError('FREQ=YEARLY;BYMONTH=6')).toBeNull();
    expect(rruleError('FREQ=SOMETIMES')).not.toBeNull();
  });
  it('buckets a view into the local day', () => {
    expect(localDate(new Date('2026-11-10T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-11');
  });
});

describe('search text', () => {
  const text = buildSearchText({
    slug: 'double-11-2026',
    title: { 'zh-CN': '2026 双十一全球狂欢节', 'en-US': '2026 Double 11 Global Shopping Festival' },
    summary: { 'zh-CN': '', 'en-US': '' },
    body: { 'zh-CN': '', 'en-US': '' },
    organizer: { name: 'Carnival' },
  });
  const matches = (q: string) => {
    const p = parseQuery(q)!;
    return text.includes(p.compact) || p.terms.every((t) => text.includes(t));
  };
  it.each(['双十一', '双11', 'Double 11', 'double11', 'ＤＯＵＢＬＥ　１１', '11.11', 'festival double'])(
    'finds %s',
    (q) => {
      expect(matches(q)).toBe(true);
    },
  );
  it('does not find unrelated words', () => expect(matches('云栖')).toBe(false));
});
