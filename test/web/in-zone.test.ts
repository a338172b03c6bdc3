import { describe, expect, it } from 'vitest';
import { dayjs, inZone, zoneOffsetMinutes } from '../../web/src/app/time';

// inZone is a fast path for dayjs's .tz(): it must give the same wall clock, offset and zone.
const zones = [
  'Asia/Shanghai',
  'America/New_York',
  'Europe/London',
  'Australia/Sydney',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'America/St_Johns',
  'Pacific/Chatham',
  'UTC',
];
// Around the 2026 DST changes (US 8 Mar / 1 Nov, EU 29 Mar / 25 Oct, AU 5 Apr / 4 Oct), and plain days.
const instants = [
  '2026-03-08T06:59:59Z',
  '2026-03-08T07:00:00Z',
  '2026-03-29T00:30:00Z',
  '2026-03-29T01:00:00Z',
  '2026-04-04T15:59:00Z',
  '2026-04-04T16:00:00Z',
  '2026-10-25T00:59:59Z',
  '2026-10-25T01:00:00Z',
  '2026-11-01T05:59:00Z',
  '2026-11-01T06:00:00Z',
  '2026-11-11T16:00:00Z',
  '2026-12-31T23:59:59.500Z',
  '1999-12-31T16:00:00+00:00',
  '2026-06-15T09:30:00+08:00',
];

describe('inZone', () => {
  it('is dayjs .tz(): the same wall clock, offset and zone at every instant and zone', () => {
    for (const tz of zones)
      for (const iso of instants) {
        const fast = inZone(iso, tz);
        const slow = dayjs(iso).tz(tz);
        expect(fast.format('YYYY-MM-DD HH:mm:ss.SSS Z'), `${iso} in ${tz}`).toBe(
          slow.format('YYYY-MM-DD HH:mm:ss.SSS Z'),
        );
        expect(fast.valueOf()).toBe(slow.valueOf());
        expect(fast.startOf('day').toISOString(), `start of day of ${iso} in ${tz}`).toBe(
          slow.startOf('day').toISOString(),
        );
      }
  });

  it('agrees with dayjs .tz() every 23 minutes across the days of a change (offsets are cached by hour)', () => {
    const days = [
      '2026-03-08',
      '2026-03-29',
      '2026-04-05',
      '2026-09-27',
      '2026-10-04',
      '2026-10-25',
      '2026-11-01',
    ];
    for (const tz of zones)
      for (const day of days)
        for (
          let ms = Date.parse(`${day}T00:00:00Z`) - 86_400_000;
          ms < Date.parse(`${day}T00:00:00Z`) + 86_400_000;
          ms += 23 * 60_000 + 13_000
        ) {
          const iso = new Date(ms).toISOString();
          expect(inZone(iso, tz).format('YYYY-MM-DD HH:mm:ss Z'), `${iso} in ${tz}`).toBe(
            dayjs(iso).tz(tz).format('YYYY-MM-DD HH:mm:ss Z'),
          );
        }
  });

  it('leaves a moment as it is for an unknown zone or an invalid date, as before', () => {
    expect(inZone('2026-11-11T16:00:00Z', 'Mars/Olympus').valueOf()).toBe(Date.parse('2026-11-11T16:00:00Z'));
    expect(zoneOffsetMinutes(0, 'Mars/Olympus')).toBeNull();
    expect(inZone('not a date', 'Asia/Shanghai').isValid()).toBe(false);
  });

  it('knows half- and three-quarter-hour zones', () => {
    expect(zoneOffsetMinutes(Date.parse('2026-06-01T00:00:00Z'), 'Asia/Kolkata')).toBe(330);
    expect(zoneOffsetMinutes(Date.parse('2026-06-01T00:00:00Z'), 'Asia/Kathmandu')).toBe(345);
    expect(zoneOffsetMinutes(Date.parse('2026-01-01T00:00:00Z'), 'America/New_York')).toBe(-300);
  });
});
