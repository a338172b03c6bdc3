import type { FlashSlot, FlashSlotStatus } from '../api';

/**
 * The slot's status now, by the server's clock: the list is polled every ~2 s, but the button
 * must open at the start instant itself, so a 'scheduled' slot whose start has passed is treated
 * as running (the server has the final word: an early click gets NOT_STARTED).
 */
export function statusAt(slot: FlashSlot, serverNowMs: number, remaining = slot.remaining): FlashSlotStatus {
  const starts = Date.parse(slot.startsAt);
  const ends = Date.parse(slot.endsAt);
  // The server's order (flash-sales/model.ts slotStatusAt): closed, then the end, then paused.
  if (slot.status === 'closed') return 'closed';
  if (serverNowMs >= ends) return 'ended';
  if (slot.status === 'paused') return 'paused';
  if (serverNowMs < starts) return 'scheduled';
  if (slot.status === 'sold_out' || remaining <= 0) return 'sold_out';
  return 'running';
}

export const STATUS_COLORS: Record<FlashSlotStatus, string> = {
  scheduled: 'blue',
  running: 'red',
  paused: 'warning',
  sold_out: 'default',
  ended: 'default',
  closed: 'default',
};
