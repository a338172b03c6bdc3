import { AppError, conflict, forbidden, unprocessable } from '../../platform/errors';

/** The tickets module's refusals: each names its code (web catalogue) and, for input, the field. */
export const notTicketedEvent = (eventId: string, kind: string) =>
  conflict('EVENT_NOT_TICKETED', 'Only merchant conferences and tech summits sell tickets', {
    eventId,
    kind,
  });
export const notOrganizer = (eventId: string) =>
  forbidden('Only the event’s organizer or an operator manages its tickets', { eventId });
export const saleClosed = (typeId: string, reason: 'not_started' | 'ended', field: string) =>
  conflict(
    'SALE_CLOSED',
    reason === 'ended' ? 'The sale of this ticket has ended' : 'The sale has not started',
    {
      typeId,
      reason,
      field,
    },
  );
export const typeHidden = (typeId: string, field: string) =>
  unprocessable('TICKET_TYPE_LOCKED', 'This ticket needs a voucher that unlocks it', { typeId, field });
export const audienceNotAllowed = (typeId: string, audience: string, field: string) =>
  new AppError('AUDIENCE_NOT_ALLOWED', 'This ticket is for another audience', 403, {
    typeId,
    audience,
    field,
  });
export const overPerOrder = (typeId: string, max: number, field: string) =>
  unprocessable('OVER_PER_ORDER_MAX', `At most ${max} of this ticket per order`, { typeId, max, field });
export const overPerAccount = (typeId: string, max: number, field: string) =>
  unprocessable('OVER_PER_ACCOUNT_MAX', `At most ${max} of this ticket per account`, { typeId, max, field });
export const invalidVoucher = (reason: string) =>
  unprocessable('INVALID_VOUCHER', `The voucher is not valid: ${reason}`, { reason, field: 'voucherCode' });
export const voucherUsedUp = () =>
  conflict('VOUCHER_USED_UP', 'The voucher has been used as often as it may be', { field: 'voucherCode' });
export const addonWithoutParent = (typeId: string, field: string) =>
  unprocessable(
    'ADDON_WITHOUT_PARENT',
    'An add-on needs a ticket it belongs to in the order or already held',
    {
      typeId,
      field,
    },
  );
export const holdNotActive = (holdId: string, status: string) =>
  conflict('HOLD_NOT_ACTIVE', 'The reservation has expired or was already used', { holdId, status });
export const missingAnswer = (field: string) =>
  unprocessable('MISSING_ANSWER', `${field}: this question must be answered`, { field });
export const invalidAnswer = (field: string, message: string) =>
  unprocessable('INVALID_ANSWER', `${field}: ${message}`, { field });
export const attendeesMismatch = (expected: number) =>
  unprocessable('ATTENDEES_MISMATCH', `attendees: one per ticket, ${expected} expected`, {
    field: 'attendees',
    expected,
  });
export const paymentFailed = (code: string, message: string) =>
  new AppError('PAYMENT_FAILED', message, 402, { failureCode: code });
export const ticketNotActive = (ticketId: string, status: string) =>
  conflict('TICKET_NOT_VALID', 'The ticket is not valid (cancelled or refunded)', { ticketId, status });
export const eventStarted = (eventId: string) =>
  conflict('EVENT_STARTED', 'The event has started: tickets can no longer be changed by the buyer', {
    eventId,
  });
export const notSoldOut = (typeId: string) =>
  conflict('NOT_SOLD_OUT', 'Tickets of this type are still available: buy one instead', { typeId });
export const alreadyWaiting = (typeId: string) =>
  conflict('ALREADY_WAITING', 'You are already on this waiting list', { typeId });
export const invalidSetup = (field: string, message: string) =>
  unprocessable('INVALID_TICKET_SETUP', `${field}: ${message}`, { field });
export const soldOut = (typeId: string) => conflict('SOLD_OUT', 'Not enough tickets left', { typeId });
/** A change that would misread attendees' answers: the kind, a dropped option, a removal. */
export const questionAnswered = (field: 'kind' | 'options' | null, answered: number) =>
  conflict(
    'QUESTION_ANSWERED',
    field
      ? `${field}: attendees have answered this question; it cannot change`
      : 'Attendees have answered this question; make it optional instead of removing it',
    { answered, ...(field ? { field } : {}) },
  );
export const voucherNotActive = (voucherId: string, status: string) =>
  conflict('VOUCHER_NOT_ACTIVE', 'The voucher has already ended', { voucherId, status });
