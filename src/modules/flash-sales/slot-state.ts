import type { KvRefusalCode } from './errors';

/**
 * The fast copy of a slot's moving state, in the KV: remaining units, units per customer, the
 * customer's live reservation, idempotency records and the reservations not yet durable
 * ("pending"). PostgreSQL is the arbiter; this copy only ever errs towards selling LESS (a lost
 * decrement leaks a unit until the reconciler returns it), never more.
 *
 * Every operation touches ONE slot's keys, all under the hash tag `{fs:<slotId>}`, and is one
 * atomic step: a Lua script on Redis, a synchronous function in process.
 */
export interface SlotStateStore {
  readonly kind: 'memory' | 'redis';
  /** The hot path: ready? idempotency? gate? live reservation? limit? remaining? then take. */
  reserve(input: ReserveInput): Promise<ReserveOutcome>;
  /** The rows are durable: their idempotency records become final answers, pending entries go. */
  commit(slotId: string, done: Array<{ entry: PendingEntry; answerText: string }>): Promise<void>;
  /**
   * PG refused a row (refusal set) or the flush failed (null): gives the units back (only if the
   * pending entry was still there, so a reconciler and a writer never both give it back) and
   * records the refusal as the key's answer, or forgets the key so a retry runs again.
   */
  compensate(slotId: string, entry: PendingEntry, refusal: StoredRefusal | null): Promise<boolean>;
  /** An expired/cancelled reservation's unit, returned at most once per reservation id. */
  release(slotId: string, unit: ReleasedUnit): Promise<boolean>;
  /** A reservation was ordered: the customer no longer holds a live one (units stay counted). */
  clearLive(slotId: string, customerId: string, reservationId: string): Promise<void>;
  /** Writes the state rebuilt from PostgreSQL and marks the slot ready, unless it already is. */
  rebuild(slotId: string, snapshot: SlotSnapshot): Promise<boolean>;
  isReady(slotId: string): Promise<boolean>;
  /**
   * What the key was answered (replay, refused, or in_flight while not durable yet), or null
   * when it has no record; takes nothing. Admission asks it only when it refuses, so a retry of
   * an answered request gets its first answer rather than BUSY.
   */
  storedAnswer(
    slotId: string,
    customerId: string,
    idempotencyKey: string,
    nowMs: number,
  ): Promise<ReserveOutcome | null>;
  /** Remaining units per slot; null for a slot whose state is not built. */
  remaining(slotIds: readonly string[]): Promise<Map<string, number | null>>;
  /** Pending entries older than `beforeMs` (epoch ms), for the reconciler. */
  stalePending(slotId: string, beforeMs: number): Promise<PendingEntry[]>;
  /** Remaining units when the slot is ready and nothing is pending (a quiet moment), else null. */
  quietRemaining(slotId: string): Promise<number | null>;
  /**
   * Sets remaining to `correct` only if it still reads `observed` and nothing is pending: the
   * reconciler's repair of a copy that drifted (a batch that landed in PG after a rebuild's
   * snapshot). Any take or release in between changes remaining, and the repair does nothing.
   */
  repairRemaining(slotId: string, observed: number, correct: number): Promise<boolean>;
  /** Test and operations hook: forgets a slot's state, as a Redis restart would. */
  forget(slotId: string): Promise<void>;
}

/** How long idempotency records, per-customer counts and released markers are kept by default. */
export const STATE_TTL_MS = 7 * 86_400_000;

/**
 * Refusals are kept for an hour: long enough for any client's retries, short enough that a
 * script cycling keys cannot fill the KV with them (answers that took a unit are kept longer).
 */
export const REFUSAL_TTL_MS = 3_600_000;

export interface ReserveInput {
  slotId: string;
  customerId: string;
  idempotencyKey: string;
  quantity: number;
  perCustomerLimit: number;
  reservationId: string;
  /** The 201 body, stored as the key's answer once durable. */
  answerText: string;
  nowMs: number;
  /** The live marker lapses at the reservation's deadline, so a lost clear cannot block forever. */
  liveTtlMs: number;
  /** How long idempotency records and per-customer counts are kept. */
  stateTtlMs: number;
  /** A refusal decided before the KV (not started, ended, paused): recorded under the key. */
  gate: KvRefusalCode | null;
}

export interface StoredRefusal {
  code: KvRefusalCode;
  reason: string;
}

export type ReserveOutcome =
  | { kind: 'reserved'; remaining: number }
  | { kind: 'replay'; text: string }
  | { kind: 'refused'; refusal: StoredRefusal; replayed: boolean }
  | { kind: 'in_flight' }
  | { kind: 'warming' };

export interface PendingEntry {
  reservationId: string;
  customerId: string;
  quantity: number;
  idempotencyKey: string;
}

export interface ReleasedUnit {
  reservationId: string;
  customerId: string;
  quantity: number;
  markerTtlMs: number;
}

export interface SlotSnapshot {
  remaining: number;
  units: Array<[customerId: string, units: number]>;
  live: Array<{ customerId: string; reservationId: string; quantity: number; ttlMs: number }>;
  answers: Array<{ customerId: string; idempotencyKey: string; text: string }>;
  /** Reservations already given back in PostgreSQL: a late release of one must not count again. */
  ended: string[];
  stateTtlMs: number;
}

/** Keys of one slot. The hash tag keeps them on one Redis Cluster shard. */
export const slotKeys = (slotId: string) => {
  const base = `{fs:${slotId}}:`;
  return {
    base,
    ready: `${base}ready`,
    remaining: `${base}remaining`,
    pending: `${base}pending`,
    units: (customerId: string) => `${base}units:${customerId}`,
    live: (customerId: string) => `${base}live:${customerId}`,
    idem: (customerId: string, key: string) => `${base}idem:${customerId}:${key}`,
    released: (reservationId: string) => `${base}released:${reservationId}`,
  };
};

/*
 * An idempotency record is one string: 'P' + answer while the row is not durable yet,
 * 'D' + answer once it is, 'R' + code + '|' + reason for a refusal.
 */
export const pendingMember = (e: PendingEntry) =>
  `${e.reservationId}|${e.customerId}|${e.quantity}|${e.idempotencyKey}`;

export function parsePendingMember(member: string): PendingEntry {
  const [reservationId = '', customerId = '', quantity = '0'] = member.split('|', 3);
  const idempotencyKey = member.slice(reservationId.length + customerId.length + quantity.length + 3);
  return { reservationId, customerId, quantity: Number(quantity), idempotencyKey };
}

export const refusalRecord = (r: StoredRefusal) => `R${r.code}|${r.reason}`;

/** What a stored record means to the caller of reserve(). */
export function outcomeOfRecord(record: string): ReserveOutcome {
  const tag = record[0];
  if (tag === 'P') return { kind: 'in_flight' };
  if (tag === 'D') return { kind: 'replay', text: record.slice(1) };
  const [code, reason = ''] = record.slice(1).split('|', 2);
  return { kind: 'refused', refusal: { code: code as KvRefusalCode, reason }, replayed: true };
}
