import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import type { Actor } from '../../platform/auth';
import { isAppError } from '../../platform/errors';
import type { DB } from '../../schema';
import { createFlashSalesService } from './service';
import type { SlotStateStore } from './slot-state';
import { consumerSessions, flashShop, reserve, slotCounters } from './test-fixtures';

/**
 * What keeps the KV copy exact when things fail: a flush PG cannot take (503, units given back),
 * a crashed process's KV take (returned by the reconciler), a lost commit marker (finalised by
 * it), and a cancel racing the expiry sweeper (the unit comes back once). PGlite + in-process KV,
 * and PostgreSQL too with DATABASE_URL.
 */
describe.each(testDatabaseTargets().map((t) => [t.kind, t] as const))(
  'flash-sale recovery on %s',
  (_kind, target) => {
    let h: Harness;
    beforeAll(async () => {
      h = await createHarness(await target.open());
    });
    afterAll(() => h?.close());

    const actor = (userId: string): Actor => ({
      userId,
      role: 'consumer',
      email: `${userId}@t`,
      displayName: userId,
      via: 'session',
    });
    const remaining = async (slotId: string) =>
      (await h.app.inject({ method: 'GET', url: `/api/flash-sales/${slotId}` })).json().slot.remaining;

    /** A second service on the same KV and database, wired to fail in a chosen way. */
    const serviceWith = (overrides: { db?: Kysely<DB>; state?: SlotStateStore }) =>
      createFlashSalesService({
        db: overrides.db ?? h.ctx.db,
        kv: h.ctx.kv,
        clock: h.clock,
        campaigns: h.services.campaigns,
        storeIdsOf: h.services.merchants.storeIdsOf,
        state: overrides.state ?? h.services.flashSales.state,
      });

    it('a flush PostgreSQL refuses to take answers 503 and gives the units back; the key runs again', async () => {
      const fs = await flashShop(h, { stock: 3 });
      const [c] = await consumerSessions(h.ctx.db, 1, h.clock.now());
      h.clock.set(fs.startsAt);
      const broken = new Proxy(h.ctx.db, {
        get(db, prop, receiver) {
          if (prop === 'transaction')
            return () => ({ execute: () => Promise.reject(new Error('connection terminated')) });
          return Reflect.get(db, prop, receiver);
        },
      });
      const flash = serviceWith({ db: broken });
      const def = await h.services.flashSales.reservations.definition(fs.slotId);
      const failed = await flash.reservations.reserve(actor(c!.userId), def, 1, 'k').catch((e) => e);
      expect(isAppError(failed) && failed.status).toBe(503);
      expect(await remaining(fs.slotId)).toBe(3);
      await flash.close();
      // The same key now succeeds through the healthy service, as a first attempt.
      const ok = await reserve(h, c!.cookie, fs.slotId, 'k');
      expect(ok.statusCode).toBe(201);
      expect(ok.headers['idempotent-replayed']).toBeUndefined();
      expect(await slotCounters(h.ctx.db, fs.slotId)).toMatchObject({ taken: 1, live: 1 });
    });

    it('the reconciler returns a crashed process’s KV take and finalises a row whose marker was lost', async () => {
      const fs = await flashShop(h, { stock: 2 });
      const [a, b] = await consumerSessions(h.ctx.db, 2, h.clock.now());
      h.clock.set(fs.startsAt);
      const state = h.services.flashSales.state;
      // A process took a unit in the KV and died before its flush.
      const taken = await state.reserve({
        slotId: fs.slotId,
        customerId: a!.userId,
        idempotencyKey: 'lost',
        quantity: 1,
        perCustomerLimit: 1,
        reservationId: 'fsr_lost',
        answerText: '{}',
        nowMs: h.clock.now().getTime(),
        liveTtlMs: 300_000,
        stateTtlMs: 86_400_000,
        gate: null,
      });
      expect(taken.kind).toBe('reserved');
      // Another process made its row durable but could not mark the key's answer final.
      const forgetful: SlotStateStore = { ...state, commit: async () => undefined };
      const flash = serviceWith({ state: forgetful });
      const def = await flash.reservations.definition(fs.slotId);
      await flash.reservations.reserve(actor(b!.userId), def, 1, 'kept');
      await flash.close();
      expect(await remaining(fs.slotId)).toBe(0);

      const result = await h.services.flashSales.maintain(new Date(h.clock.now().getTime() + 11_000));
      expect(result).toMatchObject({ returned: 1, finalised: 1 });
      expect(await remaining(fs.slotId)).toBe(1);
      const replay = await reserve(h, b!.cookie, fs.slotId, 'kept');
      expect(replay.statusCode).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      // The returned unit sells, and only it.
      expect((await reserve(h, a!.cookie, fs.slotId, 'again')).statusCode).toBe(201);
      expect(await slotCounters(h.ctx.db, fs.slotId)).toMatchObject({ taken: 2, live: 2 });
    });

    it('a refusal PG makes (the KV forgot a live reservation) replays byte for byte', async () => {
      const fs = await flashShop(h, { stock: 3 });
      const [a] = await consumerSessions(h.ctx.db, 1, h.clock.now());
      h.clock.set(fs.startsAt);
      expect((await reserve(h, a!.cookie, fs.slotId, 'k1')).statusCode).toBe(201);
      const state = h.services.flashSales.state;
      await state.forget(fs.slotId);
      await state.rebuild(fs.slotId, {
        remaining: 2,
        units: [],
        live: [],
        answers: [],
        ended: [],
        stateTtlMs: 60_000,
      });
      const careful = h.services.flashSales.writer.stats.careful;
      const refused = await reserve(h, a!.cookie, fs.slotId, 'k2');
      expect(errorOf(refused)).toMatchObject({
        code: 'LIMIT_REACHED',
        details: { reason: 'live_reservation' },
      });
      // The one-statement flush rolled back (the live reservation's unique index skipped the
      // row) and the careful per-row path gave the exact refusal.
      expect(h.services.flashSales.writer.stats.careful).toBe(careful + 1);
      const replay = await reserve(h, a!.cookie, fs.slotId, 'k2');
      expect(replay.body).toBe(refused.body);
      expect(await remaining(fs.slotId)).toBe(2);
      expect(await slotCounters(h.ctx.db, fs.slotId)).toMatchObject({ taken: 1, live: 1 });
    });

    it('a cancel racing the expiry sweeper returns the unit once, and it sells again', async () => {
      const fs = await flashShop(h, { stock: 1, checkoutMinutes: 1 });
      const [a, b] = await consumerSessions(h.ctx.db, 2, h.clock.now());
      h.clock.set(fs.startsAt);
      const r = (await reserve(h, a!.cookie, fs.slotId, 'a')).json().reservation;
      h.clock.advance(60_001);
      const cancel = h.app.inject({
        method: 'POST',
        url: `/api/flash-sales/reservations/${r.id}/cancel`,
        headers: { cookie: a!.cookie, 'idempotency-key': 'c' },
      });
      const [cancelled] = await Promise.all([cancel, h.services.flashSales.expireDue()]);
      const row = await h.ctx.db
        .selectFrom('flash_sale_reservations')
        .select('status')
        .where('id', '=', r.id)
        .executeTakeFirstOrThrow();
      if (row.status === 'cancelled') expect(cancelled.statusCode).toBe(200);
      else expect([row.status, errorOf(cancelled).code]).toEqual(['expired', 'RESERVATION_NOT_LIVE']);
      await h.services.flashSales.maintain(new Date(h.clock.now().getTime() + 5_000));
      await h.services.flashSales.expireDue();
      expect(await remaining(fs.slotId)).toBe(1);
      expect(await slotCounters(h.ctx.db, fs.slotId)).toMatchObject({ taken: 0, live: 0 });
      expect((await reserve(h, b!.cookie, fs.slotId, 'b')).statusCode).toBe(201);
      expect(errorOf(await reserve(h, a!.cookie, fs.slotId, 'a2')).code).toBe('SOLD_OUT');
    });
  },
);
