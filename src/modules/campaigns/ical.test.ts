import { describe, expect, it } from 'vitest';
import { escapeText, icalDuration, paramValue, seriesToIcal } from './ical';
import type { Campaign, CampaignDraft, Series } from './model';
import { nextEditionDraft, recurringSpan } from './recurrence';

describe('iCalendar escaping', () => {
  it('writes every kind of line break in TEXT as \\n, a lone CR included', () => {
    expect(escapeText('a\rb\nc\r\nd\u2028e')).toBe('a\\nb\\nc\\nd\\ne');
    expect(escapeText('x;y,z\\')).toBe('x\\;y\\,z\\\\');
    expect(escapeText('bell\u0007 tab\t')).toBe('bell tab\t');
  });

  it('quotes a parameter value holding : ; or , and drops what it cannot hold', () => {
    expect(paramValue('Carnival')).toBe('Carnival');
    expect(paramValue('Org: A; B, C')).toBe('"Org: A; B, C"');
    expect(paramValue('He said "hi"\r\nX-EVIL:1')).toBe(`"He said 'hi' X-EVIL:1"`);
  });
});

describe('series iCalendar', () => {
  const rrule = 'FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=24';
  const series: Series = {
    id: 'ser_1',
    slug: 'apsara',
    name: { 'zh-CN': '云栖大会', 'en-US': 'Apsara Conference' },
    rrule,
    timezone: 'Asia/Shanghai',
    latestCampaignId: null,
    editions: 1,
  };
  // Registration opens on 1 August; the conference days the rule names start on 24 September.
  const edition = {
    id: 'cmp_1',
    slug: 'apsara-conference-2026',
    title: { 'zh-CN': '2026 云栖大会', 'en-US': '2026 Apsara Conference' },
    summary: { 'zh-CN': '', 'en-US': '' },
    startsAt: '2026-08-01T10:00:00+08:00',
    endsAt: '2026-09-27T18:00:00+08:00',
    phases: [
      { key: 'registration', startsAt: '2026-08-01T10:00:00+08:00', endsAt: '2026-09-24T09:00:00+08:00' },
      { key: 'event_days', startsAt: '2026-09-24T09:00:00+08:00', endsAt: '2026-09-27T18:00:00+08:00' },
    ],
  } as unknown as Campaign;
  const opts = { locale: 'zh-CN' as const, baseUrl: 'http://x', stamp: new Date('2026-01-01T00:00:00Z') };

  it('starts on an occurrence of its RRULE and lasts as long as the span the rule names', () => {
    const ics = seriesToIcal(series, [edition], opts);
    expect(ics).toContain('DTSTART;TZID=Asia/Shanghai:20260924T090000\r\n');
    expect(ics).toContain('DURATION:P3DT9H\r\n'); // 24 Sep 09:00 to 27 Sep 18:00, not 57 days
    expect(ics).toContain(`RRULE:${rrule}\r\n`);
    // The DTSTART day is the rule's own: an RRULE expansion from it yields it first.
    const start = /DTSTART;TZID=Asia\/Shanghai:(\d{8})/.exec(ics)![1];
    expect(start!.slice(4)).toBe('0924');
  });

  it('keeps the whole edition when it starts on a day of the rule', () => {
    const whole = { ...edition, startsAt: '2026-09-24T09:00:00+08:00' } as Campaign;
    expect(recurringSpan(whole, rrule, 'Asia/Shanghai')).toEqual({
      startsAt: '2026-09-24T09:00:00+08:00',
      endsAt: '2026-09-27T18:00:00+08:00',
    });
  });

  it('moves the next edition by a year, counted from the span the rule names', () => {
    const next = nextEditionDraft(
      { ...(edition as unknown as CampaignDraft), timezone: 'Asia/Shanghai', slug: edition.slug },
      rrule,
    )!;
    expect(next.slug).toBe('apsara-conference-2027');
    expect(next.startsAt).toBe('2027-08-01T10:00:00+08:00');
    expect(next.phases[1]).toMatchObject({ startsAt: '2027-09-24T09:00:00+08:00' });
  });

  it('writes durations as calendars show them', () => {
    expect(icalDuration(0)).toBe('PT0S');
    expect(icalDuration(3600)).toBe('PT1H');
    expect(icalDuration(86_400 * 37 + 4 * 3600)).toBe('P37DT4H');
    expect(icalDuration(86_400)).toBe('P1D');
  });
});
