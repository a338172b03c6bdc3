import { AppError, conflict, tooManyRequests } from '../../../platform/errors';

/** Which limit shed the request; counted per slot so the operator sees what was blocked. */
export type BusyReason = 'in_flight' | 'slot_rate' | 'customer_rate' | 'ip_rate';

/**
 * 429 BUSY: admission control shed the request before it did any work. `Retry-After` is whole
 * seconds (at least 1, what proxies understand); `details.retryAfterMs` is the exact wait for
 * clients that can do better.
 */
export const busy = (reason: BusyReason, retryAfterMs: number) =>
  tooManyRequests('BUSY', 'The flash sale is busy; retry shortly', Math.max(1, retryAfterMs / 1000), {
    reason,
    retryAfterMs: Math.max(1, Math.ceil(retryAfterMs)),
  });

export const admissionRequired = (why: 'missing' | 'invalid' | 'expired') =>
  new AppError(
    'ADMISSION_REQUIRED',
    why === 'expired'
      ? 'Your admission to this flash sale has expired; join the waiting room again'
      : 'This flash sale admits through its waiting room: POST /api/flash-sales/{slotId}/queue, then send X-Admission-Token',
    403,
    { reason: why },
  );

export const accountTooNew = (minAccountAgeHours: number, eligibleAt: Date) =>
  new AppError(
    'ACCOUNT_TOO_NEW',
    `This flash sale is open to accounts at least ${minAccountAgeHours} hours old`,
    403,
    { minAccountAgeHours, eligibleAt: eligibleAt.toISOString() },
  );

export const noWaitingRoom = () =>
  conflict('NO_WAITING_ROOM', 'This flash sale has no waiting room; reserve directly');

export const notInQueue = () =>
  new AppError('NOT_IN_QUEUE', 'You have not joined this waiting room: POST to it first', 404);
