import { z } from 'zod';
import { isoInstant, localizedSchema, type SameType } from '../../platform/http/api-schemas';
import { GREEN_CHOICE_IDS } from './green-model';
import type { RuralService } from './service';

export const greenChoiceSchema = z
  .object({
    id: z.enum(GREEN_CHOICE_IDS),
    points: z.number().int().describe('Green points per parcel (sub-order)'),
    co2Grams: z.number().int().describe('Estimated CO2e avoided per parcel, grams'),
    basis: localizedSchema.describe('How the estimate is made'),
    source: localizedSchema.describe('Where its factor comes from'),
  })
  .meta({ id: 'GreenChoice', description: 'A green choice offered at checkout' });

export const greenEntrySchema = z.object({
  orderId: z.string(),
  choice: z.enum(GREEN_CHOICE_IDS),
  parcels: z.number().int(),
  points: z.number().int(),
  co2Grams: z.number().int(),
  status: z.enum(['earned', 'pending', 'void']).describe('earned once paid; void if it closed unpaid'),
  basis: localizedSchema,
  source: localizedSchema,
  createdAt: isoInstant(),
});

export const greenSummarySchema = z
  .object({
    points: z.number().int().describe('Points earned (paid orders)'),
    co2Grams: z.number().int().describe('Estimated CO2e avoided by the earned choices, grams'),
    pendingPoints: z.number().int().describe('Points of orders not paid yet'),
    entries: z.array(greenEntrySchema),
  })
  .meta({ id: 'GreenPoints', description: 'A customer’s green points and the choices behind them' });

export const storeOriginSchema = z
  .object({
    storeId: z.string(),
    storeName: z.string(),
    farm: z.boolean(),
    region: z.string().describe('产地'),
    tags: z.array(z.string()),
    updatedAt: isoInstant(),
  })
  .meta({ id: 'StoreOrigin', description: 'A store’s origin (产地) and tags' });

type Of<K extends keyof RuralService> = Awaited<ReturnType<RuralService[K]>>;
type _Choices = SameType<z.infer<typeof greenChoiceSchema>[], ReturnType<RuralService['choices']>>;
type _Green = SameType<z.infer<typeof greenSummarySchema>, Of<'greenOf'>>;
type _Origin = SameType<z.infer<typeof storeOriginSchema>, Of<'setOrigin'>>;
