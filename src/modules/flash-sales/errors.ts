import { type AppError, conflict, serviceUnavailable } from '../../platform/errors';

/** The reservation refusals that the slot state decides (and the idempotency record replays). */
export type KvRefusalCode = 'SOLD_OUT' | 'LIMIT_REACHED' | 'NOT_STARTED' | 'ENDED' | 'SLOT_PAUSED';
export type LimitReason = 'limit' | 'live_reservation';

export const soldOut = () => conflict('SOLD_OUT', 'This flash sale is sold out');
export const limitReached = (reason: LimitReason, limit?: number) =>
  conflict(
    'LIMIT_REACHED',
    reason === 'limit'
      ? `At most ${limit ?? 'the limit of'} units per customer in this flash sale`
      : 'You already hold a live reservation in this flash sale; check it out or cancel it first',
    { reason },
  );
export const notStarted = (startsAt: Date) =>
  conflict('NOT_STARTED', 'This flash sale has not started yet', { startsAt: startsAt.toISOString() });
export const ended = () => conflict('ENDED', 'This flash sale has ended');
export const slotPaused = () => conflict('SLOT_PAUSED', 'This flash sale is paused');
export const slotWarming = () =>
  serviceUnavailable('SLOT_WARMING', 'This flash sale is being prepared; retry in a moment', 1);
export const reservationNotLive = (status: string) =>
  conflict('RESERVATION_NOT_LIVE', `This reservation is ${status}`, { status });

/** Rebuilds the refusal a KV record names, so a replay sends the same bytes as the first answer. */
export function refusalFor(
  code: KvRefusalCode,
  reason: string | undefined,
  slot: { startsAt: Date; perCustomerLimit: number },
): AppError {
  switch (code) {
    case 'SOLD_OUT':
      return soldOut();
    case 'LIMIT_REACHED':
      return limitReached(
        reason === 'live_reservation' ? 'live_reservation' : 'limit',
        slot.perCustomerLimit,
      );
    case 'NOT_STARTED':
      return notStarted(slot.startsAt);
    case 'ENDED':
      return ended();
    case 'SLOT_PAUSED':
      return slotPaused();
  }
}
