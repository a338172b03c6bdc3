import type { FormInstance } from 'antd';
import { isApiError } from '../api';
import type { MessageKey, Translate } from '../app/i18n';
import { dayjs } from '../app/time';

/** The codes the catalogue words itself; anything else gets the generic line, never the server's English. */
const KNOWN = new Set([
  'VALIDATION_FAILED',
  'REAUTH_REQUIRED',
  'WRONG_PASSWORD',
  'NOT_FOUND',
  'FORBIDDEN',
  'SESSION_REQUIRED',
  'UNAUTHENTICATED',
  'RATE_LIMITED',
  'WEBHOOK_URL_REFUSED',
  'TOO_MANY_ENDPOINTS',
  'ENDPOINT_DISABLED',
  'REPLAY_TOO_LARGE',
  'IDEMPOTENCY_IN_PROGRESS',
  'NETWORK',
]);

export function portalErrorText(t: Translate, error: unknown): string {
  if (!isApiError(error) || !KNOWN.has(error.code)) return t('portal.error.generic');
  return t(`portal.error.${error.code}` as MessageKey);
}

/**
 * Marks the field the server named (when the form has it) with the catalogue's words for the
 * refusal, so the person sees where, in their language. Returns whether a field was marked.
 */
export function markServerField(form: FormInstance, t: Translate, error: unknown, fields: string[]): boolean {
  if (!isApiError(error) || !error.field) return false;
  const top = error.field.split('.')[0]!;
  if (!fields.includes(top)) return false;
  form.setFields([{ name: top, errors: [portalErrorText(t, error)] }]);
  return true;
}

/** Local wall-clock time; the portal shows moments to the minute (seconds in the delivery log). */
export const formatTime = (iso: string | null | undefined, withSeconds = false): string =>
  iso ? dayjs(iso).format(withSeconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm') : '';

export const formatCount = (n: number, locale: string): string => n.toLocaleString(locale);
