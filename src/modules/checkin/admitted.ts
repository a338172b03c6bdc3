import type { Kysely } from 'kysely';
import type { DB } from '../../schema';

/**
 * Whether a ticket the user holds (as buyer or named attendee) for the event has been admitted
 * on any of its check-in lists (an entry row exists). Read by the programme: only attendees
 * who were there may rate a session (issue 12 item 6).
 */
export async function wasAdmitted(
  db: Kysely<DB>,
  eventId: string,
  user: { userId: string; email: string },
): Promise<boolean> {
  const row = await db
    .selectFrom('checkin_entries as e')
    .innerJoin('tickets as t', 't.id', 'e.ticket_id')
    .select('e.ticket_id')
    .where('t.event_id', '=', eventId)
    .where('t.status', '=', 'valid')
    .where((eb) =>
      eb.or([eb('t.buyer_id', '=', user.userId), eb('t.attendee_email', '=', user.email.toLowerCase())]),
    )
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** How many of the event's tickets have been admitted (for the organizer's feedback page). */
export async function admittedCount(db: Kysely<DB>, eventId: string): Promise<number> {
  const row = await db
    .selectFrom('checkin_entries as e')
    .innerJoin('tickets as t', 't.id', 'e.ticket_id')
    .select((eb) => eb.fn.count<string>('e.ticket_id').distinct().as('n'))
    .where('t.event_id', '=', eventId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
