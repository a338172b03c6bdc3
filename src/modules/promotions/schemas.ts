import { z } from 'zod';
import { COUPON_SCOPES, COUPON_STATUSES } from './model';

/** Input shapes of the promotions routes (and the service, for the seed and tests). */
const isoWithOffset = z.iso.datetime({ offset: true, message: 'must be ISO 8601 with a time zone offset' });
const MINOR = 'must be a positive integer in minor units';
const positiveMinor = z
  .number({ error: MINOR })
  .refine((v) => Number.isSafeInteger(v) && v > 0, { error: MINOR, abort: true });
const NONNEG = 'must be a non-negative integer in minor units';
const minor = z
  .number({ error: NONNEG })
  .refine((v) => Number.isSafeInteger(v) && v >= 0, { error: NONNEG, abort: true });
const count = (max: number) => z.number().int('must be a whole number').min(1).max(max);
const entityId = z.string().min(1).max(100);

/**
 * A coupon definition. `promotion` is a pricing promotion of type `coupon` or `percent_coupon`
 * (docs/pricing.md) without its `id`: the coupon's id becomes the promotion's id. It is checked
 * by the pricing module's own scenario schema in the service.
 */
export const couponDraftSchema = z.object({
  campaignId: entityId.optional(),
  scope: z.enum(COUPON_SCOPES),
  storeId: entityId.optional(),
  promotion: z.record(z.string(), z.unknown()),
  claimStartsAt: isoWithOffset,
  claimEndsAt: isoWithOffset,
  perCustomerLimit: count(1000).default(1),
  totalQuantity: count(100_000_000),
});
export type CouponDraft = z.infer<typeof couponDraftSchema>;

export const couponListQuerySchema = z.object({
  campaignId: entityId.optional(),
  storeId: entityId.optional(),
  status: z.enum(COUPON_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type CouponListQuery = z.infer<typeof couponListQuerySchema>;

export const MAX_CODES_PER_CALL = 100_000;
export const codesRequestSchema = z.object({ count: count(MAX_CODES_PER_CALL) });
export const codesQuerySchema = z.object({ format: z.enum(['json', 'csv']).default('json') });

export const redeemCodeSchema = z.object({ code: z.string().trim().min(4).max(40) });

export const allowanceGrantSchema = z
  .object({
    customerId: entityId.optional(),
    email: z.string().trim().email().max(200).optional(),
    amount: positiveMinor,
    reason: z.string().trim().max(500).optional(),
  })
  .refine((v) => (v.customerId === undefined) !== (v.email === undefined), {
    message: 'give exactly one of customerId or email',
    path: ['customerId'],
  });
export type AllowanceGrant = z.infer<typeof allowanceGrantSchema>;

/** PUT semantics: an absent or null limit means "no cap". */
export const budgetSchema = z.object({
  campaignId: entityId,
  budgetAmount: minor.nullable().optional(),
  maxUses: z.number().int().min(0).max(1_000_000_000).nullable().optional(),
  perCustomerUses: z.number().int().min(1).max(1_000_000).nullable().optional(),
});
export type BudgetInput = z.infer<typeof budgetSchema>;

export const allowanceQuerySchema = z.object({ campaignId: entityId.optional() });
