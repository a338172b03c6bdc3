import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../platform/auth';
import type { Clock } from '../../platform/clock';
import { notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { DB } from '../../schema';
import { holdsValidTicket } from '../tickets';
import { managedEvent } from './access';
import { notAWorkshop, noValidTicket, seatsFull, sessionCancelled } from './errors';

export interface Seat {
  id: string;
  sessionId: string;
  status: 'reserved' | 'waiting';
  /** On the waiting list: 1 is next. */
  position: number | null;
}

/**
 * Workshop seats (issue 12 item 5). The session's `seats_taken` moves only by one conditional
 * UPDATE (`+ 1 WHERE seats_taken < seats`), a unique (session, user) index keeps one seat per
 * user, and the CHECK `seats_taken <= seats` is the last line of defence. A full workshop keeps
 * its own waiting list (rows with status `waiting`, first come first served): a freed seat goes
 * to the first in line inside the transaction that frees it, so `seats_taken` never moves.
 */
export function createSeats({ db, clock }: { db: Kysely<DB>; clock: Clock }) {
  async function sessionRow(trx: Kysely<DB>, sessionId: string) {
    const s = await trx
      .selectFrom('programme_sessions')
      .select(['id', 'event_id', 'status', 'seats', 'seats_taken'])
      .where('id', '=', sessionId)
      .executeTakeFirst();
    if (!s) throw notFound('Session', sessionId);
    return s;
  }

  async function positionOf(
    trx: Kysely<DB>,
    seat: { id: string; session_id: string; status: string; created_at: Date | string },
  ) {
    if (seat.status !== 'waiting') return null;
    const r = await trx
      .selectFrom('programme_seats')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('session_id', '=', seat.session_id)
      .where('status', '=', 'waiting')
      .where((eb) =>
        eb.or([
          eb('created_at', '<', new Date(seat.created_at)),
          eb.and([eb('created_at', '=', new Date(seat.created_at)), eb('id', '<=', seat.id)]),
        ]),
      )
      .executeTakeFirst();
    return Number(r?.n ?? 1);
  }

  async function view(trx: Kysely<DB>, sessionId: string, userId: string): Promise<Seat | null> {
    const r = await trx
      .selectFrom('programme_seats')
      .select(['id', 'session_id', 'status', 'created_at'])
      .where('session_id', '=', sessionId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!r) return null;
    return { id: r.id, sessionId: r.session_id, status: r.status, position: await positionOf(trx, r) };
  }

  /** Reserves a seat (or a place in line when `waitlist`); `created: false` when one was held. */
  async function reserve(
    actor: Actor,
    sessionId: string,
    waitlist: boolean,
  ): Promise<{ seat: Seat; created: boolean }> {
    const s = await sessionRow(db, sessionId);
    if (s.seats === null) throw notAWorkshop(sessionId);
    if (s.status === 'cancelled') throw sessionCancelled(sessionId);
    const existing = await view(db, sessionId, actor.userId);
    if (existing) return { seat: existing, created: false };
    if (!(await holdsValidTicket(db, s.event_id, actor))) throw noValidTicket(s.event_id);
    const now = clock.now();
    const id = newId('wss', now.getTime());
    try {
      return await db.transaction().execute(async (trx) => {
        // The row first: a second request of the same user stops at the unique index and
        // never moves the counter.
        await trx
          .insertInto('programme_seats')
          .values({
            id,
            session_id: sessionId,
            event_id: s.event_id,
            user_id: actor.userId,
            status: 'reserved',
            created_at: now,
          })
          .execute();
        const took = await trx
          .updateTable('programme_sessions')
          .set({ seats_taken: sql`seats_taken + 1` })
          .where('id', '=', sessionId)
          .where('status', '=', 'confirmed')
          .where(sql<boolean>`seats_taken < seats`)
          .executeTakeFirst();
        if (Number(took.numUpdatedRows) === 0) {
          if (!waitlist) throw seatsFull(sessionId);
          await trx.updateTable('programme_seats').set({ status: 'waiting' }).where('id', '=', id).execute();
        }
        return { seat: (await view(trx, sessionId, actor.userId))!, created: true };
      });
    } catch (e) {
      if ((e as { code?: string })?.code === '23505') {
        const seat = await view(db, sessionId, actor.userId);
        if (seat) return { seat, created: false };
      }
      throw e;
    }
  }

  /** Gives the seat (or the place in line) back; a freed seat goes to the first in line. */
  async function cancel(actor: Actor, sessionId: string): Promise<void> {
    await sessionRow(db, sessionId);
    await db.transaction().execute(async (trx) => {
      const gone = await trx
        .deleteFrom('programme_seats')
        .where('session_id', '=', sessionId)
        .where('user_id', '=', actor.userId)
        .returning(['status'])
        .executeTakeFirst();
      if (gone?.status !== 'reserved') return;
      const next = await trx
        .selectFrom('programme_seats')
        .select('id')
        .where('session_id', '=', sessionId)
        .where('status', '=', 'waiting')
        .orderBy('created_at')
        .orderBy('id')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (next) {
        await trx
          .updateTable('programme_seats')
          .set({ status: 'reserved' })
          .where('id', '=', next.id)
          .execute();
      } else {
        await trx
          .updateTable('programme_sessions')
          .set({ seats_taken: sql`seats_taken - 1` })
          .where('id', '=', sessionId)
          .where('seats_taken', '>', 0)
          .execute();
      }
    });
  }

  async function list(actor: Actor, sessionId: string) {
    const s = await sessionRow(db, sessionId);
    await managedEvent(db, actor, s.event_id);
    const rows = await db
      .selectFrom('programme_seats as p')
      .innerJoin('users as u', 'u.id', 'p.user_id')
      .select(['p.id', 'p.user_id', 'u.display_name', 'p.status', 'p.created_at'])
      .where('p.session_id', '=', sessionId)
      .orderBy('p.status')
      .orderBy('p.created_at')
      .orderBy('p.id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      displayName: r.display_name,
      status: r.status,
      createdAt: new Date(r.created_at).toISOString(),
    }));
  }

  /** The user's seats and places in line, oldest first (my schedule lists them). */
  async function mine(userId: string): Promise<Seat[]> {
    const rows = await db
      .selectFrom('programme_seats')
      .select(['id', 'session_id', 'status', 'created_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .orderBy('id')
      .limit(200)
      .execute();
    const out: Seat[] = [];
    for (const r of rows)
      out.push({ id: r.id, sessionId: r.session_id, status: r.status, position: await positionOf(db, r) });
    return out;
  }

  return {
    reserve,
    cancel,
    list,
    mine,
    view: (sessionId: string, userId: string) => view(db, sessionId, userId),
  };
}
export type Seats = ReturnType<typeof createSeats>;
