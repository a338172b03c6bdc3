import rrulePkg from 'rrule';
import type { CampaignDraft, Localized, Phase } from './model';
import { fromWallTime, toWallTime, toZonedIso, type WallTime } from './zoned-time';

const { RRule } = rrulePkg;

/** Validates an RFC 5545 RRULE value (the part after "RRULE:"); returns an error message or null. */
export function rruleError(rule: string): string | null {
  try {
    const options = RRule.parseString(rule);
    if (options.freq === undefined) return 'RRULE needs FREQ';
    return null;
  } catch (e) {
    return `not a valid RRULE: ${(e as Error).message}`;
  }
}

const wallToFloating = (w: WallTime) =>
  new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second));
const floatingToWall = (d: Date): WallTime => ({
  year: d.getUTCFullYear(),
  month: d.getUTCMonth() + 1,
  day: d.getUTCDate(),
  hour: d.getUTCHours(),
  minute: d.getUTCMinutes(),
  second: d.getUTCSeconds(),
});

/**
 * The next occurrence of `rule` strictly after the edition that started at `lastStart`, as an
 * instant. The rule runs on local wall time ("floating" dates), so 00:00 on 11 November in
 * Shanghai stays 00:00 on 11 November whatever the UTC arithmetic.
 */
export function nextOccurrence(rule: string, tz: string, lastStart: Date): Date | null {
  const dtstart = wallToFloating(toWallTime(lastStart, tz));
  const r = new RRule({ ...RRule.parseString(rule), dtstart });
  const next = r.after(dtstart, false);
  return next ? fromWallTime(floatingToWall(next), tz) : null;
}

/** Moves an instant by a wall-clock delta in `tz` (keeps local times of day across DST). */
function shiftWall(iso: string, deltaMs: number, tz: string): string {
  const moved = new Date(wallToFloating(toWallTime(new Date(iso), tz)).getTime() + deltaMs);
  return toZonedIso(fromWallTime(floatingToWall(moved), tz), tz);
}

/** Replaces the edition's year in titles ("2026 双十一" -> "2027 双十一"). */
function bumpYear(text: string, from: number, to: number): string {
  return text.replace(new RegExp(`\\b${from}\\b|${from}(?=年)`, 'g'), String(to));
}

const bumpLocalized = (l: Localized, from: number, to: number): Localized => ({
  'zh-CN': bumpYear(l['zh-CN'], from, to),
  'en-US': bumpYear(l['en-US'], from, to),
});

/** The next edition's draft: same settings, every time moved to the next occurrence. */
export function nextEditionDraft(
  previous: CampaignDraft & { slug: string },
  rule: string,
): (CampaignDraft & { slug: string }) | null {
  const tz = previous.timezone;
  const lastStart = new Date(previous.startsAt);
  const next = nextOccurrence(rule, tz, lastStart);
  if (!next) return null;
  const delta =
    wallToFloating(toWallTime(next, tz)).getTime() - wallToFloating(toWallTime(lastStart, tz)).getTime();
  const fromYear = toWallTime(lastStart, tz).year;
  const toYear = toWallTime(next, tz).year;
  const phases: Phase[] = previous.phases.map((p) => ({
    ...p,
    startsAt: shiftWall(p.startsAt, delta, tz),
    endsAt: shiftWall(p.endsAt, delta, tz),
  }));
  const slugBase = previous.slug.replace(new RegExp(`-?${fromYear}$`), '');
  return {
    ...previous,
    slug: `${slugBase}-${toYear}`,
    title: bumpLocalized(previous.title, fromYear, toYear),
    summary: bumpLocalized(previous.summary, fromYear, toYear),
    startsAt: shiftWall(previous.startsAt, delta, tz),
    endsAt: shiftWall(previous.endsAt, delta, tz),
    phases,
  };
}
