/** The flash-sales module's public surface (issue 15). Orders depend on it, never the reverse. */
export {
  type Admission,
  type AdmissionRequest,
  type FlashStats,
  noStats,
  passThroughAdmission,
  type SlotAdmissionPolicy,
} from './admission-seam';
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
export type { FlashSaleTables } from './tables';
// flash-orders adds here: export { claimReservationForOrder, releaseReservationsOfOrder } from './order-claims';
