import { isApiError } from '../api';
import type { MessageKey, Translate } from '../app/i18n';

const KNOWN = new Set([
  'INVALID_CREDIT_CODE',
  'CHARITY_EXISTS',
  'CHARITY_NOT_VERIFIED',
  'PROJECT_NOT_FUNDRAISING',
  'INVALID_DONATION_RULE',
  'ESCROW_INSUFFICIENT',
  'NOT_FOUND',
]);

/** A charity refusal in the reader's language, from the catalogue keyed by the server's code. */
export function charityErrorText(t: Translate, error: unknown): string {
  const code = isApiError(error) ? error.code : '';
  return KNOWN.has(code) ? t(`charity.error.${code}` as MessageKey) : t('charity.error.other');
}
