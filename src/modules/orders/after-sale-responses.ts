import { z } from 'zod';
import { fen, isoInstant, type SameType } from '../../platform/http/api-schemas';
import type { PriceProtectionClaim } from './price-protection';
import type { Refund, RefundQuote, StoreRefund } from './refund-model';
import type { MerchantCampaign, Settlement, settlementTotals } from './settlement';

/**
 * Response models of the after-sale routes (after-sale-routes.ts): refunds, price protection and
 * the merchant's settlements, checked at compile time against the services' own types.
 */

export const REFUND_STATUSES = ['requested', 'approved', 'rejected'] as const;

export const refundSchema = z
  .object({
    id: z.string(),
    orderId: z.string(),
    subOrderId: z.string(),
    lineId: z.string(),
    storeId: z.string(),
    customerId: z.string(),
    quantity: z.number().int().describe('Units given back; 0 for an amount-only refund'),
    amount: fen().describe('Back to the customer'),
    merchantPart: fen().describe('What the store gives back'),
    platformPart: fen().describe('What the platform gives back (its subsidies on the units)'),
    status: z.enum(REFUND_STATUSES),
    reason: z.string(),
    decisionReason: z.string().nullable(),
    decidedBy: z.string().nullable(),
    ledgerTxnId: z.string().nullable().describe('The ledger transaction that paid it (approved only)'),
    createdAt: isoInstant(),
    decidedAt: isoInstant().nullable(),
  })
  .meta({
    id: 'Refund',
    description: 'A refund of one order line, by units or by an agreed amount',
    examples: [
      {
        id: 'rfd_01',
        orderId: 'ord_01',
        subOrderId: 'sub_01',
        lineId: 'lin_01',
        storeId: 'sto_01',
        customerId: 'usr_01',
        quantity: 1,
        amount: 9900,
        merchantPart: 9900,
        platformPart: 0,
        status: 'requested',
        reason: '尺码不合适',
        decisionReason: null,
        decidedBy: null,
        ledgerTxnId: null,
        createdAt: '2026-11-11T02:00:00.000Z',
        decidedAt: null,
      },
    ],
  });

export const storeRefundSchema = refundSchema
  .extend({
    storeName: z.string().nullable(),
    line: z.object({
      title: z.string(),
      skuId: z.string(),
      attributes: z.record(z.string(), z.string()),
      quantity: z.number().int().describe('Units the line was ordered with'),
    }),
  })
  .meta({ id: 'StoreRefund', description: 'A refund as the store’s staff list it: with its line and store' });

const units = () => z.object({ quantity: z.number().int(), amount: fen() });

export const refundQuoteSchema = z
  .object({
    orderId: z.string(),
    lineId: z.string(),
    quantity: z.number().int().describe('Units that would come back (0 for an amount)'),
    amount: fen().describe('Back to the customer'),
    merchantPart: fen(),
    platformPart: fen(),
    currency: z.string(),
    left: units().describe('What is left on the line after the requests still pending, before this one'),
    leftAfter: units().describe('What would be left after this one too'),
    pending: units().describe('Requests still waiting for the store'),
  })
  .meta({ id: 'RefundQuote', description: 'What a refund request would be now; nothing changes' });

export const priceProtectionClaimSchema = z
  .object({
    id: z.string(),
    orderId: z.string(),
    lineId: z.string(),
    storeId: z.string(),
    customerId: z.string(),
    paidUnitPrice: fen(),
    currentUnitPrice: fen(),
    quantity: z.number().int().describe('Units covered: those not refunded when the claim was made'),
    amount: fen().describe('Paid into the wallet'),
    ledgerTxnId: z.string(),
    createdAt: isoInstant(),
  })
  .meta({ id: 'PriceProtectionClaim', description: 'A 价保 claim: the price drop paid back on a line' });

