/**
 * The seam between the reservation route and admission control (flash-admission's module).
 * flash-core calls it; until the lead wires the real implementation the pass-through defaults
 * below admit everything and count nothing.
 */

export interface SlotAdmissionPolicy {
  slotRatePerSec: number | null;
  customerRatePerSec: number | null;
  ipRatePerSec: number | null;
  waitingRoom: boolean;
  minAccountAgeHours: number;
  startsAt: Date;
}

export interface AdmissionRequest {
  slotId: string;
  policy: SlotAdmissionPolicy;
  customerId: string;
  ip: string;
  admissionToken: string | undefined;
  now: Date;
}

export interface Admission {
  /** Resolves when admitted; throws the AppError refusal (BUSY 429 with details.retryAfterMs, ...). */
  admit(req: AdmissionRequest): Promise<void>;
  /** Per-process cap on in-flight reservations: runs fn, or throws BUSY at once when full. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * The refusal run() would give right now (the cap is reached), or null; no I/O. Asked before
   * the session lookup (early-shedding.ts), so a shed request costs about what /healthz does.
   */
  refuseEarly?(): Error | null;
}

export interface FlashStats {
  record(slotId: string, outcome: string, latencyMs: number): void;
}

export const passThroughAdmission: Admission = {
  admit: async () => undefined,
  run: (fn) => fn(),
};

export const noStats: FlashStats = { record: () => undefined };
