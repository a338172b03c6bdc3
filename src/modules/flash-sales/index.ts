/** The flash-sales module's public surface (issue 15). Orders depend on it, never the reverse. */

export {
  createFlashAdmission,
  type FlashAdmission,
  type FlashStatsCollector,
  flashAdmissionRoutes,
  type QueueStatus,
  type SlotStats,
} from './admission';
export {
  type Admission,
  type AdmissionRequest,
  type FlashStats,
  noStats,
  passThroughAdmission,
  type SlotAdmissionPolicy,
} from './admission-seam';
export { installEarlyShedding } from './early-shedding';
export { type FlashSaleJobs, startFlashSaleJobs } from './jobs';
export type {
  Reservation,
  ReservationStatus,
  Slot,
  SlotDefinition,
  SlotDraft,
  SlotLimits,
  SlotStatus,
  StoredSlotStatus,
} from './model';
export { SLOT_STATUSES, slotStatusAt } from './model';
export {
  type ClaimedReservation,
  claimReservationForOrder,
  type ReleasedTo,
  releaseReservationsOfOrder,
  reservationExpired,
} from './order-claims';
export {
  ORDER_EVENTS_CONSUMER,
  type ReservationOrdered,
  type ReservationReleased,
  subscribeToOrderEvents,
} from './order-events';
export { ADMISSION_TOKEN_HEADER, flashSalesRoutes } from './routes';
export { createFlashSalesService, type FlashSalesDeps, type FlashSalesService } from './service';
export type { SlotStateStore } from './slot-state';
export { slotStateFor } from './slot-states';
export type { FlashSaleTables } from './tables';
