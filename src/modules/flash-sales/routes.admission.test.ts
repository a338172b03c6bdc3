import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { AppError, tooManyRequests } from '../../platform/errors';
import type { Admission, AdmissionRequest } from './admission-seam';
import { consumerSessions, flashShop, reserve } from './test-fixtures';

/**
 * The reservation route's seams: admission runs around every attempt (its refusals reach the
 * client as they are, with Retry-After), stats hear every answer, and a slot whose state is
 * being rebuilt answers 503 SLOT_WARMING with Retry-After.
 */
describe('flash-sale reservation route: admission, stats, warming', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(await testDatabaseTargets()[0]!.open());
  });
  afterAll(() => h?.close());

  it('calls admission with the slot policy, passes its refusals through, and records every outcome', async () => {
    const fs = await flashShop(h, { stock: 1 });
    const [a, b, c] = await consumerSessions(h.ctx.db, 3, h.clock.now());
    h.clock.set(fs.startsAt);
    const seen: AdmissionRequest[] = [];
    const outcomes: string[] = [];
    let refusal: AppError | null = null;
    let inRun = 0;
    const admission: Admission = {
      admit: async (req) => {
        expect(inRun).toBe(1);
        seen.push(req);
        if (refusal) throw refusal;
      },
      run: async (fn) => {
        inRun++;
        try {
          return await fn();
        } finally {
          inRun--;
        }
      },
    };
    const flash = h.services.flashSales;
    const original = { admission: flash.admission, stats: flash.stats };
    flash.admission = admission;
    flash.stats = { record: (_slot, outcome) => outcomes.push(outcome) };
    try {
      refusal = tooManyRequests('BUSY', 'Too many people are trying; retry shortly', 2, {
        retryAfterMs: 1500,
      });
      const busy = await h.app.inject({
        method: 'POST',
        url: `/api/flash-sales/${fs.slotId}/reservations`,
        headers: { cookie: a!.cookie, 'idempotency-key': 'k', 'x-admission-token': 'tok' },
        payload: {},
      });
      expect(busy.statusCode).toBe(429);
      expect(busy.headers['retry-after']).toBe('2');
      expect(errorOf(busy).code).toBe('BUSY');
      expect(seen[0]).toMatchObject({
        slotId: fs.slotId,
        customerId: a!.userId,
        admissionToken: 'tok',
        policy: { waitingRoom: false, minAccountAgeHours: 0, slotRatePerSec: null, startsAt: fs.startsAt },
      });
      refusal = new AppError('ACCOUNT_TOO_NEW', 'Your account is too new for this flash sale', 403);
      expect(errorOf(await reserve(h, a!.cookie, fs.slotId, 'k')).code).toBe('ACCOUNT_TOO_NEW');
      refusal = new AppError('ADMISSION_REQUIRED', 'Join the queue first', 403);
      expect(errorOf(await reserve(h, a!.cookie, fs.slotId, 'k')).code).toBe('ADMISSION_REQUIRED');

      // Admission refusals are not answers under the key: once admitted, the same key reserves.
      refusal = null;
      expect((await reserve(h, a!.cookie, fs.slotId, 'k')).statusCode).toBe(201);
      expect((await reserve(h, a!.cookie, fs.slotId, 'k')).statusCode).toBe(201);
      expect(errorOf(await reserve(h, b!.cookie, fs.slotId, 'k')).code).toBe('SOLD_OUT');
      expect(errorOf(await reserve(h, c!.cookie, fs.slotId, 'k', { quantity: 2 })).details).toMatchObject({
        reason: 'limit',
      });
      expect(outcomes).toEqual([
        'BUSY',
        'ACCOUNT_TOO_NEW',
        'ADMISSION_REQUIRED',
        'reserved',
        'replayed',
        'SOLD_OUT',
        'LIMIT_REACHED',
      ]);
    } finally {
      Object.assign(flash, original);
    }
  });

  it('a retry of an answered key gets its first answer even when admission refuses it', async () => {
    const fs = await flashShop(h, { stock: 1 });
    const [a, b] = await consumerSessions(h.ctx.db, 2, h.clock.now());
    h.clock.set(fs.startsAt);
    let refusal: AppError | null = null;
    const flash = h.services.flashSales;
    const original = flash.admission;
    flash.admission = {
      admit: async () => {
        if (refusal) throw refusal;
      },
      run: (fn) => fn(),
    };
    try {
      const writes = { ...flash.writer.stats };
      const first = await reserve(h, a!.cookie, fs.slotId, 'k');
      expect(first.statusCode).toBe(201);
      // The row went through the one-statement flush, not the careful per-row path.
      expect(flash.writer.stats.rows).toBe(writes.rows + 1);
      expect(flash.writer.stats.careful).toBe(writes.careful);
      expect(errorOf(await reserve(h, b!.cookie, fs.slotId, 'k')).code).toBe('SOLD_OUT');

      refusal = tooManyRequests('BUSY', 'Too many people are trying; retry shortly', 1, {
        retryAfterMs: 500,
      });
      const retry = await reserve(h, a!.cookie, fs.slotId, 'k');
      expect(retry.statusCode).toBe(201);
      expect(retry.body).toBe(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      const refusedRetry = await reserve(h, b!.cookie, fs.slotId, 'k');
      expect(refusedRetry.statusCode).toBe(409);
      expect(errorOf(refusedRetry).code).toBe('SOLD_OUT');
      // A key never answered gets admission's refusal.
      expect(errorOf(await reserve(h, a!.cookie, fs.slotId, 'other')).code).toBe('BUSY');

      refusal = new AppError('ADMISSION_REQUIRED', 'Join the queue first', 403);
      expect((await reserve(h, a!.cookie, fs.slotId, 'k')).body).toBe(first.body);
    } finally {
      flash.admission = original;
    }
  });

  it('sheds at the in-flight cap before the session is looked up, and counts it', async () => {
    const fs = await flashShop(h, { stock: 1 });
    const flash = h.services.flashSales;
    const original = { admission: flash.admission, stats: flash.stats };
    const outcomes: string[] = [];
    let full = true;
    flash.admission = {
      admit: async () => undefined,
      run: (fn) => fn(),
      refuseEarly: () =>
        full
          ? tooManyRequests('BUSY', 'Too many people are trying; retry shortly', 1, { reason: 'in_flight' })
          : null,
    };
    flash.stats = { record: (_slot, outcome) => outcomes.push(outcome) };
    try {
      // No cookie at all: the 429 comes before authentication would have answered 401.
      const shed = await h.app.inject({
        method: 'POST',
        url: `/api/flash-sales/${fs.slotId}/reservations`,
        headers: { 'idempotency-key': 'k' },
        payload: {},
      });
      expect(shed.statusCode).toBe(429);
      expect(shed.headers['retry-after']).toBe('1');
      expect(errorOf(shed).code).toBe('BUSY');
      expect(outcomes).toEqual(['BUSY']);
      // Other routes are never shed.
      expect((await h.app.inject({ method: 'GET', url: `/api/flash-sales/${fs.slotId}` })).statusCode).toBe(
        200,
      );
      full = false;
      const unauthenticated = await h.app.inject({
        method: 'POST',
        url: `/api/flash-sales/${fs.slotId}/reservations`,
        headers: { 'idempotency-key': 'k' },
        payload: {},
      });
      expect(unauthenticated.statusCode).toBe(401);
    } finally {
      Object.assign(flash, original);
    }
  });

  it('answers 503 SLOT_WARMING with Retry-After while another process rebuilds the slot', async () => {
    const fs = await flashShop(h, { stock: 3 });
    const [a] = await consumerSessions(h.ctx.db, 1, h.clock.now());
    h.clock.set(fs.startsAt);
    await h.services.flashSales.state.forget(fs.slotId);
    const lock = await h.ctx.kv.acquireLock(`fs-rebuild:${fs.slotId}`, 10_000);
    const warming = await reserve(h, a!.cookie, fs.slotId, 'k');
    expect(warming.statusCode).toBe(503);
    expect(errorOf(warming).code).toBe('SLOT_WARMING');
    expect(warming.headers['retry-after']).toBe('1');
    await lock!.release();
    const ok = await reserve(h, a!.cookie, fs.slotId, 'k');
    expect(ok.statusCode).toBe(201);
  });
});
