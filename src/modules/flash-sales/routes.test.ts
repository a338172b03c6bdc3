import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { droppedFields } from '../../platform/http/response-serializer';
import { reservationAnswerSchema } from './responses';
import { consumerSessions, createSlot, flashShop, reserve, sessionsFor, slotCounters } from './test-fixtures';

/** Every answer of the flash-sale API over HTTP, on PGlite (and PostgreSQL with DATABASE_URL) + the in-process KV. */
describe.each(testDatabaseTargets().map((t) => [t.kind, t] as const))(
  'flash-sale routes on %s',
  (_kind, target) => {
    let h: Harness;
    beforeAll(async () => {
      h = await createHarness(await target.open());
    });
    afterAll(() => h?.close());

    const sku = (id: string) =>
      h.ctx.db.selectFrom('skus').select('stock').where('id', '=', id).executeTakeFirstOrThrow();
    const slotOf = async (slotId: string) =>
      (await h.app.inject({ method: 'GET', url: `/api/flash-sales/${slotId}` })).json().slot;

    it('creates a slot by carving its stock, and refuses bad drafts naming the field', async () => {
      const fs = await flashShop(h, { stock: 10 });
      expect((await sku(fs.shop.sku.a1)).stock).toBe(990);
      const nomination = await h.ctx.db
        .selectFrom('nominations')
        .select('campaign_sold')
        .where('campaign_id', '=', fs.shop.campaignId)
        .where('sku_id', '=', fs.shop.sku.a1)
        .executeTakeFirstOrThrow();
      expect(nomination.campaign_sold).toBe(10);
      const slot = await slotOf(fs.slotId);
      expect(slot).toMatchObject({
        status: 'scheduled',
        stock: 10,
        remaining: 10,
        listPrice: 10000,
        flashPrice: 5000,
      });
      const listed = await h.app.inject({
        method: 'GET',
        url: `/api/campaigns/${fs.shop.campaignId}/flash-sales`,
      });
      expect(listed.json().slots.map((s: { id: string }) => s.id)).toEqual([fs.slotId]);
      const audit = await h.ctx.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', fs.slotId)
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['flash_sale.create']);

      const base = {
        campaignId: fs.shop.campaignId,
        skuId: fs.shop.sku.a2,
        startsAt: fs.startsAt.toISOString(),
        endsAt: fs.endsAt.toISOString(),
        flashPrice: 1000,
        stock: 5,
      };
      const refused = async (body: object) =>
        errorOf(await createSlot(h, fs.operatorCookie, { ...base, ...body }));
      expect(await refused({ flashPrice: 30000 })).toMatchObject({
        code: 'BAD_REQUEST',
        details: { field: 'flashPrice' },
      });
      expect(await refused({ flashPrice: 0 })).toMatchObject({ details: { field: 'flashPrice' } });
      expect(await refused({ endsAt: base.startsAt })).toMatchObject({ details: { field: 'endsAt' } });
      expect(await refused({ startsAt: '2026-10-01T00:00:00+08:00' })).toMatchObject({
        details: { field: 'startsAt' },
      });
      expect(await refused({ stock: 51 })).toMatchObject({
        code: 'STOCK_SHORT',
        details: { field: 'stock' },
      });
      const other = await createShop2();
      expect(await refused({ skuId: other })).toMatchObject({ code: 'NOT_NOMINATED' });
      // A full draft round-trips, once: the same key replays the slot without carving twice.
      const full = {
        ...base,
        perCustomerLimit: 2,
        checkoutMinutes: 10,
        waitingRoom: true,
        minAccountAgeHours: 72,
        limits: { slotRatePerSec: 2000, customerRatePerSec: 2, ipRatePerSec: null },
      };
      const made = await createSlot(h, fs.operatorCookie, full, 'full-1');
      expect(made.statusCode).toBe(201);
      expect(made.json().slot).toMatchObject({
        skuId: fs.shop.sku.a2,
        perCustomerLimit: 2,
        checkoutMinutes: 10,
        waitingRoom: true,
        minAccountAgeHours: 72,
        limits: { slotRatePerSec: 2000, customerRatePerSec: 2, ipRatePerSec: null },
        soldOutAt: null,
      });
      const replayed = await createSlot(h, fs.operatorCookie, full, 'full-1');
      expect(replayed.body).toBe(made.body);
      expect((await sku(fs.shop.sku.a2)).stock).toBe(95);
      const noKey = await h.app.inject({
        method: 'POST',
        url: '/api/flash-sales',
        headers: { cookie: fs.operatorCookie },
        payload: base,
      });
      expect(errorOf(noKey).details?.field).toBe('Idempotency-Key');
      const [consumer] = await consumerSessions(h.ctx.db, 1, h.clock.now());
      expect((await createSlot(h, consumer!.cookie, base)).statusCode).toBe(403);

      // The console sees every slot of the campaign; a merchant only those of their stores.
      const listOf = async (url: string, cookie: string) =>
        (await h.app.inject({ method: 'GET', url, headers: { cookie } }))
          .json()
          .slots.map((s: { id: string }) => s.id);
      const consoleIds = await listOf(
        `/api/console/flash-sales?campaignId=${fs.shop.campaignId}`,
        fs.operatorCookie,
      );
      expect(consoleIds.sort()).toEqual([fs.slotId, made.json().slot.id].sort());
      const [merchantA, merchantB] = await sessionsFor(
        h.ctx.db,
        [fs.shop.merchantA.userId, fs.shop.merchantB.userId],
        h.clock.now(),
      );
      expect(await listOf('/api/merchant/flash-sales', merchantA!.cookie)).toContain(fs.slotId);
      expect(await listOf('/api/merchant/flash-sales', merchantB!.cookie)).not.toContain(fs.slotId);
      const asConsumer = await h.app.inject({
        method: 'GET',
        url: '/api/merchant/flash-sales',
        headers: { cookie: consumer!.cookie },
      });
      expect(asConsumer.statusCode).toBe(403);
    });

    /** A SKU of another shop: not nominated in the first one's campaign. */
    async function createShop2(): Promise<string> {
      const { createShop } = await import('../../../test/support/checkout-fixtures');
      const other = await createShop(h.services, h.ctx.db, { now: h.clock.now() });
      return other.sku.a1;
    }

    it('answers every refusal over HTTP, and a retry with the same key gets the same bytes', async () => {
      const fs = await flashShop(h, { stock: 2, perCustomerLimit: 1 });
      const [a, b, c] = await consumerSessions(h.ctx.db, 3, h.clock.now());
      h.clock.set(new Date(fs.startsAt.getTime() - 60_000));
      const early = await reserve(h, a!.cookie, fs.slotId, 'early');
      expect(early.statusCode).toBe(409);
      expect(errorOf(early)).toMatchObject({
        code: 'NOT_STARTED',
        details: { startsAt: fs.startsAt.toISOString() },
      });
      expect(errorOf(await reserve(h, a!.cookie, fs.slotId, null)).details?.field).toBe('Idempotency-Key');

      h.clock.set(fs.startsAt);
      const first = await reserve(h, a!.cookie, fs.slotId, 'a-1');
      expect(first.statusCode).toBe(201);
      // The hot path sends its stored text (no serializer): check it against the documented schema.
      expect(droppedFields(first.json(), reservationAnswerSchema.parse(first.json()))).toEqual([]);
      const reservation = first.json().reservation;
      expect(reservation).toMatchObject({
        slotId: fs.slotId,
        quantity: 1,
        status: 'reserved',
        flashPrice: 5000,
        orderId: null,
      });
      const again = await reserve(h, a!.cookie, fs.slotId, 'a-1');
      expect(again.statusCode).toBe(201);
      expect(again.body).toBe(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      // The same key of another customer is another request.
      expect((await reserve(h, b!.cookie, fs.slotId, 'a-1')).statusCode).toBe(201);

      const live = await reserve(h, a!.cookie, fs.slotId, 'a-2');
      expect(errorOf(live)).toMatchObject({ code: 'LIMIT_REACHED', details: { reason: 'live_reservation' } });
      const sold = await reserve(h, c!.cookie, fs.slotId, 'c-1');
      expect(sold.statusCode).toBe(409);
      expect(errorOf(sold).code).toBe('SOLD_OUT');
      const soldAgain = await reserve(h, c!.cookie, fs.slotId, 'c-1');
      expect(soldAgain.body).toBe(sold.body);
      expect((await slotOf(fs.slotId)).status).toBe('sold_out');
      expect(errorOf(await reserve(h, c!.cookie, fs.slotId, 'c-2', { quantity: 0 })).details?.field).toBe(
        'quantity',
      );

      const mine = await h.app.inject({
        method: 'GET',
        url: `/api/flash-sales/reservations?slotId=${fs.slotId}`,
        headers: { cookie: a!.cookie },
      });
      expect(mine.json().reservations).toEqual([reservation]);

      // Pause and resume, audited with the reason; paused answers SLOT_PAUSED.
      const pause = await h.app.inject({
        method: 'POST',
        url: `/api/flash-sales/${fs.slotId}/pause`,
        headers: { cookie: fs.operatorCookie },
        payload: { reason: 'bot storm' },
      });
      expect(pause.json().slot.status).toBe('paused');
      expect(errorOf(await reserve(h, c!.cookie, fs.slotId, 'c-3')).code).toBe('SLOT_PAUSED');
      const noReason = await h.app.inject({
        method: 'POST',
        url: `/api/flash-sales/${fs.slotId}/resume`,
        headers: { cookie: fs.operatorCookie },
        payload: {},
      });
      expect(errorOf(noReason).details?.field).toBe('reason');
      const resume = await h.app.inject({
        method: 'POST',
        url: `/api/flash-sales/${fs.slotId}/resume`,
        headers: { cookie: fs.operatorCookie },
        payload: { reason: 'cleared' },
      });
      expect(resume.json().slot.status).toBe('sold_out');

      h.clock.set(fs.endsAt);
      expect(errorOf(await reserve(h, c!.cookie, fs.slotId, 'c-4')).code).toBe('ENDED');
      expect(errorOf(await reserve(h, c!.cookie, 'fsl_nope', 'c-5')).code).toBe('NOT_FOUND');
    });

    it('cancel and expiry give the unit back once; it sells again; the end returns unsold units to the SKU', async () => {
      const fs = await flashShop(h, { stock: 2, checkoutMinutes: 5 });
      const [a, b, c] = await consumerSessions(h.ctx.db, 3, h.clock.now());
      h.clock.set(fs.startsAt);
      const ra = (await reserve(h, a!.cookie, fs.slotId, 'a')).json().reservation;
      await reserve(h, b!.cookie, fs.slotId, 'b');
      expect((await slotOf(fs.slotId)).remaining).toBe(0);

      const cancel = (cookie: string, key: string) =>
        h.app.inject({
          method: 'POST',
          url: `/api/flash-sales/reservations/${ra.id}/cancel`,
          headers: { cookie, 'idempotency-key': key },
        });
      expect((await cancel(b!.cookie, 'x')).statusCode).toBe(404);
      const cancelled = await cancel(a!.cookie, 'cancel-1');
      expect(cancelled.json().reservation.status).toBe('cancelled');
      expect((await cancel(a!.cookie, 'cancel-1')).body).toBe(cancelled.body);
      expect(errorOf(await cancel(a!.cookie, 'cancel-2')).code).toBe('RESERVATION_NOT_LIVE');
      expect((await slotOf(fs.slotId)).remaining).toBe(1);
      expect(await slotCounters(h.ctx.db, fs.slotId)).toMatchObject({ taken: 1, live: 1 });

      // The freed unit sells again; past the deadline both expire and come back once each.
      expect((await reserve(h, c!.cookie, fs.slotId, 'c')).statusCode).toBe(201);
      h.clock.advance(5 * 60_000 + 1);
      await h.services.flashSales.expireDue();
      expect(await slotCounters(h.ctx.db, fs.slotId)).toMatchObject({ taken: 0, live: 0 });
      expect(await h.services.flashSales.expireDue()).toBe(0);
      await h.services.flashSales.maintain(new Date(h.clock.now().getTime() + 5_000));
      expect((await slotOf(fs.slotId)).remaining).toBe(2);
      expect(await slotCounters(h.ctx.db, fs.slotId)).toMatchObject({ taken: 0, live: 0 });
      expect((await reserve(h, a!.cookie, fs.slotId, 'a-again')).statusCode).toBe(201);

      // The end: closed only once the live reservation expired; unsold units back to the SKU, once.
      const before = (await sku(fs.shop.sku.a1)).stock;
      h.clock.set(new Date(fs.endsAt.getTime() + 1));
      await h.services.flashSales.maintain();
      expect((await slotCounters(h.ctx.db, fs.slotId)).status).toBe('scheduled');
      h.clock.advance(10 * 60_000);
      await h.services.flashSales.expireDue();
      await h.services.flashSales.maintain();
      await h.services.flashSales.maintain();
      expect((await slotCounters(h.ctx.db, fs.slotId)).status).toBe('closed');
      expect((await sku(fs.shop.sku.a1)).stock).toBe(before + 2);
      expect((await slotOf(fs.slotId)).status).toBe('closed');
    });
  },
);
