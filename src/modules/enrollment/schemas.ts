import { z } from 'zod';
import { CATEGORY_CODES } from '../catalog';
import { ratingToTenths } from '../merchants';
import { type Promotion, parseScenario } from '../pricing';
import { NOMINATION_STATUSES } from './model';

/** Input shapes shared by the HTTP routes and the service (seed). */
const MINOR = 'must be a non-negative integer in minor units';
const minor = z.number({ error: MINOR }).int(MINOR).min(0, MINOR).max(Number.MAX_SAFE_INTEGER, MINOR);
const isoWithOffset = z.iso.datetime({ offset: true, message: 'must be ISO 8601 with a time zone offset' });
const id = z.string().min(1).max(100);

/** `$.promotions[3].tiers[0].off` -> [3, 'tiers', 0, 'off'] (relative to the promotions list). */
function promotionPath(jsonPath: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of jsonPath.matchAll(/\[(\d+)\]|\.([A-Za-z_$][\w$]*)|\[("(?:[^"\\]|\\.)*")\]/g)) {
    if (m[1] !== undefined) out.push(Number(m[1]));
    else if (m[2] !== undefined) out.push(m[2]);
    else if (m[3] !== undefined) out.push(JSON.parse(m[3]) as string);
  }
  return out[0] === 'promotions' ? out.slice(1) : out;
}

/**
 * Campaign promotions are validated by the pricing module's own scenario schema (wrapped in
 * an empty cart), so a rule the engine would refuse is refused here, naming the same path.
 */
export const promotionsSchema = z
  .array(z.unknown())
  .max(50)
  .superRefine((promotions, ctx) => {
    const parsed = parseScenario({
      currency: 'CNY',
      now: '2026-01-01T00:00:00Z',
      promotions,
      customer: { id: 'check' },
      lines: [],
    });
    if (!parsed.ok)
      for (const e of parsed.errors)
        ctx.addIssue({ code: 'custom', message: e.message, path: promotionPath(e.path) });
  })
  .transform((p) => p as Promotion[]);

export const rulesInputSchema = z
  .object({
    eligibleCategories: z.array(z.enum(CATEGORY_CODES)).max(50).default([]),
    minRating: z
      .number()
      .refine((v) => ratingToTenths(v) !== null, 'must be 0 to 5 with at most one decimal')
      .transform((v) => ratingToTenths(v)!),
    opensAt: isoWithOffset,
    closesAt: isoWithOffset,
    maxPriceBp: z.number().int('must be an integer number of basis points').min(1).max(10_000),
    promotions: promotionsSchema.default([]),
    requiredPromotionIds: z.array(id).max(50).default([]),
    /** Pre-sale: a deposit whose balance is not paid in its window is kept by the store (forfeit) or given back (refund). */
    depositRule: z.enum(['forfeit', 'refund']).default('forfeit'),
    /** The version you edited; required when the rules exist already. */
    version: z.number().int().positive().optional(),
  })
  .superRefine((r, ctx) => {
    if (Date.parse(r.opensAt) >= Date.parse(r.closesAt))
      ctx.addIssue({ code: 'custom', message: 'must be after opensAt', path: ['closesAt'] });
    const ids = new Set(r.promotions.map((p) => p.id));
    r.requiredPromotionIds.forEach((pid, i) => {
      if (!ids.has(pid))
        ctx.addIssue({
          code: 'custom',
          message: `no promotion with id ${pid}`,
          path: ['requiredPromotionIds', i],
        });
    });
  });
/** depositRule may be left out by callers in code (the seed, fixtures): forfeit, as over HTTP. */
export type RulesInput = Omit<z.infer<typeof rulesInputSchema>, 'depositRule'> & {
  depositRule?: 'forfeit' | 'refund';
};

export const enrollSchema = z.object({
  storeId: id,
  /** Ids of the campaign promotions the store commits to fund. */
  commitments: z.array(id).max(50).default([]),
});

export const nominationItemSchema = z.object({
  sku: id,
  campaignPrice: minor,
  campaignStock: z.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000_000),
});

export const nominateSchema = z.object({
  items: z.array(nominationItemSchema).min(1, 'nominate at least one SKU').max(200),
  /** Check the rules only; nothing is saved. */
  dryRun: z.boolean().default(false),
});

export const nominationPatchSchema = z.object({
  campaignPrice: minor.optional(),
  campaignStock: nominationItemSchema.shape.campaignStock.optional(),
  version: z.number().int().positive('is required: the version you edited'),
});

const decision = z.enum(['approve', 'reject']);
const reason = z.string().trim().max(1000).optional();
const reasonForRejects = (v: { decision: 'approve' | 'reject'; reason?: string }, ctx: z.RefinementCtx) => {
  if (v.decision === 'reject' && !v.reason)
    ctx.addIssue({ code: 'custom', message: 'is required to reject', path: ['reason'] });
};

export const reviewSchema = z.object({ decision, reason }).superRefine(reasonForRejects);
export const bulkReviewSchema = z
  .object({ ids: z.array(id).min(1, 'list at least one nomination').max(200), decision, reason })
  .superRefine(reasonForRejects);

const csvStatuses = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.enum(NOMINATION_STATUSES)))
  .optional();

export const nominationListQuerySchema = z.object({
  campaignId: id.optional(),
  storeId: id.optional(),
  status: csvStatuses,
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type NominationListQuery = z.infer<typeof nominationListQuerySchema>;

export const enrollmentListQuerySchema = z.object({ campaignId: id.optional(), storeId: id.optional() });

export const venueQuerySchema = z.object({
  category: z.string().max(60).optional(),
  store: id.optional(),
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(24),
  offset: z.coerce.number().int().min(0).default(0),
});
export type VenueQuery = z.infer<typeof venueQuerySchema>;

export const quoteSchema = z.object({
  lines: z
    .array(z.object({ sku: id, quantity: z.number().int('must be a whole number').min(1).max(999) }))
    .min(1, 'add at least one line')
    .max(50),
  /** Ids of coupon promotions the customer holds. */
  coupons: z.array(id).max(50).optional(),
  /** 购物津贴 balance in minor units. */
  allowanceBalance: minor.optional(),
});
export type QuoteInput = z.infer<typeof quoteSchema>;
