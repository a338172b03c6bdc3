import type { Kysely } from 'kysely';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';

export interface Track {
  id: string;
  eventId: string;
  name: { 'zh-CN': string; 'en-US': string };
  color: string;
  position: number;
}

function toTrack(r: {
  id: string;
  event_id: string;
  name_zh: string;
  name_en: string;
  color: string;
  position: number;
}): Track {
  return {
    id: r.id,
    eventId: r.event_id,
    name: { 'zh-CN': r.name_zh, 'en-US': r.name_en },
    color: r.color,
    position: r.position,
  };
}

/** The event's tracks in display order. */
export async function listTracks(db: Kysely<DB>, eventId: string): Promise<Track[]> {
  const rows = await db
    .selectFrom('conf_tracks')
    .select(['id', 'event_id', 'name_zh', 'name_en', 'color', 'position'])
    .where('event_id', '=', eventId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map(toTrack);
}

/** One track of the event, or null (a track id from another event is null too). */
export async function trackOf(db: Kysely<DB>, eventId: string, trackId: string): Promise<Track | null> {
  const r = await db
    .selectFrom('conf_tracks')
    .select(['id', 'event_id', 'name_zh', 'name_en', 'color', 'position'])
    .where('event_id', '=', eventId)
    .where('id', '=', trackId)
    .executeTakeFirst();
  return r ? toTrack(r) : null;
}

/**
 * Adds a track. No route or ownership check here: the caller (the programme's routes, a seed,
 * a test) has checked who may.
 */
export async function insertTrack(
  db: Kysely<DB>,
  input: { eventId: string; nameZh: string; nameEn: string; color?: string; position?: number },
  now: Date = new Date(),
): Promise<Track> {
  const row = {
    id: newId('trk', now.getTime()),
    event_id: input.eventId,
    name_zh: input.nameZh,
    name_en: input.nameEn,
    color: input.color ?? '#1677ff',
    position: input.position ?? 0,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('conf_tracks').values(row).execute();
  return toTrack(row);
}
