import { toWallTime } from '../campaigns';

/**
 * Event-local times for the agenda's iCalendar feeds (RFC 5545 §3.6.5). A calendar app shows
 * `DTSTART;TZID=Asia/Shanghai:20261201T090000` at 09:00 in the event's zone whatever zone the
 * reader is in, and keeps it there if the reader's own rules change. Only a zone whose offset
 * never changes (no summer time) is described: one fixed STANDARD component is then exactly
 * right. A zone with summer time would need its transition rules, which Intl does not give us,
 * so its sessions stay in UTC (still correct instants; calendars convert them).
 */
export interface FixedZone {
  tzid: string;
  /** '+0800' */
  offset: string;
}

/** The zone's offset from UTC at an instant, in minutes. */
function offsetMinutes(tz: string, at: Date): number {
  const w = toWallTime(at, tz);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

const cache = new Map<string, FixedZone | null>();

/** The zone if its offset is the same all through the year of `around` and the next; else null. */
export function fixedZone(tz: string, around: Date): FixedZone | null {
  const year = around.getUTCFullYear();
  const key = `${tz}@${year}`;
  if (cache.has(key)) return cache.get(key)!;
  let zone: FixedZone | null = null;
  try {
    const offsets = new Set<number>();
    // Twice a month over two years: any summer-time rule moves the offset for weeks.
    for (let m = 0; m < 24; m++)
      for (const day of [1, 16]) offsets.add(offsetMinutes(tz, new Date(Date.UTC(year, m, day, 12))));
    if (offsets.size === 1 && tz !== 'UTC' && tz !== 'Etc/UTC') {
      const [min] = [...offsets] as [number];
      const sign = min < 0 ? '-' : '+';
      const abs = Math.abs(min);
      const hh = String(Math.floor(abs / 60)).padStart(2, '0');
      const mm = String(abs % 60).padStart(2, '0');
      zone = { tzid: tz, offset: `${sign}${hh}${mm}` };
    }
  } catch {
    zone = null; // an unknown zone name: keep UTC
  }
  cache.set(key, zone);
  return zone;
}

/** The VTIMEZONE of a fixed zone: one STANDARD observance from 1970 on. */
export function vtimezone(zone: FixedZone): string[] {
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${zone.tzid}`,
    'BEGIN:STANDARD',
    'DTSTART:19700101T000000',
    `TZOFFSETFROM:${zone.offset}`,
    `TZOFFSETTO:${zone.offset}`,
    'END:STANDARD',
    'END:VTIMEZONE',
  ];
}

/** A DATE-TIME property in the zone (`DTSTART;TZID=…:20261201T090000`). */
export function zonedProperty(name: string, iso: string, zone: FixedZone): string {
  const w = toWallTime(new Date(iso), zone.tzid);
  const p = (n: number, l = 2) => String(n).padStart(l, '0');
  return `${name};TZID=${zone.tzid}:${p(w.year, 4)}${p(w.month)}${p(w.day)}T${p(w.hour)}${p(w.minute)}${p(w.second)}`;
}
