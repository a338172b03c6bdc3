/**
 * Wall-clock <-> instant in an IANA zone, with Intl only. Needed because a series recurs on a
 * local date (every 11 November, 00:00 Beijing time), not every 365 days of UTC.
 */
export interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

export function toWallTime(instant: Date, tz: string): WallTime {
  const parts = Object.fromEntries(
    formatter(tz)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

const wallAsUtc = (w: WallTime) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/** The instant whose wall time in `tz` is `w` (for a DST gap, the instant just after it). */
export function fromWallTime(w: WallTime, tz: string): Date {
  const guess = wallAsUtc(w);
  let instant = guess;
  for (let i = 0; i < 3; i++) {
    const offset = wallAsUtc(toWallTime(new Date(instant), tz)) - instant;
    instant = guess - offset;
  }
  return new Date(instant);
}

/** The local calendar date, YYYY-MM-DD, of an instant in a zone (used to bucket views by day). */
export function localDate(instant: Date, tz: string): string {
  const w = toWallTime(instant, tz);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

const DAY_MS = 86_400_000;
/** Per zone and UTC day: the zone's offset (ms) when it is the same all day, else null. */
const dayOffsets = new Map<string, number | null>();
const MAX_CACHED_DAYS = 50_000;

const offsetAt = (ms: number, tz: string) => wallAsUtc(toWallTime(new Date(ms), tz)) - ms;

/**
 * A list formats two instants per row, and Intl's formatToParts is most of its cost. A zone's
 * offset changes at most a couple of times a year, so it is looked up once per zone and UTC day
 * (the same offset at both ends of the day means no transition within it: transitions are
 * months apart); a day with a transition takes Intl's answer for every instant.
 */
function offsetOnDay(ms: number, tz: string): number | null {
  const day = Math.floor(ms / DAY_MS);
  const key = `${tz}|${day}`;
  let offset = dayOffsets.get(key);
  if (offset === undefined) {
    const first = offsetAt(day * DAY_MS, tz);
    offset = first === offsetAt(day * DAY_MS + DAY_MS - 1000, tz) ? first : null;
    if (dayOffsets.size >= MAX_CACHED_DAYS) dayOffsets.clear();
    dayOffsets.set(key, offset);
  }
  return offset;
}

/** ISO 8601 with the zone's offset, e.g. 2026-11-11T00:00:00+08:00. */
export function toZonedIso(instant: Date, tz: string): string {
  const seconds = Math.floor(instant.getTime() / 1000) * 1000;
  const known = offsetOnDay(seconds, tz);
  let w: WallTime;
  if (known === null) w = toWallTime(instant, tz);
  else {
    const d = new Date(seconds + known);
    w = {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
    };
  }
  const offsetMin = Math.round((wallAsUtc(w) - seconds) / 60000);
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
