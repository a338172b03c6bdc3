import type { ApiError } from '../api';
import type { Translate } from '../app/i18n';

/** A refusal of the shopper's pages in the UI's own words, by its code; the server's message is the fallback. */
export function shopperError(t: Translate, e: ApiError): string {
  const key = `shopper.error.${e.code}`;
  const text = t(key as never, (e.details ?? {}) as never);
  return text === key ? t('shopper.error.other' as never) : text;
}
