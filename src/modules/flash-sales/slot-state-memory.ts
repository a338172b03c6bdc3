import type { Kv } from '../../platform/kv';
import {
  outcomeOfRecord,
  type PendingEntry,
  parsePendingMember as parse,
  pendingMember,
  REFUSAL_TTL_MS,
  refusalRecord,
  type SlotStateStore,
  type StoredRefusal,
} from './slot-state';

/**
 * The in-process slot state (embedded default: one process). Each method runs to completion
 * without awaiting, so it is as atomic as the Lua scripts. Time-to-live is kept only where it
 * changes answers (the live marker lapses at the deadline); the rest lives as long as the process.
 */
interface MemorySlot {
  ready: boolean;
  remaining: number;
  units: Map<string, number>;
  live: Map<string, { reservationId: string; expiresAtMs: number }>;
  records: Map<string, string>;
  /** When a refusal record lapses (answers that took a unit do not). */
  recordExpiry: Map<string, number>;
  pending: Map<string, number>;
  released: Set<string>;
}

// One state per Kv instance, so two apps on one memory Kv (a test's "processes") share it.
const stores = new WeakMap<Kv, SlotStateStore>();

export function memorySlotState(kv: Kv): SlotStateStore {
  const existing = stores.get(kv);
  if (existing) return existing;
  const store = createMemorySlotState();
  stores.set(kv, store);
  return store;
}

