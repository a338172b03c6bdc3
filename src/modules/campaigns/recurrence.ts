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

/** Whether `rule` has an occurrence on the local calendar day of `at` in `tz`. */
function ruleFallsOn(rule: string, tz: string, at: Date): boolean {
  const w = toWallTime(at, tz);
  const day = new Date(Date.UTC(w.year, w.month - 1, w.day));
  const r = new RRule({ ...RRule.parseString(rule), dtstart: day });
  const first = r.after(day, true);
  return !!first && first.getTime() < day.getTime() + 86_400_000;
}

/**
 * The span of an edition the series' rule describes: the whole edition when it starts on a day
 * of the rule, else the first phase that does (云栖大会 recurs on 24 September, the day its
 * 大会日程 opens, though registration opens in August), else the whole edition. Both the next
 * edition (nextEditionDraft) and the series calendar (DTSTART, DURATION) are counted from it.
 */
export function recurringSpan(
  edition: { startsAt: string; endsAt: string; phases: { startsAt: string; endsAt: string }[] },
  rule: string,
  tz: string,
): { startsAt: string; endsAt: string } {
  for (const span of [edition, ...edition.phases])
    if (ruleFallsOn(rule, tz, new Date(span.startsAt)))
      return { startsAt: span.startsAt, endsAt: span.endsAt };
  return { startsAt: edition.startsAt, endsAt: edition.endsAt };
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
  // Counted from the span the rule describes, so an edition whose registration opens weeks before
  // the rule's day moves by a whole year, not to the rule's day of the same year.
  const lastStart = new Date(recurringSpan(previous, rule, tz).startsAt);
  const next = nextOccurrence(rule, tz, lastStart);
  if (!next) return null;
  const delta =
    wallToFloating(toWallTime(next, tz)).getTime() - wallToFloating(toWallTime(lastStart, tz)).getTime();
  const fromYear = toWallTime(new Date(previous.startsAt), tz).year;
  const toYear = fromYear + (toWallTime(next, tz).year - toWallTime(lastStart, tz).year);
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
