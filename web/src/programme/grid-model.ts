/**
 * Wall-clock arithmetic of the schedule grid and the agenda: days, rows and placements in the
 * event's own time zone (a session at 09:00 Asia/Shanghai is in the 09:00 row for every reader).
 */
import { dayjs, inZone } from '../app/time';
import type { Room, Session } from './types';

/** The editor's row: a quarter of an hour. */
export const SLOT_MINUTES = 15;

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};
export const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The hours the grid shows: every room's hours, at least 09:00–18:00. */
export function gridHours(rooms: Room[]): { start: number; end: number } {
  let start = 9 * 60;
  let end = 18 * 60;
  for (const r of rooms) {
    start = Math.min(start, toMinutes(r.opensAt));
    end = Math.max(end, toMinutes(r.closesAt));
  }
  return { start: Math.floor(start / 60) * 60, end: Math.ceil(end / 60) * 60 };
}

/** The instant of a wall time on an event day (`2026-09-20`, minutes after midnight) in the zone. */
export function slotInstant(date: string, minutes: number, tz: string): string {
  return dayjs.tz(`${date}T${hhmm(minutes)}:00`, tz).toISOString();
}

/** The event day (YYYY-MM-DD in the zone) an instant falls on. */
export const dayOf = (iso: string, tz: string) => inZone(iso, tz).format('YYYY-MM-DD');

/** Minutes after the zone's midnight. */
export function minutesOfDay(iso: string, tz: string): number {
  const d = inZone(iso, tz);
  return d.hour() * 60 + d.minute();
}

/** "09:30–10:00" in the zone. */
export function timeRange(startsAt: string, endsAt: string, tz: string): string {
  return `${inZone(startsAt, tz).format('HH:mm')}–${inZone(endsAt, tz).format('HH:mm')}`;
}

/** The placed sessions of one day, by start. */
export function placedOn(sessions: Session[], date: string, tz: string): Session[] {
  return sessions
    .filter((s) => s.placement && dayOf(s.placement.startsAt, tz) === date)
    .sort((a, b) => a.placement!.startsAt.localeCompare(b.placement!.startsAt));
}

/** Where a placed session sits in the day's grid: its first row (0-based) and how many rows it spans. */
export function rowsOf(session: Session, tz: string, dayStart: number): { row: number; span: number } {
  const p = session.placement!;
  const start = minutesOfDay(p.startsAt, tz);
  const minutes = Math.max(SLOT_MINUTES, (Date.parse(p.endsAt) - Date.parse(p.startsAt)) / 60_000);
  return {
    row: Math.max(0, Math.floor((start - dayStart) / SLOT_MINUTES)),
    span: Math.max(1, Math.ceil(minutes / SLOT_MINUTES)),
  };
}