export const merchantSettlementSchema = z
  .object({
    campaignId: z.string(),
    storeId: z.string(),
    currency: z.string(),
    orders: z.number().int().describe('Fully paid orders with a line of the store'),
    gross: fen(),
    merchantFunded: fen(),
    platformFunded: fen(),
    paid: fen().describe('What customers paid for the store’s lines: gross − merchant- − platform-funded'),
    sales: fen().describe('gross − merchant-funded discounts'),
    refunds: z.object({ count: z.number().int(), amount: fen(), merchantPart: fen(), platformPart: fen() }),
    priceProtection: z.object({ count: z.number().int(), amount: fen() }),
    forfeitedDeposits: fen().describe('Pre-sale deposits kept (balance unpaid, rule `forfeit`)'),
    donations: z
      .object({ count: z.number().int(), amount: fen() })
      .describe('Charity items’ donations (公益宝贝) booked on completed lines, out of the store’s payable'),
    netPayable: fen().describe(
      'sales − refunds’ merchant parts − price protection − donations + forfeited deposits',
    ),
    ledger: z.object({ merchantPayable: fen().describe('The store’s payable account for these orders') }),
    tiesOut: z.boolean().describe('netPayable equals the ledger to the fen'),
  })
  .meta({ id: 'MerchantSettlement', description: 'One store’s settlement (结算) for a campaign' });

export const merchantSettlementTotalsSchema = z
  .object({
    gross: fen(),
    merchantFunded: fen(),
    platformFunded: fen(),
    paid: fen(),
    sales: fen(),
    refunds: fen(),
    refundsMerchantPart: fen(),
    refundsPlatformPart: fen(),
    priceProtection: fen(),
    forfeitedDeposits: fen(),
    donations: fen(),
    netPayable: fen(),
    ledgerMerchantPayable: fen(),
  })
  .meta({ id: 'MerchantSettlementTotals', description: 'Every figure of a list of settlements added up' });

export const merchantSettlementsSchema = z
  .object({
    campaignId: z.string(),
    settlement: merchantSettlementSchema.optional().describe('Only when one store was asked for'),
    items: z.array(merchantSettlementSchema),
    totals: merchantSettlementTotalsSchema,
    tiesOut: z.boolean().describe('Every store ties out'),
  })
  .meta({ id: 'MerchantSettlements' });

export const merchantCampaignSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    title: z.record(z.string(), z.string()).describe('Localized, by locale (zh-CN, en-US)'),
    status: z.string().describe('The campaign’s workflow status'),
    startsAt: isoInstant(),
    endsAt: isoInstant(),
    orders: z.number().int().describe('Orders with a line of the merchant’s stores'),
    nominated: z.boolean().describe('Whether any of the stores has an approved nomination in it'),
  })
  .meta({
    id: 'MerchantCampaign',
    description: 'A campaign the merchant’s stores sold in or were approved for',
  });

export const refundAnswer = z.object({ refund: refundSchema });
export const refundListSchema = z.object({ items: z.array(refundSchema) });
export const storeRefundListSchema = z.object({ items: z.array(storeRefundSchema) });
export const refundQuoteAnswer = z.object({ quote: refundQuoteSchema });
export const cancelPaidAnswer = z.object({
  subOrder: z.object({ id: z.string(), status: z.literal('cancelled') }),
  refunds: z.array(refundSchema).describe('One approved refund per line, paid back at once'),
});
export const priceProtectionAnswer = z.object({ claim: priceProtectionClaimSchema });
export const merchantCampaignListSchema = z.object({ items: z.array(merchantCampaignSchema) });

type _Refund = SameType<z.infer<typeof refundSchema>, Refund>;
type _StoreRefund = SameType<z.infer<typeof storeRefundSchema>, StoreRefund>;
type _RefundQuote = SameType<z.infer<typeof refundQuoteSchema>, RefundQuote>;
type _PriceProtectionClaim = SameType<z.infer<typeof priceProtectionClaimSchema>, PriceProtectionClaim>;
type _Settlement = SameType<z.infer<typeof merchantSettlementSchema>, Settlement>;
type _SettlementTotals = SameType<
  z.infer<typeof merchantSettlementTotalsSchema>,
  ReturnType<typeof settlementTotals>
>;
type _MerchantCampaign = SameType<z.infer<typeof merchantCampaignSchema>, MerchantCampaign>;
