import { isApiError } from '../api';
import type { MessageKey, Translate } from '../app/i18n';

/** The programme's refusal codes (docs/programme.md) that have their own catalogue text. */
const KNOWN = new Set([
  'EVENT_NOT_TICKETED',
  'TRACK_NAME_TAKEN',
  'TRACK_IN_USE',
  'INVALID_ROOM_HOURS',
  'ROOM_IN_USE',
  'UNKNOWN_TRACK',
  'UNKNOWN_SPEAKER',
  'SEATS_BELOW_TAKEN',
  'UNKNOWN_ROOM',
  'SESSION_CANCELLED',
  'SCHEDULE_CONFLICTS',
  'NO_SCHEDULE_CHANGES',
  'NO_VALID_TICKET',
  'NOT_A_WORKSHOP',
  'SEATS_FULL',
  'NOT_CHECKED_IN',
  'FEEDBACK_EXISTS',
  'SESSION_NOT_STARTED',
  'FORBIDDEN',
  'NOT_FOUND',
  'VALIDATION_FAILED',
  'UNAUTHORIZED',
  'NETWORK',
]);

export const codeOf = (error: unknown): string => (isApiError(error) ? error.code : 'other');

/** A refusal in the reader's language, keyed by the server's code; a named field says which. */
export function programmeErrorText(t: Translate, error: unknown): string {
  const code = codeOf(error);
  if (KNOWN.has(code)) return t(`programme.error.${code}` as MessageKey);
  if (isApiError(error) && error.field) return t('programme.error.field');
  return t('programme.error.other');
}
