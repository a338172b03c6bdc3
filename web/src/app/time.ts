import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

export { dayjs };

/** One formatter per zone (null: a zone this browser does not know), built once: building is the slow part. */
const zoneFormats = new Map<string, Intl.DateTimeFormat | null>();

function zoneFormat(tz: string): Intl.DateTimeFormat | null {
  let f = zoneFormats.get(tz);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      f = null;
    }
    zoneFormats.set(tz, f);
  }
  return f;
}

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes east of UTC. */
  offset: number;
}

/** The zone's wall clock at the instant `ms` and its offset from UTC (null for an unknown zone). */
function wallClock(ms: number, tz: string): Wall | null {
  const f = zoneFormat(tz);
  if (!f) return null;
  const part: Record<string, number> = {};
  for (const p of f.formatToParts(ms)) if (p.type !== 'literal') part[p.type] = Number(p.value);
  const w = {
    year: part.year!,
    month: part.month!,
    day: part.day!,
    hour: part.hour! % 24,
    minute: part.minute!,
    second: part.second!,
  };
  const utc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return { ...w, offset: Math.round((utc - Math.floor(ms / 1000) * 1000) / 60_000) };
}

/** The zone's offset from UTC at the instant `ms`, in minutes (null for an unknown zone). */
export const zoneOffsetMinutes = (ms: number, tz: string): number | null => wallClock(ms, tz)?.offset ?? null;

/**
 * A moment shown as wall-clock time in the event's own time zone: the Dayjs that dayjs's
 * `.tz(tz)` makes (the zone's wall clock kept with its offset, the zone's name kept for its
 * startOf), built the same way but without its cost: `.tz()` formats with a new Intl formatter
 * and parses the locale string back on every call, ~0.3 ms each, and a 150-session agenda
 * calls this a thousand times on its first render (docs/performance.md, issue 12).
 */
export function inZone(iso: string, tz: string): Dayjs {
  const d = dayjs(iso);
  if (!d.isValid()) return d;
  const w = wallClock(d.valueOf(), tz);
  if (!w) return d;
  const z =
    w.offset === 0
      ? d.utc()
      : dayjs(new Date(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, d.millisecond())).utcOffset(
          w.offset,
          true,
        );
  (z as unknown as { $x: Record<string, unknown> }).$x.$timezone = tz;
  return z;
}

export function formatInZone(iso: string, tz: string, withTime = true): string {
  return inZone(iso, tz).format(withTime ? 'YYYY-MM-DD HH:mm' : 'YYYY-MM-DD');
}

/** "2025-11-11 00:00 – 11-11 23:59" in the zone; the end drops the year when it's the same. */
export function formatRange(startIso: string, endIso: string, tz: string, withTime = true): string {
  const s = inZone(startIso, tz);
  const e = inZone(endIso, tz);
  const timeFmt = withTime ? ' HH:mm' : '';
  const endFmt = s.year() === e.year() ? `MM-DD${timeFmt}` : `YYYY-MM-DD${timeFmt}`;
  return `${s.format(`YYYY-MM-DD${timeFmt}`)} – ${e.format(endFmt)}`;
}

/** "UTC+08:00" for the zone at that moment. */
export function zoneOffset(iso: string, tz: string): string {
  return `UTC${inZone(iso, tz).format('Z')}`;
}

/**
 * The console's pickers hold wall-clock times; this reads them as times in `tz` and gives
 * ISO 8601 with that zone's offset (what the API expects).
 */
export function wallClockToIso(value: Dayjs, tz: string): string {
  return dayjs.tz(value.format('YYYY-MM-DDTHH:mm:ss'), tz).format();
}

/** The reverse: an ISO moment as a local Dayjs holding the zone's wall-clock time. */
export function isoToWallClock(iso: string, tz: string): Dayjs {
  return dayjs(inZone(iso, tz).format('YYYY-MM-DDTHH:mm:ss'));
}

export const COMMON_TIMEZONES = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Taipei',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Asia/Seoul',
  'Asia/Kuala_Lumpur',
  'Asia/Jakarta',
  'Asia/Bangkok',
  'Asia/Dubai',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Moscow',
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Australia/Sydney',
  'UTC',
];
