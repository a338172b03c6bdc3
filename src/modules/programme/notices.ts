import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import type { DB } from '../../schema';
import type { Changes } from './changelog';
import { loadRooms, type Room } from './model';
import { type Version, versionOf } from './versions';

const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/**
 * Notices of saved sessions a new schedule version changed (one per user, event and version).
 * Each names its sessions with what happened to them (moved from/to, cancelled, renamed), the
 * event's slug, title and zone, and the rooms mentioned, so "my schedule" can say it in one
 * request instead of one per version.
 */
export function createNotices({ db, clock }: { db: Kysely<DB>; clock: Clock }) {
  async function list(actor: Actor) {
    const rows = await db
      .selectFrom('programme_notices')
      .selectAll()
      .where('user_id', '=', actor.userId)
      .orderBy('created_at', 'desc')
      .orderBy('version', 'desc')
      .limit(100)
      .execute();
    const versions = new Map<string, Promise<Version | null>>();
    const rooms = new Map<string, Promise<Room[]>>();
    const events = new Map<string, { id: string; slug: string; title: unknown; timezone: string }>();
    const eventIds = [...new Set(rows.map((r) => r.event_id))];
    if (eventIds.length)
      for (const e of await db
        .selectFrom('campaigns')
        .select(['id', 'slug', 'title', 'timezone'])
        .where('id', 'in', eventIds)
        .execute())
        events.set(e.id, e);
    const items = [];
    for (const r of rows) {
      const key = `${r.event_id}#${r.version}`;
      if (!versions.has(key)) versions.set(key, versionOf(db, r.event_id, r.version));
      if (!rooms.has(r.event_id)) rooms.set(r.event_id, loadRooms(db, r.event_id));
      const sessionIds = parse<string[]>(r.session_ids);
      const mine = new Set(sessionIds);
      const all = (await versions.get(key))?.changes;
      const changes: Changes = {
        new: [],
        moved: (all?.moved ?? []).filter((c) => mine.has(c.sessionId)),
        cancelled: (all?.cancelled ?? []).filter((c) => mine.has(c.sessionId)),
        changed: (all?.changed ?? []).filter((c) => mine.has(c.sessionId)),
      };
      const roomIds = new Set([
        ...changes.moved.flatMap((c) => [c.from.roomId, c.to.roomId]),
        ...changes.cancelled.map((c) => c.placement.roomId),
      ]);
      const ev = events.get(r.event_id);
      items.push({
        eventId: r.event_id,
        version: r.version,
        sessionIds,
        createdAt: new Date(r.created_at).toISOString(),
        readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
        event: {
          id: r.event_id,
          slug: ev?.slug ?? r.event_id,
          title: parse<{ 'zh-CN': string; 'en-US': string }>(ev?.title ?? { 'zh-CN': '', 'en-US': '' }),
          timezone: ev?.timezone ?? 'UTC',
        },
        changes,
        rooms: (await rooms.get(r.event_id)!).filter((room) => roomIds.has(room.id)),
      });
    }
    return items;
  }

  async function unread(actor: Actor) {
    const r = await db
      .selectFrom('programme_notices')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('user_id', '=', actor.userId)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return { unread: Number(r?.n ?? 0) };
  }

  /** Marks one notice (eventId + version) or all of them read; returns how many were unread. */
  async function markRead(actor: Actor, which: { eventId?: string; version?: number }) {
    let q = db
      .updateTable('programme_notices')
      .set({ read_at: clock.now() })
      .where('user_id', '=', actor.userId)
      .where('read_at', 'is', null);
    if (which.eventId) q = q.where('event_id', '=', which.eventId);
    if (which.version !== undefined) q = q.where('version', '=', which.version);
    const r = await q.executeTakeFirst();
    return { updated: Number(r.numUpdatedRows) };
  }

  return { list, unread, markRead };
}
export type Notices = ReturnType<typeof createNotices>;
