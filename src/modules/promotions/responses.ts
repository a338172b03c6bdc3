import { z } from 'zod';
import { fen, isoInstant, type SameType } from '../../platform/http/api-schemas';
import { LAYERS } from '../pricing';
import type { AllowanceAccount, Coupon, CouponPromotionJson, PromotionBudget, WalletEntry } from './model';
import { COUPON_SCOPES, COUPON_STATUSES } from './model';

/**
 * Response models of the promotions routes (routes.ts): coupons, the customer's coupon wallet,
 * 购物津贴 and promotion budgets. Each is checked at compile time against the service's type.
 */

const layer = z.enum(LAYERS);

/** The narrowing and timing fields every pricing promotion may carry (docs/pricing.md). */
const promotionScope = {
  id: z.string().describe('The coupon’s id'),
  layer,
  skus: z.array(z.string()).optional(),
  stores: z.array(z.string()).optional(),
  excludeSkus: z.array(z.string()).optional(),
  startsAt: isoInstant().optional().describe('In force on [startsAt, endsAt), ISO 8601 with offset'),
  endsAt: isoInstant().optional(),
  thresholdBase: z
    .enum(['list', ...LAYERS])
    .optional()
    .describe('Judge the threshold after this earlier layer ("list": before any layer)'),
};

const couponPromotionSchema = z
  .discriminatedUnion('type', [
    z.object({
      ...promotionScope,
      type: z.literal('coupon'),
      threshold: fen().optional().describe('Spend at least this (default 0)'),
      off: fen(),
    }),
    z.object({
      ...promotionScope,
      type: z.literal('percent_coupon'),
      threshold: fen().optional(),
      percent: z.number().describe('Percent off the group amount'),
      maxOff: fen().optional(),
    }),
  ])
  .describe('The pricing promotion the coupon grants; its id is the coupon’s id');

export const couponSchema = z
  .object({
    id: z.string(),
    campaignId: z.string().nullable().describe('null: usable in any campaign'),
    scope: z.enum(COUPON_SCOPES).describe('平台券 (platform) or 店铺券 (store)'),
    storeId: z.string().nullable(),
    issuerId: z.string(),
    promotion: couponPromotionSchema,
    claimStartsAt: isoInstant(),
    claimEndsAt: isoInstant(),
    perCustomerLimit: z.number().int(),
    totalQuantity: z.number().int(),
    claimedCount: z.number().int(),
    redeemedCount: z.number().int(),
    status: z.enum(COUPON_STATUSES),
    createdAt: isoInstant(),
    updatedAt: isoInstant(),
  })
  .meta({
    id: 'Coupon',
    description: 'A coupon definition: 平台券 issued by the operator, 店铺券 by a store’s merchants',
    examples: [
      {
        id: 'cpn_01',
        campaignId: 'double-11-2026',
        scope: 'platform',
        storeId: null,
        issuerId: 'usr_ops',
        promotion: { id: 'cpn_01', layer: 'platform', type: 'coupon', threshold: 30000, off: 3000 },
        claimStartsAt: '2026-11-01T00:00:00.000Z',
        claimEndsAt: '2026-11-12T00:00:00.000Z',
        perCustomerLimit: 1,
        totalQuantity: 100000,
        claimedCount: 0,
        redeemedCount: 0,
        status: 'active',
        createdAt: '2026-10-20T00:00:00.000Z',
        updatedAt: '2026-10-20T00:00:00.000Z',
      },
    ],
  });

export const couponWalletEntrySchema = z
  .object({
    coupon: couponSchema,
    claimed: z.number().int(),
    used: z.number().int().describe('Used at checkout'),
    available: z.number().int(),
  })
  .meta({ id: 'CouponWalletEntry', description: 'What a customer holds of one coupon' });

export const allowanceAccountSchema = z
  .object({
    customerId: z.string(),
    campaignId: z.string(),
    balance: fen(),
    grantedTotal: fen(),
  })
  .meta({ id: 'AllowanceAccount', description: 'A customer’s 购物津贴 in one campaign' });

export const promotionBudgetSchema = z
  .object({
    promotionId: z.string(),
    campaignId: z.string(),
    budgetAmount: fen().nullable().describe('null: no money cap'),
    spentAmount: fen(),
    maxUses: z.number().int().nullable().describe('null: no cap on total uses'),
    uses: z.number().int(),
    perCustomerUses: z.number().int().nullable().describe('null: no per-customer cap'),
    remainingAmount: fen().nullable().describe('budgetAmount − spentAmount; null without a money cap'),
  })
  .meta({ id: 'PromotionBudget' });

export const couponAnswer = z.object({ coupon: couponSchema });
export const couponPageSchema = z
  .object({ items: z.array(couponSchema), total: z.number().int() })
  .meta({ id: 'CouponPage' });
export const couponWalletAnswer = z.object({ wallet: couponWalletEntrySchema });
export const couponWalletListSchema = z.object({ items: z.array(couponWalletEntrySchema) });
export const couponCodesAnswer = z
  .object({
    couponId: z.string(),
    count: z.number().int(),
    codes: z.array(z.string()).describe('Single-use codes, as people type them'),
  })
  .describe('With ?format=csv the same codes come as a text/csv download');
export const allowanceListSchema = z.object({ items: z.array(allowanceAccountSchema) });
export const allowanceGrantAnswer = z.object({ account: allowanceAccountSchema });
export const budgetAnswer = z.object({ budget: promotionBudgetSchema });
export const campaignBudgetsSchema = z.object({
  items: z.array(promotionBudgetSchema),
  totals: z.object({
    budgetAmount: fen().nullable().describe('null when any promotion has no money cap'),
    spentAmount: fen(),
  }),
});

type _CouponPromotionJson = SameType<z.infer<typeof couponPromotionSchema>, CouponPromotionJson>;
type _Coupon = SameType<z.infer<typeof couponSchema>, Coupon>;
type _WalletEntry = SameType<z.infer<typeof couponWalletEntrySchema>, WalletEntry>;
type _AllowanceAccount = SameType<z.infer<typeof allowanceAccountSchema>, AllowanceAccount>;
type _PromotionBudget = SameType<z.infer<typeof promotionBudgetSchema>, PromotionBudget>;
