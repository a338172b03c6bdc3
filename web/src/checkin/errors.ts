import { isApiError } from '../api';
import type { MessageKey, Translate } from '../app/i18n';

const KNOWN = new Set([
  'INVALID_CODE',
  'BAD_SIGNATURE',
  'WRONG_EVENT',
  'UNKNOWN_TICKET',
  'NOT_ON_LIST',
  'NOT_VALID_TODAY',
  'TICKET_CANCELLED',
  'ALREADY_CHECKED_IN',
  'NOT_CHECKIN_STAFF',
  'NOT_A_TICKETED_EVENT',
  'USER_NOT_FOUND',
  'NOT_FOUND',
  'NETWORK',
]);

/** The code of a refusal (an ApiError, or an offline verdict's code). */
export const codeOf = (error: unknown): string => (isApiError(error) ? error.code : String(error ?? ''));

/** A check-in refusal in the reader's language, from the catalogue keyed by the server's code. */
export function checkinErrorText(t: Translate, error: unknown): string {
  const code = codeOf(error);
  return KNOWN.has(code) ? t(`checkin.error.${code}` as MessageKey) : t('checkin.error.other');
}

/** A refusal of the ticket shop: its `error.<CODE>` text, a field the server named, or check-in's text. */
export function ticketErrorText(t: Translate, error: unknown): string {
  if (isApiError(error)) {
    // The shop's own refusals (docs/tickets.md) have `error.<CODE>` keys in the catalogue.
    const key = `error.${error.code}` as MessageKey;
    const text = t(key);
    if (text !== key) return text;
    if (error.field) return t('tickets.error.field');
  }
  return checkinErrorText(t, error);
}
