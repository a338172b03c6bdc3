import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

export { dayjs };

/** A moment shown as wall-clock time in the event's own time zone. */
export function inZone(iso: string, tz: string): Dayjs {
  try {
    return dayjs(iso).tz(tz);
  } catch {
    return dayjs(iso);
  }
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
