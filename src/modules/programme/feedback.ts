import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import { admittedCount, wasAdmitted } from '../checkin';
import { managedEvent } from './access';
import type { Agenda } from './agenda';
import { feedbackExists, notCheckedIn, sessionNotStarted } from './errors';
import type { Session } from './model';

const round2 = (n: number) => Math.round(n * 100) / 100;
const avg = (xs: number[]) => (xs.length ? round2(xs.reduce((a, b) => a + b, 0) / xs.length) : null);

/**
 * Session feedback (issue 12 item 6): attendees whose ticket was admitted rate a session 1–5
 * once (a unique index), from its published start; speakers read theirs once the session is
 * over (anonymous); the organizer sees averages per session and track, and a CSV.
 */
export function createFeedback(deps: { db: Kysely<DB>; clock: Clock; agenda: Agenda }) {
  const { db, clock, agenda } = deps;

  async function give(actor: Actor, sessionId: string, input: { rating: number; comment?: string }) {
    const found = await agenda.publishedSession(sessionId);
    if (!found) throw notFound('Session', sessionId);
    const s = found.session;
    if (!s.placement || s.status === 'cancelled' || clock.now().getTime() < Date.parse(s.placement.startsAt))
      throw sessionNotStarted(sessionId);
    if (!(await wasAdmitted(db, s.eventId, actor))) throw notCheckedIn(s.eventId);
    const now = clock.now();
    const id = newId('sfb', now.getTime());
    const inserted = await db
      .insertInto('programme_feedback')
      .values({
        id,
        session_id: sessionId,
        event_id: s.eventId,
        user_id: actor.userId,
        rating: input.rating,
        comment: input.comment ?? '',
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['session_id', 'user_id']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) throw feedbackExists(sessionId);
    return {
      id,
      sessionId,
      rating: input.rating,
      comment: input.comment ?? '',
      createdAt: now.toISOString(),
    };
  }

  async function given(userId: string, sessionId: string) {
    const r = await db
      .selectFrom('programme_feedback')
      .select('id')
      .where('session_id', '=', sessionId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return !!r;
  }

  /** The sessions the actor speaks at (as a programme speaker linked to the user), once over. */
  async function forSpeaker(actor: Actor) {
    const mine = await db
      .selectFrom('programme_session_speakers as l')
      .innerJoin('programme_speakers as p', 'p.id', 'l.speaker_id')
      .select('l.session_id')
      .where((eb) =>
        eb.or([eb('p.user_id', '=', actor.userId), eb('p.email', '=', actor.email.toLowerCase())]),
      )
      .execute();
    const now = clock.now().getTime();
    const items: {
      session: Session;
      ratings: number;
      average: number | null;
      feedback: { rating: number; comment: string; createdAt: string }[];
    }[] = [];
    for (const { session_id } of mine) {
      const found = await agenda.publishedSession(session_id);
      if (!found?.session.placement || Date.parse(found.session.placement.endsAt) > now) continue;
      const rows = await db
        .selectFrom('programme_feedback')
        .select(['rating', 'comment', 'created_at'])
        .where('session_id', '=', session_id)
        .orderBy('created_at')
        .execute();
      items.push({
        session: found.session,
        ratings: rows.length,
        average: avg(rows.map((r) => r.rating)),
        feedback: rows.map((r) => ({
          rating: r.rating,
          comment: r.comment,
          createdAt: new Date(r.created_at).toISOString(),
        })),
      });
    }
    return items;
  }

  async function rowsOf(eventId: string) {
    return db
      .selectFrom('programme_feedback as f')
      .innerJoin('programme_sessions as s', 's.id', 'f.session_id')
      .select(['f.session_id', 's.title', 's.track_id', 'f.rating', 'f.comment', 'f.created_at'])
      .where('f.event_id', '=', eventId)
      .orderBy('f.session_id')
      .orderBy('f.created_at')
      .execute();
  }

  async function summary(actor: Actor, eventId: string) {
    await managedEvent(db, actor, eventId);
    const [rows, sessions, saved, checkedIn] = await Promise.all([
      rowsOf(eventId),
      db
        .selectFrom('programme_sessions')
        .select(['id', 'title', 'track_id', 'seats_taken'])
        .where('event_id', '=', eventId)
        .where('kind', '<>', 'break')
        .orderBy('id')
        .execute(),
      db
        .selectFrom('programme_saved')
        .select(['session_id', (eb) => eb.fn.countAll<string>().as('n')])
        .where('event_id', '=', eventId)
        .groupBy('session_id')
        .execute(),
      admittedCount(db, eventId),
    ]);
    const savedBy = new Map(saved.map((s) => [s.session_id, Number(s.n)]));
    const bySession = new Map<string, number[]>();
    const byTrack = new Map<string | null, number[]>();
    for (const r of rows) {
      bySession.set(r.session_id, [...(bySession.get(r.session_id) ?? []), r.rating]);
      byTrack.set(r.track_id, [...(byTrack.get(r.track_id) ?? []), r.rating]);
    }
    const all = rows.map((r) => r.rating);
    return {
      checkedIn,
      sessions: sessions.map((s) => ({
        sessionId: s.id,
        title: s.title,
        trackId: s.track_id,
        ratings: bySession.get(s.id)?.length ?? 0,
        average: avg(bySession.get(s.id) ?? []),
        saved: savedBy.get(s.id) ?? 0,
        seatsTaken: s.seats_taken,
      })),
      tracks: [...byTrack.entries()].map(([trackId, xs]) => ({
        trackId,
        ratings: xs.length,
        average: avg(xs),
      })),
      overall: { ratings: all.length, average: avg(all) },
    };
  }

  async function csv(actor: Actor, eventId: string): Promise<string> {
    await managedEvent(db, actor, eventId);
    const rows = await rowsOf(eventId);
    const cell = (v: string | number | null) => {
      const s = v === null ? '' : String(v);
      // Quote always; a leading = + - @ would be a formula in a spreadsheet.
      const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
      return `"${safe.replace(/"/g, '""')}"`;
    };
    const lines = [
      ['session_id', 'session', 'track_id', 'rating', 'comment', 'created_at'].map(cell).join(','),
      ...rows.map((r) =>
        [r.session_id, r.title, r.track_id, r.rating, r.comment, new Date(r.created_at).toISOString()]
          .map(cell)
          .join(','),
      ),
    ];
    return `\uFEFF${lines.join('\r\n')}\r\n`;
  }

  return { give, given, forSpeaker, summary, csv };
}
export type Feedback = ReturnType<typeof createFeedback>;
