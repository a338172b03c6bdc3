import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/auth';
import { recordEvent } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import { conflict, isAppError, notFound } from '../../platform/errors';
import { type IdempotentResult, requestFingerprint, runIdempotent } from '../../platform/http/idempotency';
import { newId } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import type { DB } from '../../schema';
import type { SlotDefinitions } from './definitions';
import { type KvRefusalCode, refusalFor, reservationNotLive, slotWarming } from './errors';
import { giveBackInKv, giveBackInPg } from './lifecycle';
import type { Reservation, SlotDefinition } from './model';
import type { Recovery } from './recovery';
import type { ReserveOutcome, SlotStateStore } from './slot-state';
import { STATE_TTL_MS } from './slot-state';
import { toReservation } from './store';
import { type GroupWriter, RefusedByDatabase } from './writer';

/**
 * The reservation hot path. Per request: the slot's definition from the in-process cache, ONE
 * KV operation (reserve), then the group-commit writer makes the row durable; no other SQL.
 * The answer is the text stored under the customer's Idempotency-Key in the KV, so a retry gets
 * the same bytes: a reservation once it is durable, or the refusal.
 */
export interface ReservationsDeps {
  db: Kysely<DB>;
  clock: Clock;
  state: SlotStateStore;
  definitions: SlotDefinitions;
  recovery: Recovery;
  writer: GroupWriter;
  logger?: Logger;
  onEventsRecorded?: () => void;
  /** How long a duplicate waits for the first attempt with its key before 409 IDEMPOTENCY_IN_PROGRESS. */
  inFlightWaitMs?: number;
}

