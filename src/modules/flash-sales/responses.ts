import { z } from 'zod';
import { fen, isoInstant, type SameType } from '../../platform/http/api-schemas';
import type { SlotStats } from './admission/stats-reader';
import type { QueueStatus } from './admission/waiting-room';
import { type Reservation, SLOT_STATUSES, type Slot, type SlotLimits } from './model';

/**
 * The answers of the flash-sales routes, as the OpenAPI document (and so the generated client)
 * names them. Each model is checked against the service's own type at compile time below.
 */

const ratePerSec = z.number().int().nullable();

export const flashSaleLimitsSchema = z
  .object({
    slotRatePerSec: ratePerSec.describe('Reservations let through per second for the whole slot; null: none'),
    customerRatePerSec: ratePerSec.describe('Per customer and second; null: the server default'),
    ipRatePerSec: ratePerSec.describe('Per client address and second; null: the server default'),
  })
  .meta({ id: 'FlashSaleLimits' });

export const flashSaleSlotSchema = z
  .object({
    id: z.string(),
    campaignId: z.string(),
    skuId: z.string(),
    storeId: z.string(),
    title: z.string().describe('The product title when the slot was made'),
    listPrice: fen().describe('The SKU price, fen'),
    flashPrice: fen().describe('The flash price, fen'),
    currency: z.string(),
    stock: z.number().int().describe('Units carved out for the slot'),
    remaining: z.number().int().describe('Units left (the fast copy; poll for the live bar)'),
    perCustomerLimit: z.number().int(),
    checkoutMinutes: z.number().int().describe('How long a reservation holds its unit before checkout'),
    startsAt: isoInstant(),
    endsAt: isoInstant(),
    status: z.enum(SLOT_STATUSES as [Slot['status'], ...Slot['status'][]]),
    waitingRoom: z.boolean().describe('Reserving needs an X-Admission-Token from the queue'),
    minAccountAgeHours: z.number().int(),
    limits: flashSaleLimitsSchema,
    soldOutAt: isoInstant().nullable(),
  })
  .meta({
    id: 'FlashSaleSlot',
    description: 'A flash sale (秒杀) slot; running, sold_out and ended are derived from the clock and stock',
    examples: [
      {
        id: 'fsl_01J9Z7Q8W4',
        campaignId: 'double-11-2026',
        skuId: 'sku_01J9Z7',
        storeId: 'sto_01J9Z7',
        title: '无线降噪耳机',
        listPrice: 129900,
        flashPrice: 59900,
        currency: 'CNY',
        stock: 500,
        remaining: 137,
        perCustomerLimit: 1,
        checkoutMinutes: 5,
        startsAt: '2026-11-11T00:00:00.000Z',
        endsAt: '2026-11-11T01:00:00.000Z',
        status: 'running',
        waitingRoom: true,
        minAccountAgeHours: 0,
        limits: { slotRatePerSec: 2000, customerRatePerSec: null, ipRatePerSec: null },
        soldOutAt: null,
      },
    ],
  });

export const flashSaleReservationSchema = z
  .object({
    id: z.string(),
    slotId: z.string(),
    quantity: z.number().int(),
    status: z.enum(['reserved', 'ordered', 'expired', 'cancelled', 'released']),
    deadline: isoInstant().describe('Check out before this instant, or the units go back'),
    flashPrice: fen(),
    orderId: z.string().nullable(),
  })
  .meta({ id: 'FlashSaleReservation' });

export const flashSaleQueueStatusSchema = z
  .object({
    position: z.number().int().describe('1-based place in the admission order'),
    admitted: z.boolean(),
    estimatedWaitSec: z.number().int(),
    token: z.string().optional().describe('Once admitted: send it as X-Admission-Token when reserving'),
    tokenExpiresAt: isoInstant().optional(),
  })
  .meta({ id: 'FlashSaleQueueStatus' });

const quantileMs = z.number().nullable();
export const flashSaleStatsSchema = z
  .object({
    requestsPerSec: z.number().describe('Answers per second over the last few whole seconds'),
    reserved: z.number().int(),
    ordered: z.number().int(),
    expired: z.number().int(),
    cancelled: z.number().int(),
    remaining: z.number().int(),
    refused: z.record(z.string(), z.number()).describe('Refusals answered since the start, by error code'),
    refusedBy: z
      .record(z.string(), z.number())
      .describe('What admission turned away, by reason (customer_rate, ip_rate, slot_rate, in_flight)'),
    p50Ms: quantileMs.describe('Over the last 10 s; null when nothing was answered then'),
    p99Ms: quantileMs,
    allTime: z.object({ answers: z.number().int(), p50Ms: quantileMs, p99Ms: quantileMs }),
    soldOutAt: isoInstant().nullable(),
    timeToSellOutMs: z.number().nullable(),
  })
  .meta({ id: 'FlashSaleStats' });

export const slotAnswerSchema = z.object({ slot: flashSaleSlotSchema });
export const slotsAnswerSchema = z.object({ slots: z.array(flashSaleSlotSchema) });
export const reservationAnswerSchema = z.object({ reservation: flashSaleReservationSchema });
export const reservationsAnswerSchema = z.object({ reservations: z.array(flashSaleReservationSchema) });

/** Fails to compile when a schema and the service's type drift apart. */
type _Slot = SameType<z.infer<typeof flashSaleSlotSchema>, Slot>;
type _SlotLimits = SameType<z.infer<typeof flashSaleLimitsSchema>, SlotLimits>;
type _Reservation = SameType<z.infer<typeof flashSaleReservationSchema>, Reservation>;
type _QueueStatus = SameType<z.infer<typeof flashSaleQueueStatusSchema>, QueueStatus>;
type _SlotStats = SameType<z.infer<typeof flashSaleStatsSchema>, SlotStats>;
