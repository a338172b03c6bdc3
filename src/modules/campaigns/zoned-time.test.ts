import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toWallTime, toZonedIso } from './zoned-time';

/** toZonedIso as it was before the per-day offset cache: Intl for every instant. */
function intlZonedIso(instant: Date, tz: string): string {
  const w = toWallTime(instant, tz);
  const wall = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const offsetMin = Math.round((wall - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

// Whole-hour, half-hour and 45-minute offsets, DST north and south, a 30-minute DST shift.
const ZONES = [
  'Asia/Shanghai',
  'UTC',
  'America/New_York',
  'Europe/London',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'America/St_Johns',
  'Pacific/Chatham',
];

describe('toZonedIso', () => {
  it('agrees with Intl for any instant and zone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.constantFrom(...ZONES),
        (ms, tz) => {
          expect(toZonedIso(new Date(ms), tz)).toBe(intlZonedIso(new Date(ms), tz));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('agrees with Intl minute by minute across DST changes', () => {
    const days = [
      ['America/New_York', '2026-03-08'],
      ['America/New_York', '2026-11-01'],
      ['Europe/London', '2026-03-29'],
      ['Australia/Lord_Howe', '2026-04-05'],
      ['Australia/Lord_Howe', '2026-10-04'],
      ['Pacific/Chatham', '2026-09-27'],
    ] as const;
    for (const [tz, day] of days) {
      const start = Date.parse(`${day}T00:00:00Z`) - 86_400_000;
      for (let ms = start; ms < start + 3 * 86_400_000; ms += 60_000 + 7) {
        expect(toZonedIso(new Date(ms), tz)).toBe(intlZonedIso(new Date(ms), tz));
      }
    }
  });
});
