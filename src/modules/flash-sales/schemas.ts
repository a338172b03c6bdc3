import { z } from 'zod';

const id = z.string().min(1).max(100);
const isoWithOffset = z.iso.datetime({ offset: true, message: 'must be ISO 8601 with a time zone offset' });
const rate = z.number().int('must be a whole number').min(1).max(1_000_000).nullable().optional();

export const slotDraftSchema = z.object({
  campaignId: id,
  skuId: id,
  startsAt: isoWithOffset,
  endsAt: isoWithOffset,
  /** Fen; above 0 and below the SKU's list price. */
  flashPrice: z.number().int('must be a whole number of fen').min(1, 'must be above 0'),
  stock: z.number().int('must be a whole number').min(1).max(1_000_000),
  perCustomerLimit: z.number().int('must be a whole number').min(1).max(100).optional(),
  checkoutMinutes: z.number().int('must be a whole number').min(1).max(1440).optional(),
  waitingRoom: z.boolean().optional(),
  minAccountAgeHours: z.number().int('must be a whole number').min(0).max(87_600).optional(),
  limits: z
    .object({ slotRatePerSec: rate, customerRatePerSec: rate, ipRatePerSec: rate })
    .strict()
    .optional(),
});
export type SlotDraftInput = z.infer<typeof slotDraftSchema>;

export const slotParams = z.object({ slotId: id });
export const campaignParams = z.object({ campaignId: id });
export const reservationParams = z.object({ id });
export const reasonSchema = z.object({ reason: z.string().trim().min(1, 'say why').max(500) });
export const reserveSchema = z
  .object({ quantity: z.number().int('must be a whole number').min(1).max(100).optional() })
  .nullish();
export const consoleQuerySchema = z.object({ campaignId: id.optional() });
export const reservationsQuerySchema = z.object({ slotId: id.optional() });
