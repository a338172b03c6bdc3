import { localDate } from '../campaigns';
import { verifyCode } from './keys';
import type { CheckinEvent, CheckinList, CheckinTicket, Refusal, TicketSource } from './model';
import { splitCode } from './ticket-code';

/** The English messages of the refusals; the pages show their own from the error code. */
export const MESSAGES: Record<Refusal, string> = {
  INVALID_CODE: 'This is not a ticket code',
  BAD_SIGNATURE: 'The ticket code is not signed by this event',
  WRONG_EVENT: 'The ticket is for another event',
  UNKNOWN_TICKET: 'No such ticket for this event',
  NOT_ON_LIST: 'This ticket type is not admitted on this list',
  NOT_VALID_TODAY: 'This list does not admit on this day',
  TICKET_CANCELLED: 'The ticket was cancelled or refunded',
  ALREADY_CHECKED_IN: 'The ticket was already checked in',
};

export interface Verdict {
  ticket: CheckinTicket | null;
  refusal: Refusal | null;
}

/** What a scan's answer says of the ticket: no e-mail, no buyer. */
export interface TicketView {
  ticketId: string;
  typeId: string;
  typeName: string;
  attendeeName: string;
  attendeeCompany: string | null;
  status: CheckinTicket['status'];
}

export function ticketView(t: CheckinTicket): TicketView;
export function ticketView(t: CheckinTicket | null): TicketView | null;
export function ticketView(t: CheckinTicket | null): TicketView | null {
  return (
    t && {
      ticketId: t.ticketId,
      typeId: t.typeId,
      typeName: t.typeName,
      attendeeName: t.attendeeName,
      attendeeCompany: t.attendeeCompany,
      status: t.status,
    }
  );
}

/**
 * Signature, event, list rules and status, in the order a door person would explain them.
 * `at` is the instant the list's day rule is checked against (the device's, for offline scans).
 */
export async function judge(
  tickets: TicketSource,
  publicKeyRaw: string,
  list: CheckinList,
  event: CheckinEvent,
  input: { payload?: string; ticketId?: string },
  at: Date,
): Promise<Verdict> {
  let ticketId = input.ticketId;
  if (input.payload !== undefined) {
    const parts = splitCode(input.payload);
    if (!parts) return { ticket: null, refusal: 'INVALID_CODE' };
    // Another event's code is signed by another key: say which, before the signature.
    if (parts.claims.eventId !== event.id) return { ticket: null, refusal: 'WRONG_EVENT' };
    if (!verifyCode(publicKeyRaw, input.payload)) return { ticket: null, refusal: 'BAD_SIGNATURE' };
    ticketId = parts.claims.ticketId;
  }
  const ticket = ticketId ? await tickets.getTicket(ticketId) : null;
  if (!ticket) return { ticket: null, refusal: 'UNKNOWN_TICKET' };
  if (ticket.eventId !== event.id) return { ticket: null, refusal: 'WRONG_EVENT' };
  if (list.typeIds.length > 0 && !list.typeIds.includes(ticket.typeId))
    return { ticket, refusal: 'NOT_ON_LIST' };
  if (list.validDays.length > 0 && !list.validDays.includes(localDate(at, event.timezone)))
    return { ticket, refusal: 'NOT_VALID_TODAY' };
  if (ticket.status !== 'valid') return { ticket, refusal: 'TICKET_CANCELLED' };
  return { ticket, refusal: null };
}
