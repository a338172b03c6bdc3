import { z } from 'zod';
import { fen, type SameType } from '../../platform/http/api-schemas';
import { LAYERS, type PricedCart, type Promotion } from './model';

/**
 * Answer schemas of pricing: the priced cart (POST /api/pricing/quote, the venue's quote, the
 * cart view) and a promotion as answers show it (the venue, enrollment rules, coupons). Input is
 * validated by scenario-schema.ts, which is stricter (ranges, cross-checks); these describe the
 * answer's shape.
 */

export const pricingLayerSchema = z.enum(LAYERS).meta({ id: 'PricingLayer' });

const scope = {
  id: z.string(),
  layer: pricingLayerSchema,
  skus: z.array(z.string()).optional().describe('Only these SKUs (omitted: every SKU)'),
  stores: z.array(z.string()).optional().describe('Only these stores (omitted: every store)'),
  excludeSkus: z.array(z.string()).optional(),
  startsAt: z.string().optional().describe('ISO 8601 with offset; in force on [startsAt, endsAt)'),
  endsAt: z.string().optional(),
};
const groupScope = {
  ...scope,
  thresholdBase: z
    .enum(['list', ...LAYERS])
    .optional()
    .describe('Judge the threshold after this earlier layer (`list`: before any)'),
};

export const promotionSchema = z
  .discriminatedUnion('type', [
    z.object({ ...scope, type: z.literal('amount_off'), amount: fen().describe('Off per unit') }),
    z.object({ ...scope, type: z.literal('percent_off'), percent: z.number().int() }),
    z.object({ ...scope, type: z.literal('fixed_price'), price: fen() }),
    z.object({
      ...scope,
      type: z.literal('presale'),
      deposit: fen(),
      depositValue: fen().describe('What a paid deposit counts as, per unit (定金膨胀)'),
    }),
    z.object({
      ...groupScope,
      type: z.literal('threshold'),
      tiers: z.array(z.object({ threshold: fen(), off: fen() })).describe('满X减Y, ascending'),
    }),
    z.object({ ...groupScope, type: z.literal('coupon'), threshold: fen().optional(), off: fen() }),
    z.object({
      ...groupScope,
      type: z.literal('percent_coupon'),
      threshold: fen().optional(),
      percent: z.number().int(),
      maxOff: fen().optional(),
    }),
    z.object({
      ...groupScope,
      type: z.literal('every'),
      step: fen(),
      off: fen(),
      cap: fen().optional(),
    }),
    z.object({ ...groupScope, type: z.literal('allowance'), step: fen(), off: fen() }),
  ])
  .meta({
    id: 'Promotion',
    description: 'A pricing-engine promotion (docs/pricing.md), by `type`',
    example: {
      id: 'd11-threshold',
      layer: 'cross_store',
      type: 'threshold',
      tiers: [{ threshold: 30000, off: 5000 }],
    },
  });

const adjustmentSchema = z.object({ promotion: z.string(), layer: pricingLayerSchema, amount: fen() });

export const pricedLineSchema = z
  .object({
    id: z.string(),
    subtotal: fen(),
    discount: fen(),
    total: fen(),
    deposit: fen().optional().describe('Presale lines: the deposit already paid'),
    balance: fen().optional().describe('Presale lines: total − deposit, left to pay'),
    adjustments: z.array(adjustmentSchema),
  })
  .meta({ id: 'PricedLine' });

export const notAppliedReasonSchema = z
  .enum([
    'LAYER_NOT_ACTIVE',
    'NOT_STARTED',
    'EXPIRED',
    'NOT_HELD',
    'NOT_ELIGIBLE',
    'BALANCE_EXHAUSTED',
    'THRESHOLD_NOT_MET',
    'NO_DISCOUNT',
  ])
  .meta({ id: 'PromotionNotAppliedReason' });

export const pricedCartSchema = z
  .object({
    currency: z.string(),
    subtotal: fen(),
    discount: fen(),
    total: fen(),
    lines: z.array(pricedLineSchema),
    applied: z.array(adjustmentSchema),
    notApplied: z.array(
      z.object({
        promotion: z.string(),
        reason: notAppliedReasonSchema,
        shortBy: fen().optional().describe('THRESHOLD_NOT_MET: how much more reaches it'),
      }),
    ),
    hints: z
      .array(
        z.object({
          promotion: z.string(),
          nextThreshold: fen(),
          shortBy: fen(),
          extraOff: fen().describe('Saved more by adding `shortBy` (凑单)'),
        }),
      )
      .describe('凑单 hints: add a little more to save more'),
  })
  .meta({ id: 'PricedCart', description: 'A cart priced layer by layer (docs/pricing.md)' });

type _Promotion = SameType<z.infer<typeof promotionSchema>, Promotion>;
type _Cart = SameType<z.infer<typeof pricedCartSchema>, PricedCart>;
