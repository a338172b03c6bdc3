import type { Kysely } from 'kysely';
import type { DB } from '../../schema';
import type { CheckinTicket, HeldTicket, TicketSource } from '../checkin';

/**
 * The tickets module's side of check-in's seam (checkin's `TicketSource`): the tickets a list
 * admits and the tickets a holder may see the codes of, read from this module's own tables, so
 * check-in never touches them. Unpaid (`pending`) tickets are not tickets yet: they are neither
 * listed nor found.
 */
export function checkinTicketSource(db: Kysely<DB>): TicketSource {
  const base = () =>
    db
      .selectFrom('tickets as t')
      .innerJoin('ticket_types as tt', 'tt.id', 't.type_id')
      .select([
        't.id',
        't.event_id',
        't.type_id',
        'tt.name',
        't.attendee_name',
        't.attendee_company',
        't.attendee_email',
        't.buyer_id',
        't.status',
        't.created_at',
      ])
      .where('t.status', '<>', 'pending');
  type Row = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];
  const toTicket = (r: Row): CheckinTicket => ({
    ticketId: r.id,
    eventId: r.event_id,
    typeId: r.type_id,
    typeName: r.name['zh-CN'] || r.name['en-US'],
    attendeeName: r.attendee_name,
    attendeeCompany: r.attendee_company || null,
    status: r.status === 'pending' ? 'cancelled' : r.status,
  });
  const held = (r: Row): HeldTicket => ({
    ...toTicket(r),
    buyerId: r.buyer_id,
    attendeeUserId: null,
    attendeeEmail: r.attendee_email || null,
    issuedAt: new Date(r.created_at),
  });
  return {
    async ticketsOfHolder(userId, email) {
      const rows = await base()
        .where((eb) =>
          eb.or([eb('t.buyer_id', '=', userId), eb('t.attendee_email', '=', email.toLowerCase())]),
        )
        .orderBy('t.created_at', 'desc')
        .limit(200)
        .execute();
      return rows.map(held);
    },
    async ticketsForCheckIn(eventId) {
      const rows = await base().where('t.event_id', '=', eventId).orderBy('t.created_at').execute();
      return rows.map(toTicket);
    },
    async getTicket(ticketId): Promise<HeldTicket | null> {
      const r = await base().where('t.id', '=', ticketId).executeTakeFirst();
      return r ? held(r) : null;
    },
  };
}
