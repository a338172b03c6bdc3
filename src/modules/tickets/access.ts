import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import { notFound } from '../../platform/errors';
import type { DB } from '../../schema';
import { notOrganizer, notTicketedEvent } from './errors';

export const TICKETED_KINDS = ['merchant_growth', 'tech_summit'] as const;

export interface EventInfo {
  id: string;
  ownerId: string;
  title: { 'zh-CN': string; 'en-US': string };
  status: string;
  /** When the event itself begins (its `event_days` phase, else its start): buyers change tickets until then. */
  beginsAt: Date;
  endsAt: Date;
}

/** A ticketed event (a merchant conference or tech summit); 404 for an unknown id. */
export async function eventOf(db: Kysely<DB>, eventId: string): Promise<EventInfo> {
  const c = await db
    .selectFrom('campaigns')
    .select(['id', 'kind', 'owner_id', 'title', 'workflow_status', 'starts_at', 'ends_at', 'phases'])
    .where('id', '=', eventId)
    .executeTakeFirst();
  if (!c) throw notFound('Event', eventId);
  if (!(TICKETED_KINDS as readonly string[]).includes(c.kind)) throw notTicketedEvent(eventId, c.kind);
  const phases = (typeof c.phases === 'string' ? JSON.parse(c.phases) : c.phases) as {
    key: string;
    startsAt: string;
  }[];
  const days = phases.find((p) => p.key === 'event_days');
  const title = typeof c.title === 'string' ? JSON.parse(c.title) : c.title;
  return {
    id: c.id,
    ownerId: c.owner_id,
    title,
    status: c.workflow_status,
    beginsAt: days ? new Date(days.startsAt) : new Date(c.starts_at),
    endsAt: new Date(c.ends_at),
  };
}

/** The organizer who owns the event, or any operator; others 403. */
export async function managedEvent(db: Kysely<DB>, actor: Actor, eventId: string): Promise<EventInfo> {
  const ev = await eventOf(db, eventId);
  if (actor.role !== 'operator' && ev.ownerId !== actor.userId) throw notOrganizer(eventId);
  return ev;
}

/** Buyers see published events only; their organizer and operators see drafts too. */
export async function visibleEvent(db: Kysely<DB>, actor: Actor | null, eventId: string): Promise<EventInfo> {
  const ev = await eventOf(db, eventId);
  const manager = actor && (actor.role === 'operator' || actor.userId === ev.ownerId);
  if (ev.status !== 'published' && !manager) throw notFound('Event', eventId);
  return ev;
}
