import { z } from 'zod';
import { fen, isoInstant, localizedSchema } from '../../platform/http/api-schemas';

/** Response models of the screen, merchant analytics and report routes (registered once by id). */

const breakdownRow = z.object({
  key: z.string().describe('Category code, province name, store id or SKU id'),
  gmv: fen(),
  orders: z.number().int(),
  units: z.number().int(),
});

export const screenSnapshotSchema = z
  .object({
    campaignId: z.string(),
    seq: z.number().int().describe('Grows by one per applied event of the campaign'),
    at: isoInstant().describe('Server time of this snapshot'),
    lastEventAt: isoInstant()
      .nullable()
      .describe('When the newest event counted here was recorded (in its transaction); null before any'),
    currency: z.string(),
    gmv: fen().describe('Paid order totals net of approved refunds'),
    orders: z.number().int(),
    buyers: z.number().int().describe('Distinct paying customers, exact'),
    refundAmount: fen(),
    refunds: z.number().int(),
    perSecond: z
      .array(z.object({ t: z.number().int().describe('Unix seconds'), gmv: fen(), orders: z.number().int() }))
      .describe('The last two minutes, seconds with sales only'),
    byCategory: z.array(breakdownRow),
    byProvince: z.array(breakdownRow),
    topStores: z.array(breakdownRow.extend({ name: z.string() })),
    topSkus: z.array(breakdownRow.extend({ title: z.string(), storeId: z.string() })),
    flashSales: z.array(
      z.object({
        slotId: z.string(),
        title: z.string(),
        stock: z.number().int(),
        taken: z.number().int(),
        startsAt: isoInstant(),
        endsAt: isoInstant(),
        soldOutAt: isoInstant().nullable(),
        sellOutSeconds: z.number().int().nullable().describe('From the start to the last unit'),
      }),
    ),
    campaign: z.object({
      title: localizedSchema,
      timezone: z.string(),
      startsAt: isoInstant(),
      endsAt: isoInstant(),
      phases: z.array(
        z.object({ key: z.string(), name: localizedSchema, startsAt: isoInstant(), endsAt: isoInstant() }),
      ),
    }),
  })
  .meta({ id: 'ScreenSnapshot', description: 'The live big screen of one campaign' });

const headline = z.object({
  gmv: fen(),
  orders: z.number().int(),
  buyers: z.number().int(),
  refundAmount: fen(),
});

export const screenVerificationSchema = z
  .object({
    campaignId: z.string(),
    screen: headline.extend({ seq: z.number().int() }),
    database: headline,
    difference: headline,
    equal: z.boolean(),
  })
  .meta({ id: 'ScreenVerification', description: 'The screen against SQL over the orders' });

const hourRow = z.object({ hour: isoInstant(), gmv: fen(), orders: z.number().int() });
const skuRow = z.object({
  skuId: z.string(),
  title: z.string(),
  gmv: fen(),
  units: z.number().int(),
  orders: z.number().int(),
});

const storeFigures = z.object({
  campaignId: z.string(),
  visitors: z.number().int(),
  buyers: z.number().int(),
  conversionBp: z.number().int().describe('Buyers per visitor in basis points (1/10000)'),
  orders: z.number().int(),
  gmv: fen().describe('Paid, net of approved refunds'),
  grossGmv: fen(),
  refundAmount: fen(),
  refunds: z.number().int(),
  averageOrderValue: fen(),
  topSkus: z.array(skuRow),
  hourly: z.array(hourRow),
});

export const storeAnalyticsSchema = z
  .object({
    storeId: z.string(),
    current: storeFigures,
    previous: storeFigures.nullable().describe('The previous edition of the same series, if any'),
  })
  .meta({ id: 'StoreAnalytics', description: 'A store in one campaign (生意参谋)' });

export const campaignReportSchema = z
  .object({
    campaignId: z.string(),
    title: localizedSchema,
    startsAt: isoInstant(),
    endsAt: isoInstant(),
    currency: z.string(),
    gmv: fen(),
    grossGmv: fen(),
    refundAmount: fen(),
    orders: z.number().int(),
    buyers: z.number().int(),
    newBuyers: z.number().int().describe('Buyers whose first paid order anywhere is in this campaign'),
    visitors: z.number().int(),
    conversionBp: z.number().int(),
    discounts: z.object({ merchant: fen(), platform: fen(), allowance: fen(), total: fen() }),
    topStores: z.array(
      z.object({ storeId: z.string(), name: z.string(), gmv: fen(), orders: z.number().int() }),
    ),
    topCategories: z.array(
      z.object({ category: z.string(), gmv: fen(), units: z.number().int(), orders: z.number().int() }),
    ),
    flashSales: z.array(
      z.object({
        slotId: z.string(),
        title: z.string(),
        stock: z.number().int(),
        sold: z.number().int(),
        soldOutAt: isoInstant().nullable(),
        sellOutSeconds: z.number().int().nullable(),
      }),
    ),
    hourly: z.array(hourRow),
  })
  .meta({ id: 'CampaignReport', description: 'The post-event report (复盘)' });

export const visitInputSchema = z.object({
  campaignId: z.string().min(1).max(100),
  storeId: z.string().min(1).max(100).optional(),
  skuId: z.string().min(1).max(100).optional(),
});

export type ScreenSnapshot = z.infer<typeof screenSnapshotSchema>;
export type StoreAnalytics = z.infer<typeof storeAnalyticsSchema>;
export type StoreFigures = z.infer<typeof storeFigures>;
export type CampaignReport = z.infer<typeof campaignReportSchema>;
