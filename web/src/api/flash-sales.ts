import type { paths } from '../../../client/index.js';
import { call, carnival, idempotent, type Schemas } from './typed';

/**
 * Flash sales (秒杀, server: src/modules/flash-sales). Amounts are integer fen. Every POST that
 * moves stock (reserve, cancel, check out) takes the caller's Idempotency-Key; a retry of the same
 * intent with the same key gets the first answer back.
 */

// The server's own models (client/schema.d.ts, generated from its OpenAPI document).
export type FlashSlot = Schemas['FlashSaleSlot'];
export type FlashSlotStatus = FlashSlot['status'];
export type FlashLimits = Schemas['FlashSaleLimits'];
export type FlashReservation = Schemas['FlashSaleReservation'];
export type ReservationStatus = FlashReservation['status'];
export type QueueState = Schemas['FlashSaleQueueStatus'];
export type FlashStats = Schemas['FlashSaleStats'];
export type FlashSlotInput = NonNullable<
  paths['/api/flash-sales']['post']['requestBody']
>['content']['application/json'];

/** Every status the server answers, in the order the pages' filters list them. */
export const FLASH_STATUSES = [
  'scheduled',
  'running',
  'paused',
  'sold_out',
  'ended',
  'closed',
] as const satisfies readonly FlashSlotStatus[];

const slot = (slotId: string) => ({ params: { path: { slotId } } });

export const flashApi = {
  /** Upcoming and running slots of a campaign (public). */
  ofCampaign: async (campaignId: string) =>
    (
      await call(
        carnival.GET('/api/campaigns/{campaignId}/flash-sales', { params: { path: { campaignId } } }),
      )
    ).slots,
  get: async (slotId: string) => (await call(carnival.GET('/api/flash-sales/{slotId}', slot(slotId)))).slot,

  reserve: async (slotId: string, key: string, quantity: number, admissionToken?: string) =>
    (
      await call(
        carnival.POST('/api/flash-sales/{slotId}/reservations', {
          ...slot(slotId),
          body: { quantity },
          headers: { ...idempotent(key), ...(admissionToken ? { 'X-Admission-Token': admissionToken } : {}) },
        }),
      )
    ).reservation,
  reservations: async (slotId?: string) =>
    (await call(carnival.GET('/api/flash-sales/reservations', { params: { query: { slotId } } })))
      .reservations,
  cancel: async (reservationId: string, key: string) =>
    (
      await call(
        carnival.POST('/api/flash-sales/reservations/{id}/cancel', {
          params: { path: { id: reservationId } },
          headers: idempotent(key),
        }),
      )
    ).reservation,
  checkout: async (reservationId: string, key: string, expectedTotal?: number) =>
    (
      await call(
        carnival.POST('/api/flash-sales/reservations/{id}/checkout', {
          params: { path: { id: reservationId } },
          body: expectedTotal === undefined ? {} : { expectedTotal },
          headers: idempotent(key),
        }),
      )
    ).order,

  joinQueue: (slotId: string) => call(carnival.POST('/api/flash-sales/{slotId}/queue', slot(slotId))),
  queue: (slotId: string) => call(carnival.GET('/api/flash-sales/{slotId}/queue', slot(slotId))),

  // Operator console and merchants.
  console: async (campaignId?: string) =>
    (await call(carnival.GET('/api/console/flash-sales', { params: { query: { campaignId } } }))).slots,
  ofMerchant: async () => (await call(carnival.GET('/api/merchant/flash-sales'))).slots,
  create: async (input: FlashSlotInput, key: string) =>
    (await call(carnival.POST('/api/flash-sales', { body: input, headers: idempotent(key) }))).slot,
  pause: async (slotId: string, reason: string) =>
    (await call(carnival.POST('/api/flash-sales/{slotId}/pause', { ...slot(slotId), body: { reason } })))
      .slot,
  resume: async (slotId: string, reason: string) =>
    (await call(carnival.POST('/api/flash-sales/{slotId}/resume', { ...slot(slotId), body: { reason } })))
      .slot,
  stats: (slotId: string) => call(carnival.GET('/api/flash-sales/{slotId}/stats', slot(slotId))),

  /** The server's clock, for the countdowns (no-store: every sample is a fresh reading). */
  time: () => call(carnival.GET('/api/time')),
};
