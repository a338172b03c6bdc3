import type { Kysely } from 'kysely';
import type { DB } from '../../schema';

/**
 * Whether a user holds a valid (paid, not cancelled or refunded) ticket of the event: as its
 * buyer or as its named attendee (by e-mail). Read by the programme (workshop seats, issue 12).
 */
export async function holdsValidTicket(
  db: Kysely<DB>,
  eventId: string,
  user: { userId: string; email: string },
): Promise<boolean> {
  const row = await db
    .selectFrom('tickets')
    .select('id')
    .where('event_id', '=', eventId)
    .where('status', '=', 'valid')
    .where((eb) =>
      eb.or([eb('buyer_id', '=', user.userId), eb('attendee_email', '=', user.email.toLowerCase())]),
    )
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
