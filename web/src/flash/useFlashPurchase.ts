import { useCallback, useEffect, useRef, useState } from 'react';
import { type FlashReservation, type FlashSlot, flashApi, Intent, isApiError, type QueueState } from '../api';
import { isRetryable, retryAfterSeconds } from './refusals';

/**
 * One customer's go at one slot: (waiting room: join, wait for admission, take the token) →
 * reserve → check out or give up. Each step that moves stock is an Intent: a network error or a
 * 5xx retries with the same Idempotency-Key (the server answers the first attempt's outcome), a
 * refusal ends the intent and the next click is a new one.
 */
export type Phase =
  | { kind: 'idle' }
  | { kind: 'queued'; queue: QueueState | null }
  | { kind: 'reserving' }
  | { kind: 'reserved'; reservation: FlashReservation }
  | { kind: 'checking_out'; reservation: FlashReservation }
  | { kind: 'done'; reservation: FlashReservation; note: 'cancelled' | 'expired' }
  | { kind: 'refused'; error: unknown; retryAt: number | null };

const QUEUE_POLL_MS = 1500;

export function useFlashPurchase(
  slot: FlashSlot,
  serverNow: () => number,
  initial: FlashReservation | undefined,
  onStockChanged: () => void,
) {
  const [phase, setPhase] = useState<Phase>(
    initial ? { kind: 'reserved', reservation: initial } : { kind: 'idle' },
  );
  const reserveIntent = useRef(new Intent());
  const checkoutIntent = useRef(new Intent());
  const cancelIntent = useRef(new Intent());
  const queueTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      clearTimeout(queueTimer.current);
    };
  }, []);

  // A live reservation found after the page opened (another tab, a reload, or the one a
  // LIMIT_REACHED 'live_reservation' refusal points at) takes over an idle or refused card.
  useEffect(() => {
    if (initial)
      setPhase((p) =>
        p.kind === 'idle' || p.kind === 'refused' ? { kind: 'reserved', reservation: initial } : p,
      );
  }, [initial]);

  const refuse = useCallback(
    (error: unknown) => {
      const retryAt = isRetryable(error) ? serverNow() + retryAfterSeconds(error) * 1000 : null;
      if (mounted.current) setPhase({ kind: 'refused', error, retryAt });
    },
    [serverNow],
  );

  const reserve = useCallback(
    async (admissionToken?: string) => {
      setPhase({ kind: 'reserving' });
      try {
        const reservation = await reserveIntent.current.run((key) =>
          flashApi.reserve(slot.id, key, 1, admissionToken),
        );
        reserveIntent.current.renew(); // the next go at this slot is a new intent
        if (mounted.current) setPhase({ kind: 'reserved', reservation });
        onStockChanged();
      } catch (e) {
        refuse(e);
        // Sold out: the bar should say so now; a live reservation elsewhere: fetch it to show it.
        if (isApiError(e) && (e.code === 'SOLD_OUT' || e.code === 'LIMIT_REACHED')) onStockChanged();
      }
    },
    [slot.id, refuse, onStockChanged],
  );

  const pollQueue = useCallback(
    async (first: boolean) => {
      try {
        const queue = first ? await flashApi.joinQueue(slot.id) : await flashApi.queue(slot.id);
        if (!mounted.current) return;
        if (queue.admitted && queue.token) {
          await reserve(queue.token);
          return;
        }
        setPhase({ kind: 'queued', queue });
        queueTimer.current = setTimeout(() => void pollQueue(false), QUEUE_POLL_MS);
      } catch (e) {
        refuse(e);
      }
    },
    [slot.id, reserve, refuse],
  );

  const buy = useCallback(() => {
    if (slot.waitingRoom) {
      setPhase({ kind: 'queued', queue: null });
      void pollQueue(true);
    } else void reserve();
  }, [slot.waitingRoom, pollQueue, reserve]);

  /** 去结算: the order at the flash price; resolves with its id for the pay page. */
  const checkout = useCallback(async (): Promise<string | null> => {
    if (phase.kind !== 'reserved') return null;
    const reservation = phase.reservation;
    setPhase({ kind: 'checking_out', reservation });
    try {
      const order = await checkoutIntent.current.run((key) =>
        flashApi.checkout(reservation.id, key, reservation.flashPrice * reservation.quantity),
      );
      return order.id;
    } catch (e) {
      if (isApiError(e) && e.code === 'RESERVATION_EXPIRED') {
        setPhase({ kind: 'done', reservation, note: 'expired' });
        onStockChanged();
      } else if (isApiError(e) && e.code === 'RESERVATION_NOT_LIVE') refuse(e);
      else {
        setPhase({ kind: 'reserved', reservation });
        throw e;
      }
      return null;
    }
  }, [phase, refuse, onStockChanged]);

  const cancel = useCallback(async () => {
    if (phase.kind !== 'reserved') return;
    const reservation = phase.reservation;
    try {
      const after = await cancelIntent.current.run((key) => flashApi.cancel(reservation.id, key));
      cancelIntent.current.renew();
      setPhase({ kind: 'done', reservation: after, note: 'cancelled' });
      onStockChanged();
    } catch (e) {
      if (isApiError(e) && (e.code === 'RESERVATION_EXPIRED' || e.code === 'RESERVATION_NOT_LIVE'))
        setPhase({ kind: 'done', reservation, note: 'expired' });
      else throw e;
    }
  }, [phase, onStockChanged]);

  /** The checkout deadline passed on the server's clock: the sweeper releases it; say so. */
  const expire = useCallback(() => {
    setPhase((p) =>
      p.kind === 'reserved' ? { kind: 'done', reservation: p.reservation, note: 'expired' } : p,
    );
    onStockChanged();
  }, [onStockChanged]);

  const reset = useCallback(() => setPhase({ kind: 'idle' }), []);

  return { phase, buy, checkout, cancel, expire, reset };
}
