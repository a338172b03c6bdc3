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

/** The zone's offset from UTC at `ms` (minutes east), read from Intl: the slow part, ~0.1 ms. */
function intlOffset(ms: number, f: Intl.DateTimeFormat): number {
  const part: Record<string, number> = {};
  for (const p of f.formatToParts(ms)) if (p.type !== 'literal') part[p.type] = Number(p.value);
  const utc = Date.UTC(part.year!, part.month! - 1, part.day!, part.hour! % 24, part.minute!, part.second!);
  return Math.round((utc - Math.floor(ms / 1000) * 1000) / 60_000);
}

const HOUR_MS = 3_600_000;
/** Offsets by zone and UTC hour, where the offset holds for the whole hour. */
const hourOffsets = new Map<string, number | null>();

/**
 * The offset at `ms`, Intl's twice per zone and hour instead of once per call: a 150-session
 * agenda asks ~1,000 times about a few dozen hours. An hour whose two ends disagree holds a
 * change of offset (DST): every instant in it is read from Intl.
 */
function offsetAt(ms: number, tz: string, f: Intl.DateTimeFormat): number {
  const hour = Math.floor(ms / HOUR_MS);
  const key = `${tz} ${hour}`;
  let offset = hourOffsets.get(key);
  if (offset === undefined) {
    const first = intlOffset(hour * HOUR_MS, f);
    offset = first === intlOffset(hour * HOUR_MS + HOUR_MS - 1000, f) ? first : null;
    if (hourOffsets.size >= 10_000) hourOffsets.clear();
    hourOffsets.set(key, offset);
  }
  return offset ?? intlOffset(ms, f);
}

/** The zone's wall clock at the instant `ms` and its offset from UTC (null for an unknown zone). */
function wallClock(ms: number, tz: string): Wall | null {
  const f = zoneFormat(tz);
  if (!f) return null;
  const offset = offsetAt(ms, tz, f);
  const wall = new Date(Math.floor(ms / 1000) * 1000 + offset * 60_000);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    offset,
  };
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
