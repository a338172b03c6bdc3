import { z } from 'zod';
import { fen, isoInstant, localizedSchema, type SameType } from '../../platform/http/api-schemas';
import { campaignSchema, campaignStatusSchema } from '../campaigns';
import { pricedCartSchema, promotionSchema } from '../pricing';
import type { CampaignPriceChange } from './campaign-prices';
import {
  type Enrollment,
  type EnrollmentRules,
  NOMINATION_STATUSES,
  type Nomination,
  type NominationItem,
  RULE_CODES,
  type RuleFailure,
  type VenueItem,
} from './model';
import type { BulkResult } from './service';

/**
 * Answer schemas of enrollment (招商) and the venue (会场): the OpenAPI document and
 * carnival/client are made from them, and the strict serializer checks every route test's
 * answers against them.
 */

export const enrollmentRulesSchema = z
  .object({
    campaignId: z.string(),
    eligibleCategories: z
      .array(z.string())
      .describe('Category codes; a group (`apparel`) covers its leaves; empty: every category'),
    minRating: z.number().describe('The minimum store rating, e.g. 4.5'),
    minRatingTenths: z.number().int().describe('The same in tenths (45)'),
    opensAt: isoInstant(),
    closesAt: isoInstant(),
    maxPriceBp: z
      .number()
      .int()
      .describe('The campaign price may be at most this many basis points of the 30-day lowest price'),
    currency: z.string(),
    promotions: z.array(promotionSchema),
    requiredPromotionIds: z.array(z.string()).describe('Promotions every enrolling store commits to'),
    depositRule: z
      .enum(['forfeit', 'refund'])
      .describe('Pre-sale: what happens to a deposit whose balance is not paid in its window'),
    open: z.boolean().describe('Enrollment is open now'),
    version: z.number().int(),
    updatedBy: z.string(),
    updatedAt: isoInstant(),
  })
  .meta({ id: 'EnrollmentRules' });

export const enrollmentRulesAnswerSchema = z.object({ rules: enrollmentRulesSchema });

export const openCampaignsSchema = z.object({
  items: z.array(z.object({ campaign: campaignSchema, rules: enrollmentRulesSchema })),
});

export const enrollmentSchema = z
  .object({
    id: z.string(),
    campaignId: z.string(),
    storeId: z.string(),
    committedPromotionIds: z.array(z.string()),
    createdBy: z.string(),
    createdAt: isoInstant(),
  })
  .meta({ id: 'Enrollment' });

export const enrollmentAnswerSchema = z.object({ enrollment: enrollmentSchema });
export const enrollmentListSchema = z.object({ items: z.array(enrollmentSchema) });

export const nominationStatusSchema = z.enum(NOMINATION_STATUSES).meta({ id: 'NominationStatus' });

const nominationShape = {
  id: z.string(),
  enrollmentId: z.string(),
  campaignId: z.string(),
  storeId: z.string(),
  skuId: z.string(),
  title: z.string(),
  category: z.string(),
  campaignPrice: fen(),
  campaignStock: z.number().int(),
  referencePrice: fen().describe('The SKU’s lowest list price in the 30 days before the nomination'),
  status: nominationStatusSchema,
  reason: z.string().nullable().describe('Why it was rejected'),
  reviewedBy: z.string().nullable(),
  reviewedAt: isoInstant().nullable(),
  version: z.number().int(),
  createdAt: isoInstant(),
  updatedAt: isoInstant(),
};

export const nominationSchema = z.object(nominationShape).meta({ id: 'Nomination' });
export const nominationAnswerSchema = z.object({ nomination: nominationSchema });

/** A nomination as the lists show it: with what the catalog and the store say of it now. */
export const nominationListItemSchema = z
  .object({
    ...nominationShape,
    attributes: z.record(z.string(), z.string()),
    listPrice: fen().nullable().describe('The SKU’s list price now (null: the SKU is gone)'),
    stock: z.number().int().nullable().describe('Stock on hand now'),
    storeName: z.string().nullable(),
  })
  .meta({ id: 'NominationListItem' });

export const nominationPageSchema = z.object({
  items: z.array(nominationListItemSchema),
  total: z.number().int(),
});

export const ruleFailureSchema = z
  .object({
    rule: z.enum(RULE_CODES),
    sku: z.string().optional(),
    field: z.string().optional().describe('The input field to fix, e.g. `items.2.campaignPrice`'),
    needed: z.unknown(),
    given: z.unknown(),
    message: z.string(),
  })
  .meta({
    id: 'RuleFailure',
    description: 'A rule an enrollment or nomination fails, with needed and given',
  });

