/** What the slots table stores; running / sold_out / ended are derived from the clock and the KV. */
export type StoredSlotStatus = 'scheduled' | 'paused' | 'closed';
export type SlotStatus = 'scheduled' | 'running' | 'paused' | 'sold_out' | 'ended' | 'closed';
export const SLOT_STATUSES: readonly SlotStatus[] = [
  'scheduled',
  'running',
  'paused',
  'sold_out',
  'ended',
  'closed',
];

export type ReservationStatus = 'reserved' | 'ordered' | 'expired' | 'cancelled' | 'released';

export interface SlotLimits {
  slotRatePerSec: number | null;
  customerRatePerSec: number | null;
  ipRatePerSec: number | null;
}

/** A slot as the API shows it (design: "Slot JSON"). Amounts in fen. */
export interface Slot {
  id: string;
  campaignId: string;
  skuId: string;
  storeId: string;
  title: string;
  listPrice: number;
  flashPrice: number;
  currency: string;
  stock: number;
  remaining: number;
  perCustomerLimit: number;
  checkoutMinutes: number;
  startsAt: string;
  endsAt: string;
  status: SlotStatus;
  waitingRoom: boolean;
  minAccountAgeHours: number;
  limits: SlotLimits;
  soldOutAt: string | null;
}

/** A slot's definition as the service caches it: everything but the moving counters. */
export interface SlotDefinition {
  id: string;
  campaignId: string;
  skuId: string;
  storeId: string;
  nominationId: string;
  title: string;
  listPrice: number;
  flashPrice: number;
  currency: string;
  stock: number;
  perCustomerLimit: number;
  checkoutMinutes: number;
  startsAt: Date;
  endsAt: Date;
  storedStatus: StoredSlotStatus;
  waitingRoom: boolean;
  minAccountAgeHours: number;
  limits: SlotLimits;
  soldOutAt: Date | null;
}

export interface Reservation {
  id: string;
  slotId: string;
  quantity: number;
  status: ReservationStatus;
  deadline: string;
  flashPrice: number;
  orderId: string | null;
}

export interface SlotDraft {
  campaignId: string;
  skuId: string;
  startsAt: Date;
  endsAt: Date;
  flashPrice: number;
  stock: number;
  perCustomerLimit?: number;
  checkoutMinutes?: number;
  waitingRoom?: boolean;
  minAccountAgeHours?: number;
  limits?: Partial<SlotLimits>;
}

/** Derived status: stored closed/paused win, then the clock, then the stock left. */
export function slotStatusAt(
  def: Pick<SlotDefinition, 'storedStatus' | 'startsAt' | 'endsAt'>,
  remaining: number,
  now: Date,
): SlotStatus {
  if (def.storedStatus === 'closed') return 'closed';
  if (now.getTime() >= def.endsAt.getTime()) return 'ended';
  if (def.storedStatus === 'paused') return 'paused';
  if (now.getTime() < def.startsAt.getTime()) return 'scheduled';
  return remaining <= 0 ? 'sold_out' : 'running';
}
