import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import { notFound } from '../../platform/errors';
import type { DB } from '../../schema';
import { notConference, notOrganizer } from './errors';

/** The kinds of campaign that are conferences (as tickets: merchant conferences, tech summits). */
export const CONFERENCE_KINDS = ['merchant_growth', 'tech_summit'] as const;

export interface Localized {
  'zh-CN': string;
  'en-US': string;
}

export interface ConferenceInfo {
  id: string;
  ownerId: string;
  title: Localized;
  status: string;
}

const parsed = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/** A conference; 404 for an unknown id, 409 EVENT_NOT_TICKETED for other kinds of campaign. */
export async function conferenceOf(db: Kysely<DB>, eventId: string): Promise<ConferenceInfo> {
  const c = await db
    .selectFrom('campaigns')
    .select(['id', 'kind', 'owner_id', 'title', 'workflow_status'])
    .where('id', '=', eventId)
    .executeTakeFirst();
  if (!c) throw notFound('Event', eventId);
  if (!(CONFERENCE_KINDS as readonly string[]).includes(c.kind)) throw notConference(eventId, c.kind);
  return { id: c.id, ownerId: c.owner_id, title: parsed<Localized>(c.title), status: c.workflow_status };
}

export const manages = (actor: Actor, ev: { ownerId: string }) =>
  actor.role === 'operator' || ev.ownerId === actor.userId;

/** The organizer who owns the event, or any operator; others 403. */
export async function managedConference(db: Kysely<DB>, actor: Actor, eventId: string) {
  const ev = await conferenceOf(db, eventId);
  if (!manages(actor, ev)) throw notOrganizer(eventId);
  return ev;
}

/** The public sees published events only; their organizer and operators see drafts too. */
export async function visibleConference(db: Kysely<DB>, actor: Actor | null, eventId: string) {
  const ev = await conferenceOf(db, eventId);
  if (ev.status !== 'published' && !(actor && manages(actor, ev))) throw notFound('Event', eventId);
  return ev;
}

/** Titles of several events at once (for lists spanning events). */
export async function titlesOf(db: Kysely<DB>, eventIds: string[]): Promise<Map<string, Localized>> {
  if (eventIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('campaigns')
    .select(['id', 'title'])
    .where('id', 'in', [...new Set(eventIds)])
    .execute();
  return new Map(rows.map((r) => [r.id, parsed<Localized>(r.title)]));
}

export { parsed };