export const nominationItemSchema = z
  .object({ sku: z.string(), campaignPrice: fen(), campaignStock: z.number().int() })
  .meta({ id: 'NominationItem' });

export const nominateResultSchema = z
  .object({
    dryRun: z.boolean(),
    eligible: z.array(nominationItemSchema),
    nominations: z.array(nominationSchema).describe('Created (empty on a dry run)'),
    failures: z.array(ruleFailureSchema),
  })
  .meta({ id: 'NominateResult' });

export const bulkReviewResultSchema = z
  .object({
    results: z.array(
      z.discriminatedUnion('ok', [
        z.object({ id: z.string(), ok: z.literal(true), nomination: nominationSchema }),
        z.object({
          id: z.string(),
          ok: z.literal(false),
          error: z.object({
            code: z.string(),
            message: z.string(),
            status: z.number().int(),
            details: z.record(z.string(), z.unknown()).optional(),
          }),
        }),
      ]),
    ),
    succeeded: z.number().int(),
    failed: z.number().int(),
  })
  .meta({ id: 'NominationBulkReview' });

export const campaignPriceChangeSchema = z
  .object({
    id: z.number().int(),
    nominationId: z.string(),
    campaignId: z.string(),
    storeId: z.string(),
    skuId: z.string(),
    fromPrice: fen(),
    toPrice: fen(),
    reason: z.string(),
    actorId: z.string(),
    at: isoInstant(),
  })
  .meta({ id: 'CampaignPriceChange' });

export const priceDropResultSchema = z.object({
  nomination: nominationSchema,
  change: campaignPriceChangeSchema,
});
export const priceChangeListSchema = z.object({ items: z.array(campaignPriceChangeSchema) });

export const venueItemSchema = z
  .object({
    nominationId: z.string(),
    sku: z.string(),
    productId: z.string(),
    title: z.string(),
    attributes: z.record(z.string(), z.string()),
    category: z.string(),
    imageUrl: z.string().nullable(),
    store: z.object({ id: z.string(), name: z.string() }),
    listPrice: fen(),
    campaignPrice: fen(),
    campaignStock: z.number().int(),
    currency: z.string(),
  })
  .meta({ id: 'VenueItem' });

export const venuePageSchema = z
  .object({
    campaign: z.object({
      id: z.string(),
      slug: z.string(),
      title: localizedSchema,
      status: campaignStatusSchema,
      theme: campaignSchema.shape.theme,
    }),
    items: z.array(venueItemSchema),
    total: z.number().int(),
    facets: z.object({
      categories: z.array(z.object({ code: z.string(), count: z.number().int() })),
      stores: z.array(z.object({ id: z.string(), name: z.string(), count: z.number().int() })),
    }),
  })
  .meta({ id: 'VenuePage' });

export const venuePromotionSchema = z
  .intersection(
    promotionSchema,
    z.object({
      inForce: z.boolean().describe('In force now (else it starts later)'),
      required: z.boolean().describe('Every enrolled store committed to it'),
    }),
  )
  .meta({ id: 'VenuePromotion' });

export const venuePromotionsSchema = z.object({
  currency: z.string(),
  now: isoInstant(),
  promotions: z.array(venuePromotionSchema).describe('Promotions not over yet'),
});

/** A venue cart priced: the engine's priced cart, with what the venue knows of each line. */
export const venueQuoteSchema = pricedCartSchema
  .extend({
    items: z.array(
      z.object({
        lineId: z.string().describe('The priced line’s id (`l1`, `l2`, ... by input position)'),
        sku: z.string(),
        title: z.string(),
        attributes: z.record(z.string(), z.string()),
        store: z.object({ id: z.string(), name: z.string() }),
        quantity: z.number().int(),
        listPrice: fen(),
        campaignPrice: fen(),
      }),
    ),
  })
  .meta({ id: 'VenueQuote' });

type _Rules = SameType<z.infer<typeof enrollmentRulesSchema>, EnrollmentRules>;
type _Enrollment = SameType<z.infer<typeof enrollmentSchema>, Enrollment>;
type _Nomination = SameType<z.infer<typeof nominationSchema>, Nomination>;
type _Item = SameType<z.infer<typeof nominationItemSchema>, NominationItem>;
type _Failure = SameType<z.infer<typeof ruleFailureSchema>, RuleFailure>;
type _Bulk = SameType<z.infer<typeof bulkReviewResultSchema>['results'][number], BulkResult>;
type _Change = SameType<z.infer<typeof campaignPriceChangeSchema>, CampaignPriceChange>;
type _Venue = SameType<z.infer<typeof venueItemSchema>, VenueItem>;
