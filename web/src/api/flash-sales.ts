import { api, request } from './client';
import type { Order } from './orders';
import { call, carnival } from './typed';

/**
 * Flash sales (秒杀, server: src/modules/flash-sales). Amounts are integer fen. Every POST that
 * moves stock (reserve, cancel, check out) takes the caller's Idempotency-Key; a retry of the same
 * intent with the same key gets the first answer back.
 */

export const FLASH_STATUSES = ['scheduled', 'running', 'paused', 'sold_out', 'ended', 'closed'] as const;
export type FlashSlotStatus = (typeof FLASH_STATUSES)[number];

export interface FlashLimits {
  slotRatePerSec: number | null;
  customerRatePerSec: number | null;
  ipRatePerSec: number | null;
}

export interface FlashSlot {
  id: string;
  campaignId: string;
  skuId: string;
  storeId: string;
  title: string;
  listPrice: number;
  flashPrice: number;
  currency: string;
  stock: number;
  /** From the server's fast copy; polled for the live bar. */
  remaining: number;
  perCustomerLimit: number;
  checkoutMinutes: number;
  startsAt: string;
  endsAt: string;
  status: FlashSlotStatus;
  waitingRoom: boolean;
  minAccountAgeHours: number;
  limits: FlashLimits;
  soldOutAt: string | null;
}

export type ReservationStatus = 'reserved' | 'ordered' | 'expired' | 'cancelled' | 'released';

export interface FlashReservation {
  id: string;
  slotId: string;
  quantity: number;
  status: ReservationStatus;
  /** Check out before this moment, or the unit goes back to the pool. */
  deadline: string;
  flashPrice: number;
  orderId: string | null;
}

export interface QueueState {
  position: number;
  admitted: boolean;
  estimatedWaitSec: number;
  token?: string;
  tokenExpiresAt?: string;
}

export interface FlashStats {
  requestsPerSec: number;
  reserved: number;
  ordered: number;
  expired: number;
  cancelled: number;
  remaining: number;
  /** Every refusal answered since the slot began, by error code. */
  refused: Record<string, number>;
  /** What admission control turned away, by reason (customer_rate, ip_rate, slot_rate, in_flight, ...). */
  refusedBy?: Record<string, number>;
  /** Over the last few seconds; null when nothing was answered then. */
  p50Ms: number | null;
  p99Ms: number | null;
  allTime?: { answers: number; p50Ms: number | null; p99Ms: number | null };
  soldOutAt: string | null;
  timeToSellOutMs: number | null;
}

export interface FlashSlotInput {
  campaignId: string;
  skuId: string;
  startsAt: string;
  endsAt: string;
  flashPrice: number;
  stock: number;
  perCustomerLimit?: number;
  checkoutMinutes?: number;
  waitingRoom?: boolean;
  minAccountAgeHours?: number;
  limits?: Partial<FlashLimits>;
}

const enc = encodeURIComponent;

export const flashApi = {
  /** Upcoming and running slots of a campaign (public). */
  ofCampaign: (campaignId: string) =>
    api.get<{ slots: FlashSlot[] }>(`/api/campaigns/${enc(campaignId)}/flash-sales`).then((r) => r.slots),
  get: (slotId: string) =>
    api.get<{ slot: FlashSlot }>(`/api/flash-sales/${enc(slotId)}`).then((r) => r.slot),

  reserve: (slotId: string, key: string, quantity: number, admissionToken?: string) =>
    request<{ reservation: FlashReservation }>(
      'POST',
      `/api/flash-sales/${enc(slotId)}/reservations`,
      { quantity },
      {
        'Idempotency-Key': key,
        ...(admissionToken ? { 'X-Admission-Token': admissionToken } : {}),
      },
    ).then((r) => r.reservation),
  reservations: (slotId?: string) =>
    api
      .get<{ reservations: FlashReservation[] }>('/api/flash-sales/reservations', { slotId })
      .then((r) => r.reservations),
  cancel: (reservationId: string, key: string) =>
    api
      .postIdempotent<{ reservation: FlashReservation }>(
        `/api/flash-sales/reservations/${enc(reservationId)}/cancel`,
        key,
      )
      .then((r) => r.reservation),
  checkout: (reservationId: string, key: string, expectedTotal?: number) =>
    api
      .postIdempotent<{ order: Order }>(
        `/api/flash-sales/reservations/${enc(reservationId)}/checkout`,
        key,
        expectedTotal === undefined ? {} : { expectedTotal },
      )
      .then((r) => r.order),

  joinQueue: (slotId: string) => api.post<QueueState>(`/api/flash-sales/${enc(slotId)}/queue`),
  queue: (slotId: string) => api.get<QueueState>(`/api/flash-sales/${enc(slotId)}/queue`),

  // Operator console and merchants.
  console: (campaignId?: string) =>
    api.get<{ slots: FlashSlot[] }>('/api/console/flash-sales', { campaignId }).then((r) => r.slots),
  ofMerchant: () => api.get<{ slots: FlashSlot[] }>('/api/merchant/flash-sales').then((r) => r.slots),
  create: (input: FlashSlotInput, key: string) =>
    api.postIdempotent<{ slot: FlashSlot }>('/api/flash-sales', key, input).then((r) => r.slot),
  pause: (slotId: string, reason: string) =>
    api.post<{ slot: FlashSlot }>(`/api/flash-sales/${enc(slotId)}/pause`, { reason }).then((r) => r.slot),
  resume: (slotId: string, reason: string) =>
    api.post<{ slot: FlashSlot }>(`/api/flash-sales/${enc(slotId)}/resume`, { reason }).then((r) => r.slot),
  stats: (slotId: string) => api.get<FlashStats>(`/api/flash-sales/${enc(slotId)}/stats`),

  /** The server's clock, for the countdowns (no-store: every sample is a fresh reading). */
  time: () => call(carnival.GET('/api/time')),
};
