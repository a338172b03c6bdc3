import { z } from 'zod';
import { fen, type SameType } from '../../platform/http/api-schemas';
import type { Settlement, SettlementService, settlementTotals } from './settlement';

/**
 * Settlement answers (settlement.ts): one store's figures for a campaign, tied out to the ledger,
 * and a list of them with totals. GET /api/admin/settlements answers `CampaignSettlements`;
 * GET /api/merchant/settlements answers the same, with `settlement` when one store was asked for.
 */
export const settlementSchema = z
  .object({
    campaignId: z.string(),
    storeId: z.string(),
    currency: z.string(),
    orders: z.number().int().describe('Fully paid orders with a line of the store'),
    gross: fen().describe("The store's lines before discounts"),
    merchantFunded: fen().describe('Discounts the store paid for'),
    platformFunded: fen().describe('Discounts the platform paid for'),
    paid: fen().describe(
      "What customers paid for the store's lines: gross - merchant-funded - platform-funded",
    ),
    sales: fen().describe('gross - merchant-funded: what order.payment credited the store'),
    refunds: z.object({
      count: z.number().int(),
      amount: fen(),
      merchantPart: fen(),
      platformPart: fen(),
    }),
    priceProtection: z.object({ count: z.number().int(), amount: fen() }),
    forfeitedDeposits: fen().describe(
      "Pre-sale deposits kept (balance unpaid, campaign rule forfeit): the store's",
    ),
    donations: z
      .object({ count: z.number().int(), amount: fen() })
      .describe("Charity items' donations (公益宝贝) booked on completed lines, out of the store's payable"),
    netPayable: fen().describe(
      'sales - refunds (merchant part) - price protection - donations + forfeited deposits',
    ),
    ledger: z.object({
      merchantPayable: fen().describe(
        "The store's payable account for this campaign's orders, from the books",
      ),
    }),
    tiesOut: z.boolean().describe('netPayable equals ledger.merchantPayable to the fen'),
  })
  .meta({ id: 'Settlement' });
type _SettlementMatches = SameType<z.infer<typeof settlementSchema>, Settlement>;

/** Every figure of a list of settlements added up. */
export const settlementTotalsSchema = z
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
  .meta({ id: 'SettlementTotals' });
type _TotalsMatch = SameType<z.infer<typeof settlementTotalsSchema>, ReturnType<typeof settlementTotals>>;

/** A campaign's settlements, one per store, with totals; `tiesOut` when every store ties out. */
export const campaignSettlementsSchema = z
  .object({
    campaignId: z.string(),
    items: z.array(settlementSchema),
    totals: settlementTotalsSchema,
    tiesOut: z.boolean(),
  })
  .meta({ id: 'CampaignSettlements' });
type _CampaignSettlementsMatch = SameType<
  z.infer<typeof campaignSettlementsSchema>,
  Awaited<ReturnType<SettlementService['forCampaign']>>
>;
