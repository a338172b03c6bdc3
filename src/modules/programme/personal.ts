import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import type { Agenda } from './agenda';

/** "My schedule": saved sessions and the secret iCalendar feed URL (notices: notices.ts). */
export function createPersonal(deps: { db: Kysely<DB>; clock: Clock; agenda: Agenda }) {
  const { db, clock, agenda } = deps;

  const entryOf = (r: { id: string; session_id: string; event_id: string; created_at: Date | string }) => ({
    id: r.id,
    sessionId: r.session_id,
    eventId: r.event_id,
    savedAt: new Date(r.created_at).toISOString(),
  });

  async function save(actor: Actor, sessionId: string) {
    const found = await agenda.publishedSession(sessionId);
    if (!found) throw notFound('Session', sessionId);
    await agenda.sessionPage(actor, sessionId); // the event must be visible to the saver
    const now = clock.now();
    await db
      .insertInto('programme_saved')
      .values({
        id: newId('ags', now.getTime()),
        user_id: actor.userId,
        session_id: sessionId,
        event_id: found.session.eventId,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['user_id', 'session_id']).doNothing())
      .execute();
    const r = await db
      .selectFrom('programme_saved')
      .selectAll()
      .where('user_id', '=', actor.userId)
      .where('session_id', '=', sessionId)
      .executeTakeFirstOrThrow();
    return entryOf(r);
  }

  async function unsave(actor: Actor, sessionId: string) {
    await db
      .deleteFrom('programme_saved')
      .where('user_id', '=', actor.userId)
      .where('session_id', '=', sessionId)
      .execute();
  }

  async function feedToken(userId: string, rotate = false): Promise<string> {
    if (!rotate) {
      const r = await db
        .selectFrom('programme_feed_tokens')
        .select('token')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (r) return r.token;
    }
    const token = randomBytes(24).toString('base64url');
    await db
      .insertInto('programme_feed_tokens')
      .values({ user_id: userId, token, created_at: clock.now() })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ token, created_at: clock.now() }))
      .execute();
    return token;
  }
  const feedUrl = (token: string) => `/api/agenda-feeds/${token}.ics`;

  async function list(actor: Actor, eventId?: string) {
    let q = db.selectFrom('programme_saved').selectAll().where('user_id', '=', actor.userId);
    if (eventId) q = q.where('event_id', '=', eventId);
    const rows = await q.orderBy('created_at').execute();
    const items = [];
    for (const r of rows) {
      const found = await agenda.publishedSession(r.session_id);
      if (found) items.push({ entry: entryOf(r), session: found.session });
    }
    items.sort(
      (a, b) =>
        Date.parse(a.session.placement?.startsAt ?? '9999') -
        Date.parse(b.session.placement?.startsAt ?? '9999'),
    );
    return { items, feedUrl: feedUrl(await feedToken(actor.userId)) };
  }

  async function rotateFeed(actor: Actor) {
    return { feedUrl: feedUrl(await feedToken(actor.userId, true)) };
  }

  async function feed(token: string): Promise<string> {
    const owner = await db
      .selectFrom('programme_feed_tokens')
      .select('user_id')
      .where('token', '=', token)
      .executeTakeFirst();
    if (!owner) throw notFound('Agenda feed');
    const saved = await db
      .selectFrom('programme_saved')
      .select('session_id')
      .where('user_id', '=', owner.user_id)
      .orderBy('created_at')
      .execute();
    return agenda.personalIcs(
      saved.map((s) => s.session_id),
      clock.now(),
    );
  }

  /** Whether the user saved the session (the session page's `me`). */
  async function isSaved(userId: string, sessionId: string) {
    const r = await db
      .selectFrom('programme_saved')
      .select('id')
      .where('user_id', '=', userId)
      .where('session_id', '=', sessionId)
      .executeTakeFirst();
    return !!r;
  }

  return { save, unsave, list, rotateFeed, feed, isSaved };
}
export type Personal = ReturnType<typeof createPersonal>;