export interface ReserveAnswer {
  status: 201;
  text: string;
  replayed: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createReservations(deps: ReservationsDeps) {
  const { db, clock, state, definitions, recovery, writer } = deps;
  const inFlightWaitMs = deps.inFlightWaitMs ?? 3_000;
  // Attempts running in this process, by slot+customer+key: a duplicate awaits the first.
  const running = new Map<string, Promise<ReserveAnswer>>();

  function gateOf(def: SlotDefinition, now: Date): KvRefusalCode | null {
    if (def.storedStatus === 'closed' || now >= def.endsAt) return 'ENDED';
    if (def.storedStatus === 'paused') return 'SLOT_PAUSED';
    if (now < def.startsAt) return 'NOT_STARTED';
    return null;
  }

  async function attempt(
    def: SlotDefinition,
    customerId: string,
    quantity: number,
    key: string,
  ): Promise<ReserveAnswer> {
    const now = clock.now();
    const reservationId = newId('fsr', now.getTime());
    const deadline = new Date(now.getTime() + def.checkoutMinutes * 60_000);
    const answerText = JSON.stringify({
      reservation: {
        id: reservationId,
        slotId: def.id,
        quantity,
        status: 'reserved',
        deadline: deadline.toISOString(),
        flashPrice: def.flashPrice,
        orderId: null,
      } satisfies Reservation,
    });
    const input = {
      slotId: def.id,
      customerId,
      idempotencyKey: key,
      quantity,
      perCustomerLimit: def.perCustomerLimit,
      reservationId,
      answerText,
      nowMs: now.getTime(),
      liveTtlMs: deadline.getTime() - now.getTime(),
      stateTtlMs: Math.max(STATE_TTL_MS, def.endsAt.getTime() - now.getTime() + 86_400_000),
      gate: gateOf(def, now),
    };
    let outcome: ReserveOutcome = await state.reserve(input);
    if (outcome.kind === 'warming') {
      await recovery.ensureReady(def.id);
      outcome = await state.reserve(input);
      if (outcome.kind === 'warming') throw slotWarming();
    }
    switch (outcome.kind) {
      case 'refused':
        throw Object.assign(refusalFor(outcome.refusal.code, outcome.refusal.reason, def), {
          replayed: outcome.replayed,
        });
      case 'replay':
        return { status: 201, text: outcome.text, replayed: true };
      case 'in_flight':
        return awaitFirst(def, customerId, quantity, key);
      case 'reserved': {
        const text = await writer
          .submit({
            slotId: def.id,
            flashPrice: def.flashPrice,
            entry: { reservationId, customerId, quantity, idempotencyKey: key },
            deadline,
            createdAt: now,
            answerText,
          })
          .catch((e) => {
            // The same error a retry with this key will be given, byte for byte.
            if (e instanceof RefusedByDatabase) throw refusalFor(e.refusal.code, e.refusal.reason, def);
            throw e;
          });
        return { status: 201, text, replayed: false };
      }
    }
  }

  /** Another attempt with this key is in flight: wait for its answer (this process or another). */
  async function awaitFirst(def: SlotDefinition, customerId: string, quantity: number, key: string) {
    const local = running.get(runKey(def.id, customerId, key));
    if (local) {
      const first = await local;
      return { ...first, replayed: true };
    }
    const deadline = Date.now() + inFlightWaitMs;
    while (Date.now() < deadline) {
      await sleep(20);
      const answer = await attempt(def, customerId, quantity, key).catch((e) => {
        if (isAppError(e) && e.code === 'IDEMPOTENCY_IN_PROGRESS') return null;
        throw e;
      });
      if (answer) return answer;
    }
    throw conflict(
      'IDEMPOTENCY_IN_PROGRESS',
      'A request with this Idempotency-Key is still running; retry shortly',
      {
        field: 'Idempotency-Key',
        retryAfterSeconds: 1,
      },
    );
  }

  const runKey = (slotId: string, customerId: string, key: string) =>
    `${slotId}\u0000${customerId}\u0000${key}`;

  return {
    /** The slot's definition (cached), or 404. */
    async definition(slotId: string): Promise<SlotDefinition> {
      const def = await definitions.get(slotId);
      if (!def) throw notFound('Flash sale', slotId);
      return def;
    },

    async reserve(actor: Actor, def: SlotDefinition, quantity: number, key: string): Promise<ReserveAnswer> {
      const k = runKey(def.id, actor.userId, key);
      const existing = running.get(k);
      if (existing) return { ...(await existing), replayed: true };
      const p = attempt(def, actor.userId, quantity, key);
      running.set(k, p);
      try {
        return await p;
      } finally {
        if (running.get(k) === p) running.delete(k);
      }
    },

    /**
     * The first answer of this key, if it has one, without taking anything: the route asks it
     * only when admission refuses, so a retry of a request that was answered (201 or a refusal)
     * gets that answer again, never BUSY. Null when the key was never answered.
     */
    async answered(
      actor: Actor,
      def: SlotDefinition,
      quantity: number,
      key: string,
    ): Promise<ReserveAnswer | null> {
      const outcome = await state.storedAnswer(def.id, actor.userId, key, clock.now().getTime());
      if (!outcome) return null;
      switch (outcome.kind) {
        case 'replay':
          return { status: 201, text: outcome.text, replayed: true };
        case 'refused':
          throw Object.assign(refusalFor(outcome.refusal.code, outcome.refusal.reason, def), {
            replayed: true,
          });
        case 'in_flight':
          return awaitFirst(def, actor.userId, quantity, key);
        default:
          return null;
      }
    },

    async list(actor: Actor, slotId?: string): Promise<{ reservations: Reservation[] }> {
      let q = db
        .selectFrom('flash_sale_reservations')
        .innerJoin('flash_sale_slots', 'flash_sale_slots.id', 'flash_sale_reservations.slot_id')
        .selectAll('flash_sale_reservations')
        .select('flash_sale_slots.flash_price')
        .where('flash_sale_reservations.customer_id', '=', actor.userId);
      if (slotId) q = q.where('flash_sale_reservations.slot_id', '=', slotId);
      const rows = await q.orderBy('flash_sale_reservations.created_at', 'desc').limit(200).execute();
      return { reservations: rows.map((r) => toReservation(r, Number(r.flash_price))) };
    },

    /** The customer gives a live reservation up: its unit goes back to the slot, once. */
    async cancel(
      actor: Actor,
      reservationId: string,
      key: string,
    ): Promise<IdempotentResult<{ reservation: Reservation }>> {
      let ended: Parameters<typeof giveBackInKv>[1] = [];
      const result = await runIdempotent(
        db,
        {
          scope: `flash-cancel:${actor.userId}`,
          key,
          fingerprint: requestFingerprint(['flash-cancel', reservationId]),
        },
        async (trx) => {
          const now = clock.now();
          const row = await trx
            .updateTable('flash_sale_reservations')
            .set({ status: 'cancelled', ended_at: now })
            .where('id', '=', reservationId)
            .where('customer_id', '=', actor.userId)
            .where('status', '=', 'reserved')
            .returningAll()
            .executeTakeFirst();
          if (!row) {
            const current = await trx
              .selectFrom('flash_sale_reservations')
              .select('status')
              .where('id', '=', reservationId)
              .where('customer_id', '=', actor.userId)
              .executeTakeFirst();
            if (!current) throw notFound('Reservation', reservationId);
            throw reservationNotLive(current.status);
          }
          await giveBackInPg(trx, [row]);
          await recordEvent(
            trx,
            'flash_sale.reservation_cancelled',
            {
              reservationId: row.id,
              slotId: row.slot_id,
              customerId: row.customer_id,
              quantity: row.quantity,
            },
            { now: () => now },
          );
          const slot = await trx
            .selectFrom('flash_sale_slots')
            .select('flash_price')
            .where('id', '=', row.slot_id)
            .executeTakeFirstOrThrow();
          ended = [row];
          return { status: 200, body: { reservation: toReservation(row, Number(slot.flash_price)) } };
        },
      );
      if (ended.length) {
        deps.onEventsRecorded?.();
        await giveBackInKv(state, ended, deps.logger);
      }
      return result;
    },
  };
}

export type Reservations = ReturnType<typeof createReservations>;