export function createMemorySlotState(now: () => number = Date.now): SlotStateStore {
  const slots = new Map<string, MemorySlot>();
  const slotOf = (slotId: string): MemorySlot => {
    let s = slots.get(slotId);
    if (!s) {
      s = {
        ready: false,
        remaining: 0,
        units: new Map(),
        live: new Map(),
        records: new Map(),
        recordExpiry: new Map(),
        pending: new Map(),
        released: new Set(),
      };
      slots.set(slotId, s);
    }
    return s;
  };
  const recordKey = (customerId: string, key: string) => `${customerId}\u0000${key}`;
  const giveBack = (s: MemorySlot, customerId: string, quantity: number, reservationId: string) => {
    s.remaining += quantity;
    const units = (s.units.get(customerId) ?? 0) - quantity;
    if (units > 0) s.units.set(customerId, units);
    else s.units.delete(customerId);
    if (s.live.get(customerId)?.reservationId === reservationId) s.live.delete(customerId);
  };

  return {
    kind: 'memory',
    async reserve(input) {
      const s = slotOf(input.slotId);
      if (!s.ready) return { kind: 'warming' };
      const rk = recordKey(input.customerId, input.idempotencyKey);
      const lapses = s.recordExpiry.get(rk);
      if (lapses !== undefined && lapses <= input.nowMs) {
        s.records.delete(rk);
        s.recordExpiry.delete(rk);
      }
      const prior = s.records.get(rk);
      if (prior !== undefined) return outcomeOfRecord(prior);
      const refuse = (code: StoredRefusal['code'], reason = '') => {
        const refusal = { code, reason };
        s.records.set(rk, refusalRecord(refusal));
        s.recordExpiry.set(rk, input.nowMs + REFUSAL_TTL_MS);
        return { kind: 'refused' as const, refusal, replayed: false };
      };
      if (input.gate) return refuse(input.gate);
      const live = s.live.get(input.customerId);
      if (live && live.expiresAtMs > input.nowMs) return refuse('LIMIT_REACHED', 'live_reservation');
      if ((s.units.get(input.customerId) ?? 0) + input.quantity > input.perCustomerLimit)
        return refuse('LIMIT_REACHED', 'limit');
      if (s.remaining < input.quantity) return refuse('SOLD_OUT');
      s.remaining -= input.quantity;
      s.units.set(input.customerId, (s.units.get(input.customerId) ?? 0) + input.quantity);
      s.live.set(input.customerId, {
        reservationId: input.reservationId,
        expiresAtMs: input.nowMs + input.liveTtlMs,
      });
      s.records.set(rk, `P${input.answerText}`);
      s.pending.set(pendingMember(input), input.nowMs);
      return { kind: 'reserved', remaining: s.remaining };
    },
    async commit(slotId, done) {
      const s = slotOf(slotId);
      for (const { entry, answerText } of done) {
        s.pending.delete(pendingMember(entry));
        const rk = recordKey(entry.customerId, entry.idempotencyKey);
        s.records.set(rk, `D${answerText}`);
        s.recordExpiry.delete(rk);
      }
    },
    async compensate(slotId, entry, refusal) {
      const s = slotOf(slotId);
      const member = pendingMember(entry);
      const wasPending = s.pending.delete(member);
      if (wasPending) giveBack(s, entry.customerId, entry.quantity, entry.reservationId);
      const rk = recordKey(entry.customerId, entry.idempotencyKey);
      if (refusal) {
        s.records.set(rk, refusalRecord(refusal));
        s.recordExpiry.set(rk, now() + REFUSAL_TTL_MS);
      } else if (s.records.get(rk)?.startsWith('P')) s.records.delete(rk);
      return wasPending;
    },
    async release(slotId, unit) {
      const s = slotOf(slotId);
      if (s.released.has(unit.reservationId)) return false;
      s.released.add(unit.reservationId);
      if (!s.ready) return false;
      giveBack(s, unit.customerId, unit.quantity, unit.reservationId);
      return true;
    },
    async clearLive(slotId, customerId, reservationId) {
      const s = slotOf(slotId);
      if (s.live.get(customerId)?.reservationId === reservationId) s.live.delete(customerId);
    },
    async rebuild(slotId, snapshot) {
      const s = slotOf(slotId);
      if (s.ready) return false;
      const nowMs = now();
      s.units = new Map(snapshot.units);
      s.live = new Map();
      s.remaining = snapshot.remaining;
      for (const l of snapshot.live) {
        if (s.released.has(l.reservationId)) {
          // Released in PG after the snapshot was read, before this rebuild: count it back.
          s.remaining += l.quantity;
          const units = (s.units.get(l.customerId) ?? 0) - l.quantity;
          if (units > 0) s.units.set(l.customerId, units);
          else s.units.delete(l.customerId);
          continue;
        }
        s.live.set(l.customerId, { reservationId: l.reservationId, expiresAtMs: nowMs + l.ttlMs });
      }
      for (const a of snapshot.answers) {
        const rk = recordKey(a.customerId, a.idempotencyKey);
        s.records.set(rk, `D${a.text}`);
        s.recordExpiry.delete(rk);
      }
      for (const id of snapshot.ended) s.released.add(id);
      s.pending.clear();
      s.ready = true;
      return true;
    },
    async isReady(slotId) {
      return slots.get(slotId)?.ready === true;
    },
    async storedAnswer(slotId, customerId, idempotencyKey, nowMs) {
      const s = slots.get(slotId);
      const rk = recordKey(customerId, idempotencyKey);
      const lapses = s?.recordExpiry.get(rk);
      if (lapses !== undefined && lapses <= nowMs) return null;
      const record = s?.records.get(rk);
      return record === undefined ? null : outcomeOfRecord(record);
    },
    async remaining(slotIds) {
      return new Map(
        slotIds.map((id) => {
          const s = slots.get(id);
          return [id, s?.ready ? s.remaining : null];
        }),
      );
    },
    async stalePending(slotId, beforeMs) {
      const s = slots.get(slotId);
      if (!s) return [];
      const out: PendingEntry[] = [];
      for (const [member, at] of s.pending) if (at < beforeMs) out.push(parse(member));
      return out;
    },
    async quietRemaining(slotId) {
      const s = slots.get(slotId);
      return s?.ready && s.pending.size === 0 ? s.remaining : null;
    },
    async repairRemaining(slotId, observed, correct) {
      const s = slots.get(slotId);
      if (!s?.ready || s.pending.size > 0 || s.remaining !== observed) return false;
      s.remaining = correct;
      return true;
    },
    async forget(slotId) {
      slots.delete(slotId);
    },
  };
}
