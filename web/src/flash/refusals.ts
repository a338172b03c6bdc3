import { isApiError } from '../api';
import type { MessageKey, Translate } from '../app/i18n';

/** The refusal codes the reservation, queue and checkout endpoints answer with (flash-design.md). */
export const FLASH_REFUSALS = [
  'SOLD_OUT',
  'LIMIT_REACHED',
  'NOT_STARTED',
  'ENDED',
  'SLOT_PAUSED',
  'BUSY',
  'ADMISSION_REQUIRED',
  'ACCOUNT_TOO_NEW',
  'SLOT_WARMING',
  'RESERVATION_EXPIRED',
  'RESERVATION_NOT_LIVE',
] as const;

const KNOWN = new Set<string>([
  ...FLASH_REFUSALS,
  'PRICE_CHANGED',
  'UNAUTHENTICATED',
  'RATE_LIMITED',
  'NETWORK',
  'NOT_NOMINATED',
  'STOCK_SHORT',
  'FORBIDDEN',
  'NOT_FOUND',
]);

/** Seconds to wait before trying again: the Retry-After header, else details.retryAfterMs, else 1. */
export function retryAfterSeconds(error: unknown): number {
  if (!isApiError(error)) return 1;
  if (error.retryAfterSec) return Math.ceil(error.retryAfterSec);
  const ms = Number(error.details?.retryAfterMs);
  return Number.isFinite(ms) && ms > 0 ? Math.ceil(ms / 1000) : 1;
}

/** Whether waiting and sending again may succeed (as opposed to a final answer like SOLD_OUT). */
export const isRetryable = (error: unknown) =>
  isApiError(error) &&
  (error.code === 'BUSY' ||
    error.code === 'SLOT_WARMING' ||
    error.code === 'RATE_LIMITED' ||
    error.status === 0);

export interface RefusalContext {
  perCustomerLimit?: number;
  minAccountAgeHours?: number;
  /** Formats a moment (the slot's start) for "opens at …". */
  formatTime?: (iso: string) => string;
}

/**
 * The customer's words for a refusal, from the catalogue by code: never the server's English and
 * never an id. An unknown code gets the generic sentence.
 */
export function refusalText(error: unknown, t: Translate, ctx: RefusalContext = {}): string {
  if (!isApiError(error)) return t('flash.error.generic');
  const d = error.details ?? {};
  const code = error.status === 401 ? 'UNAUTHENTICATED' : error.code;
  if (!KNOWN.has(code)) return t('flash.error.generic');
  switch (code) {
    case 'LIMIT_REACHED':
      return d.reason === 'live_reservation'
        ? t('flash.error.LIMIT_REACHED.live')
        : t('flash.error.LIMIT_REACHED', { n: Number(d.limit ?? ctx.perCustomerLimit ?? 1) });
    case 'NOT_STARTED': {
      const at = typeof d.startsAt === 'string' ? d.startsAt : undefined;
      return t('flash.error.NOT_STARTED', { time: at && ctx.formatTime ? ctx.formatTime(at) : '' });
    }
    case 'BUSY':
    case 'SLOT_WARMING':
      return t(`flash.error.${code}`, { n: retryAfterSeconds(error) });
    case 'ACCOUNT_TOO_NEW':
      return t('flash.error.ACCOUNT_TOO_NEW', {
        n: Number(d.minAccountAgeHours ?? ctx.minAccountAgeHours ?? 0),
      });
    default:
      return t(`flash.error.${code}` as MessageKey);
  }
}

/** The short label of a refusal code (the console's by-reason chart). */
export function refusalLabel(code: string, t: Translate): string {
  return KNOWN.has(code) ? t(`flash.error.${code}.short` as MessageKey) : t('flash.error.other.short');
}

const ADMISSION_REASONS = new Set([
  'customer_rate',
  'ip_rate',
  'slot_rate',
  'in_flight',
  'admission_required',
  'account_too_new',
]);

/** Why admission control turned a request away (the console's second chart). */
export function admissionLabel(reason: string, t: Translate): string {
  return ADMISSION_REASONS.has(reason)
    ? t(`flash.admission.${reason}` as MessageKey)
    : t('flash.error.other.short');
}
