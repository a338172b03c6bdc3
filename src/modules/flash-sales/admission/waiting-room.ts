import type { Kv } from '../../../platform/kv';
import type { AdmissionTokens } from './admission-token';
import { notInQueue } from './errors';

/** What a visitor in the waiting room is told on every poll (design: the queue routes). */
export interface QueueStatus {
  /** 1-based place in the admission order. */
  position: number;
  admitted: boolean;
  estimatedWaitSec: number;
  /** Only once admitted: send it as X-Admission-Token when reserving. */
  token?: string;
  tokenExpiresAt?: string;
}

export interface WaitingRoomSlot {
  slotId: string;
  startsAt: Date;
  /** Visitors let in per second from the start. */
  admitPerSec: number;
}

/**
 * The waiting room of one slot is a KV sorted set of customers. The score decides the order:
 * a visitor who joins before the start gets a random score in [0, 1), so early arrivals are
 * admitted in a random order (arriving at 23:59:59.9 is as good as at 23:00, which takes the
 * point out of hammering the button); one who joins after gets 1 + the milliseconds since the
 * start, so late arrivals follow in arrival order. A re-join keeps the first score (ZADD NX):
 * no re-rolling for a better place.
 *
 * Admission is computed, not stored: the visitor at 0-based rank p is admitted from
 * `startsAt + p / admitPerSec` seconds on. Every process answers the same from the rank alone,
 * no job advances a cursor, and a poll costs one ZRANK. (Visitors who left still hold their
 * place; the rate is a ceiling on arrivals at the stock, which is what protects the slot.)
 */
export function createWaitingRoom(deps: { kv: Kv; tokens: AdmissionTokens }) {
  const { kv, tokens } = deps;
  const queueKey = (slotId: string) => `{fs:${slotId}}:wr`;
  /** Long enough for any slot's life; a room nobody joins again is dropped by the KV. */
  const ROOM_TTL_MS = 7 * 24 * 3600 * 1000;

  async function status(slot: WaitingRoomSlot, customerId: string, now: Date): Promise<QueueStatus> {
    const rank = await kv.zrank(queueKey(slot.slotId), customerId);
    if (rank === null) throw notInQueue();
    const admittedAtMs = slot.startsAt.getTime() + Math.floor((rank * 1000) / slot.admitPerSec);
    const waitMs = admittedAtMs - now.getTime();
    if (waitMs > 0)
      return { position: rank + 1, admitted: false, estimatedWaitSec: Math.ceil(waitMs / 1000) };
    const { token, expiresAt } = await tokens.issue(slot.slotId, customerId, now);
    return {
      position: rank + 1,
      admitted: true,
      estimatedWaitSec: 0,
      token,
      tokenExpiresAt: expiresAt.toISOString(),
    };
  }

  async function join(slot: WaitingRoomSlot, customerId: string, now: Date): Promise<QueueStatus> {
    const sinceStart = now.getTime() - slot.startsAt.getTime();
    const score = sinceStart < 0 ? Math.random() : 1 + sinceStart;
    const added = await kv.zadd(queueKey(slot.slotId), customerId, score, { ifAbsent: true });
    if (added) await kv.expire(queueKey(slot.slotId), ROOM_TTL_MS);
    return status(slot, customerId, now);
  }

  return { join, status };
}

export type WaitingRoom = ReturnType<typeof createWaitingRoom>;
