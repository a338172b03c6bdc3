import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import { conflict, forbidden, notFound } from '../../platform/errors';
import type { DB } from '../../schema';
import { fromWallTime, localDate } from '../campaigns';

const CONFERENCE_KINDS = ['merchant_growth', 'tech_summit'];
const PUBLIC = ['published'];

export interface ProgrammeEvent {
  id: string;
  ownerId: string;
  slug: string;
  title: { 'zh-CN': string; 'en-US': string };
  timezone: string;
  status: string;
  /** The event days: its `event_days` phase, else the campaign's own span. */
  daysStart: Date;
  daysEnd: Date;
}

export interface EventDay {
  /** YYYY-MM-DD in the event's time zone. */
  date: string;
  startsAt: string;
  endsAt: string;
}

const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/**
 * A conference (tech summit or merchant conference); 404 for an unknown id, 409 for other kinds.
 * `orSlug`: `eventId` may be the campaign's slug too (slugs have no `_`, ids do: they never
 * collide), for the public agenda, whose page knows only the slug (one request instead of two).
 */
export async function eventOf(
  db: Kysely<DB>,
  eventId: string,
  { orSlug = false }: { orSlug?: boolean } = {},
): Promise<ProgrammeEvent> {
  const c = await db
    .selectFrom('campaigns')
    .select([
      'id',
      'kind',
      'slug',
      'owner_id',
      'title',
      'timezone',
      'workflow_status',
      'starts_at',
      'ends_at',
      'phases',
    ])
    .where((eb) =>
      orSlug ? eb.or([eb('id', '=', eventId), eb('slug', '=', eventId)]) : eb('id', '=', eventId),
    )
    .executeTakeFirst();
  if (!c) throw notFound('Event', eventId);
  if (!CONFERENCE_KINDS.includes(c.kind))
    throw conflict('EVENT_NOT_TICKETED', 'Only merchant conferences and tech summits have a programme', {
      eventId,
      kind: c.kind,
    });
  const phases = parse<{ key: string; startsAt: string; endsAt: string }[]>(c.phases);
  const days = phases.find((p) => p.key === 'event_days');
  return {
    id: c.id,
    ownerId: c.owner_id,
    slug: c.slug,
    title: parse(c.title),
    timezone: c.timezone,
    status: c.workflow_status,
    daysStart: new Date(days ? days.startsAt : c.starts_at),
    daysEnd: new Date(days ? days.endsAt : c.ends_at),
  };
}

export const isManager = (actor: Actor | null, ev: ProgrammeEvent) =>
  !!actor && (actor.role === 'operator' || actor.userId === ev.ownerId);

/** The organizer who owns the event, or any operator; others 403. */
export async function managedEvent(db: Kysely<DB>, actor: Actor, eventId: string): Promise<ProgrammeEvent> {
  const ev = await eventOf(db, eventId);
  if (!isManager(actor, ev))
    throw forbidden('Only the event’s organizer or an operator manages its programme', { eventId });
  return ev;
}

/** The public sees published events only; their organizer and operators see drafts too. */
export async function visibleEvent(
  db: Kysely<DB>,
  actor: Actor | null,
  eventId: string,
  options: { orSlug?: boolean } = {},
): Promise<ProgrammeEvent> {
  const ev = await eventOf(db, eventId, options);
  if (!PUBLIC.includes(ev.status) && !isManager(actor, ev)) throw notFound('Event', eventId);
  return ev;
}

/** The calendar days (event time zone) the event days touch, each clipped to the event days. */
export function eventDays(ev: ProgrammeEvent): EventDay[] {
  const out: EventDay[] = [];
  const first = localDate(ev.daysStart, ev.timezone);
  const last = localDate(ev.daysEnd, ev.timezone);
  let date = first;
  for (let i = 0; i < 60; i++) {
    const start = date === first ? ev.daysStart : midnight(date, ev.timezone);
    const next = nextDate(date);
    const end = date === last ? ev.daysEnd : midnight(next, ev.timezone);
    out.push({ date, startsAt: start.toISOString(), endsAt: end.toISOString() });
    if (date === last) break;
    date = next;
  }
  return out;
}

function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function midnight(date: string, tz: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return fromWallTime({ year, month, day, hour: 0, minute: 0, second: 0 }, tz);
}
