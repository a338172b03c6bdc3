import { AppError } from '../../platform/errors';

/**
 * Size caps of the anonymous POST /api/pricing/quote. The engine is linear in lines ×
 * promotions × scope-list entries; uncapped, a 3,000 × 3,000 scenario held the event loop for
 * 2 s. With these defaults the worst case we could build prices in a few milliseconds
 * (bench/quote-worst-case.ts). The CLI (`carnival price`) is not capped: it runs locally.
 */
export interface QuoteCaps {
  maxLines: number;
  maxPromotions: number;
  /** Entries of any one list inside a promotion (skus, stores, excludeSkus, tiers) or customer.coupons. */
  maxListEntries: number;
}

export const DEFAULT_QUOTE_CAPS: QuoteCaps = { maxLines: 200, maxPromotions: 100, maxListEntries: 100 };

const PROMOTION_LISTS = ['skus', 'stores', 'excludeSkus', 'tiers'] as const;

const tooLarge = (field: string, what: string, max: number, given: number) =>
  new AppError('QUOTE_TOO_LARGE', `${field}: at most ${max} ${what} in one quote (got ${given})`, 400, {
    field,
    max,
    given,
  });

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * Checked before the scenario is validated, so an oversized body costs a few length reads, not
 * a full parse. Anything that is not an array here is left to parseScenario to report.
 */
export function assertQuoteWithinCaps(body: unknown, caps: QuoteCaps): void {
  if (!isRecord(body)) return;
  const { lines, promotions, customer } = body;
  if (Array.isArray(lines) && lines.length > caps.maxLines)
    throw tooLarge('lines', 'lines', caps.maxLines, lines.length);
  if (Array.isArray(promotions)) {
    if (promotions.length > caps.maxPromotions)
      throw tooLarge('promotions', 'promotions', caps.maxPromotions, promotions.length);
    promotions.forEach((p, i) => {
      if (!isRecord(p)) return;
      for (const list of PROMOTION_LISTS) {
        const value = p[list];
        if (Array.isArray(value) && value.length > caps.maxListEntries)
          throw tooLarge(`promotions.${i}.${list}`, 'entries', caps.maxListEntries, value.length);
      }
    });
  }
  const coupons = isRecord(customer) ? customer.coupons : undefined;
  if (Array.isArray(coupons) && coupons.length > caps.maxListEntries)
    throw tooLarge('customer.coupons', 'entries', caps.maxListEntries, coupons.length);
}
