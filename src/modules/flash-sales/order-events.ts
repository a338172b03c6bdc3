import type { EventBus, Subscription } from '../../platform/bus';
import type { Logger } from '../../platform/logger';
import type { ReleasedTo } from './order-claims';
import type { SlotStateStore } from './slot-state';
import { STATE_TTL_MS } from './slot-state';

/**
 * The KV side of what the orders module did to reservations (order-claims.ts writes the events
 * in the order's transaction; this applies them to the slot state after the commit):
 *
 * - `flash_sale.reservation_ordered`: the customer no longer holds a LIVE reservation (the
 *   units stay counted), so one under a limit above 1 may reserve again now, not only once the
 *   live marker lapses at the old deadline.
 * - `flash_sale.reservation_released` (back to the slot): the unit returns to `remaining` at
 *   once. At most once per reservation id (the KV's released marker), so a redelivered event,
 *   or the reconciler's own pass over recently released reservations (recovery.ts, the
 *   backstop when the bus is down), cannot count it twice. A unit released after its slot
 *   closed went to the SKU; the KV is not touched.
 *
 * Both effects are idempotent in the KV, so no processed_events claim is needed; all processes
 * subscribe under one consumer name and share the events.
 */
export interface ReservationOrdered {
  reservationId: string;
  slotId: string;
  customerId: string;
  quantity: number;
  orderId: string;
}

export interface ReservationReleased extends ReservationOrdered {
  releasedTo: ReleasedTo;
}

export const ORDER_EVENTS_CONSUMER = 'flash-sales-order-units';

export function subscribeToOrderEvents(deps: {
  bus: EventBus;
  state: SlotStateStore;
  logger?: Logger;
}): Promise<Subscription> {
  return deps.bus.subscribe<ReservationOrdered | ReservationReleased>(
    ORDER_EVENTS_CONSUMER,
    ['flash_sale.reservation_ordered', 'flash_sale.reservation_released'],
    async (event) => {
      const p = event.payload;
      if (event.topic === 'flash_sale.reservation_ordered') {
        await deps.state.clearLive(p.slotId, p.customerId, p.reservationId);
        return;
      }
      if ((p as ReservationReleased).releasedTo !== 'slot') return;
      await deps.state.release(p.slotId, {
        reservationId: p.reservationId,
        customerId: p.customerId,
        quantity: p.quantity,
        markerTtlMs: STATE_TTL_MS,
      });
    },
  );
}
