import { createHash, randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../../test/support/harness';
import { newId } from '../../../platform/ids';
import { consumerSessions, createSlot, type FlashShop, flashShop } from '../test-fixtures';

/** Admission control, the waiting room and the stats over HTTP (PGlite, in-process KV). */
describe('flash-sale admission over HTTP', () => {
  let h: Harness;
  let fs: FlashShop;
  beforeAll(async () => {
    h = await createHarness(await testDatabaseTargets()[0]!.open(), undefined, {
      // Rates come from the slots below; the waiting room lets in 2 a second.
      flashSales: {
        maxInFlight: 1000,
        defaultSlotRatePerSec: 0,
        defaultCustomerRatePerSec: 0,
        defaultIpRatePerSec: 0,
        waitingRoomAdmitPerSec: 2,
      },
    });
    fs = await flashShop(h, { stock: 5 });
  });
  afterAll(() => h?.close());

  const key = () => `k-${randomBytes(6).toString('hex')}`;
  const reserve = (cookie: string, slotId: string, token?: string) =>
    h.app.inject({
      method: 'POST',
      url: `/api/flash-sales/${slotId}/reservations`,
      headers: { cookie, 'idempotency-key': key(), ...(token ? { 'x-admission-token': token } : {}) },
      payload: {},
    });
  const queue = (method: 'GET' | 'POST', cookie: string, slotId: string) =>
    h.app.inject({ method, url: `/api/flash-sales/${slotId}/queue`, headers: { cookie } });
  const stats = (slotId: string, cookie?: string) =>
    h.app.inject({ url: `/api/flash-sales/${slotId}/stats`, headers: cookie ? { cookie } : {} });
  const customers = (n: number) => consumerSessions(h.ctx.db, n, h.clock.now());
  /** The account was made `hours` before the sale starts (consumerSessions stamps the wall clock). */
  const ageAccount = (userId: string, hours: number) =>
    h.ctx.db
      .updateTable('users')
      .set({ created_at: new Date(fs.startsAt.getTime() - hours * 3600_000) })
      .where('id', '=', userId)
      .execute();
  async function sessionOf(userId: string): Promise<string> {
    const token = randomBytes(24).toString('base64url');
    const now = h.clock.now();
    await h.ctx.db
      .insertInto('sessions')
      .values({
        id: newId('ses'),
        token_hash: createHash('sha256').update(token).digest('hex'),
        user_id: userId,
        created_at: now,
        expires_at: new Date(now.getTime() + 30 * 86_400_000),
        last_seen_at: now,
        reauthenticated_at: now,
      })
      .execute();
    return `carnival_session=${token}`;
  }
  async function newSlot(extra: Record<string, unknown>): Promise<string> {
    h.clock.set('2026-11-01T00:00:00Z');
    const res = await createSlot(h, fs.operatorCookie, {
      campaignId: fs.shop.campaignId,
      skuId: fs.shop.sku.a1,
      startsAt: fs.startsAt.toISOString(),
      endsAt: fs.endsAt.toISOString(),
      flashPrice: 5000,
      stock: 10,
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().slot.id;
  }
  const codeOf = (res: LightMyRequestResponse) => (res.statusCode < 300 ? res.statusCode : errorOf(res).code);

  it('refuses over a customer’s or an IP’s rate with 429 BUSY and Retry-After, and counts why', async () => {
    const slotId = await newSlot({ limits: { customerRatePerSec: 1, ipRatePerSec: 2 } });
    const [a, b, c] = await customers(3);
    h.clock.set(fs.startsAt);
    expect((await reserve(a!.cookie, slotId)).statusCode).toBe(201);
    const again = await reserve(a!.cookie, slotId);
    expect(again.statusCode).toBe(429);
    expect(again.headers['retry-after']).toBe('1');
    expect(errorOf(again)).toMatchObject({ code: 'BUSY', details: { reason: 'customer_rate' } });
    expect((errorOf(again).details as { retryAfterMs: number }).retryAfterMs).toBeGreaterThanOrEqual(1);
    expect((await reserve(b!.cookie, slotId)).statusCode).toBe(201);
    // Every inject comes from 127.0.0.1: the third customer is the IP's third request this second.
    expect(errorOf(await reserve(c!.cookie, slotId))).toMatchObject({
      code: 'BUSY',
      details: { reason: 'ip_rate' },
    });
    h.clock.advance(1_000);
    expect(codeOf(await reserve(c!.cookie, slotId))).toBe(201);

    await h.services.flashAdmission.stats.flush();
    const res = await stats(slotId, fs.operatorCookie);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      reserved: 3,
      ordered: 0,
      remaining: 7,
      refused: { BUSY: 2 },
      refusedBy: { customer_rate: 1, ip_rate: 1 },
      allTime: { answers: 5 },
      soldOutAt: null,
      timeToSellOutMs: null,
    });
    expect(res.json().p99Ms).toBeGreaterThan(0);
  });

  it('refuses accounts younger than the slot asks with 403 ACCOUNT_TOO_NEW', async () => {
    const slotId = await newSlot({ minAccountAgeHours: 48 });
    const [young, old] = await customers(2);
    await ageAccount(young!.userId, 47);
    await ageAccount(old!.userId, 49);
    h.clock.set(fs.startsAt);
    const refused = await reserve(young!.cookie, slotId);
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused)).toMatchObject({ code: 'ACCOUNT_TOO_NEW', details: { minAccountAgeHours: 48 } });
    expect((await reserve(old!.cookie, slotId)).statusCode).toBe(201);
    await h.services.flashAdmission.stats.flush();
    expect((await stats(slotId, fs.operatorCookie)).json()).toMatchObject({
      refused: { ACCOUNT_TOO_NEW: 1 },
      refusedBy: { account_too_new: 1 },
    });
  });

  it('waiting room: early arrivals shuffled, late ones after in order, a token per customer that expires', async () => {
    const slotId = await newSlot({ waitingRoom: true });
    const crowd = await customers(12);
    h.clock.set(new Date(fs.startsAt.getTime() - 60_000));
    const early = crowd.slice(0, 10);
    const joined = [];
    for (const c of early) {
      h.clock.advance(1_000);
      const res = await queue('POST', c.cookie, slotId);
      expect(res.statusCode).toBe(200);
      joined.push(res.json());
    }
    expect(joined.every((s) => !s.admitted && s.estimatedWaitSec >= 50 && !s.token)).toBe(true);
    const positionOf = async (c: { cookie: string }) =>
      (await queue('GET', c.cookie, slotId)).json().position;
    const positions = await Promise.all(early.map(positionOf));
    expect([...positions].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(positions).not.toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Nobody reserves without a token, before or after the start.
    expect(errorOf(await reserve(early[0]!.cookie, slotId))).toMatchObject({
      code: 'ADMISSION_REQUIRED',
      details: { reason: 'missing' },
    });

    h.clock.set(new Date(fs.startsAt.getTime() + 10));
    const [late1, late2] = crowd.slice(10);
    await queue('POST', late2!.cookie, slotId);
    h.clock.advance(5);
    await queue('POST', late1!.cookie, slotId);
    expect(await positionOf(late2!)).toBe(11);
    expect(await positionOf(late1!)).toBe(12);

    const byPlace = early.map((c, i) => ({ c, place: positions[i]! })).sort((x, y) => x.place - y.place);
    const first = (await queue('GET', byPlace[0]!.c.cookie, slotId)).json();
    expect(first).toMatchObject({ position: 1, admitted: true, estimatedWaitSec: 0 });
    // 2 a second: the 5th in line waits two seconds.
    expect((await queue('GET', byPlace[4]!.c.cookie, slotId)).json()).toMatchObject({
      admitted: false,
      estimatedWaitSec: 2,
    });
    // Another customer cannot use the first one's token.
    expect(errorOf(await reserve(byPlace[4]!.c.cookie, slotId, first.token))).toMatchObject({
      code: 'ADMISSION_REQUIRED',
      details: { reason: 'invalid' },
    });
    expect((await reserve(byPlace[0]!.c.cookie, slotId, first.token)).statusCode).toBe(201);

    h.clock.advance(600);
    const second = (await queue('GET', byPlace[1]!.c.cookie, slotId)).json();
    expect(second.admitted).toBe(true);
    h.clock.advance(120_001);
    expect(errorOf(await reserve(byPlace[1]!.c.cookie, slotId, second.token))).toMatchObject({
      code: 'ADMISSION_REQUIRED',
      details: { reason: 'expired' },
    });
    const renewed = (await queue('GET', byPlace[1]!.c.cookie, slotId)).json();
    expect((await reserve(byPlace[1]!.c.cookie, slotId, renewed.token)).statusCode).toBe(201);
  });

  it('queue refusals: no waiting room, not joined, over, and only consumers', async () => {
    const [c] = await customers(1);
    h.clock.set(fs.startsAt);
    expect(errorOf(await queue('POST', c!.cookie, fs.slotId))).toMatchObject({ code: 'NO_WAITING_ROOM' });
    const slotId = await newSlot({ waitingRoom: true });
    expect(errorOf(await queue('GET', c!.cookie, slotId))).toMatchObject({ code: 'NOT_IN_QUEUE' });
    expect((await queue('POST', fs.operatorCookie, slotId)).statusCode).toBe(403);
    expect((await h.app.inject({ method: 'GET', url: `/api/flash-sales/${slotId}/queue` })).statusCode).toBe(
      401,
    );
    expect(errorOf(await queue('GET', c!.cookie, 'fsl_nope'))).toMatchObject({ code: 'NOT_FOUND' });
    h.clock.set(fs.endsAt);
    expect(errorOf(await queue('POST', c!.cookie, slotId))).toMatchObject({ code: 'ENDED' });
  });

  it('stats: operators and the slot’s own merchant only', async () => {
    const [c] = await customers(1);
    expect((await stats(fs.slotId)).statusCode).toBe(401);
    expect((await stats(fs.slotId, c!.cookie)).statusCode).toBe(403);
    expect((await stats(fs.slotId, await sessionOf(fs.shop.merchantB.userId))).statusCode).toBe(404);
    const own = await stats(fs.slotId, await sessionOf(fs.shop.merchantA.userId));
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ remaining: 5, refused: {}, requestsPerSec: 0 });
    expect((await stats('fsl_nope', fs.operatorCookie)).statusCode).toBe(404);
  });
});

describe('the in-flight cap over HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(await testDatabaseTargets()[0]!.open(), undefined, {
      flashSales: { maxInFlight: 1, defaultCustomerRatePerSec: 0 },
    });
  });
  afterAll(() => h?.close());

  it('a crowd over the cap is answered 429 BUSY at once, never queued, never a 5xx', async () => {
    const fs = await flashShop(h, { stock: 5 });
    const crowd = await consumerSessions(h.ctx.db, 30, h.clock.now());
    h.clock.set(fs.startsAt);
    const answers = await Promise.all(
      crowd.map((c, i) =>
        h.app.inject({
          method: 'POST',
          url: `/api/flash-sales/${fs.slotId}/reservations`,
          headers: { cookie: c.cookie, 'idempotency-key': `rush-${i}` },
          payload: {},
        }),
      ),
    );
    const busy = answers.filter((r) => r.statusCode === 429);
    expect(busy.length).toBeGreaterThan(0);
    for (const r of busy)
      expect(errorOf(r)).toMatchObject({ code: 'BUSY', details: { reason: 'in_flight' } });
    expect(answers.every((r) => [201, 409, 429].includes(r.statusCode))).toBe(true);
    expect(answers.filter((r) => r.statusCode === 201).length).toBeLessThanOrEqual(5);
    await h.services.flashAdmission.stats.flush();
    const operator = await h.signIn('operator');
    const stats = (
      await h.app.inject({ url: `/api/flash-sales/${fs.slotId}/stats`, headers: { cookie: operator.cookie } })
    ).json();
    expect(stats.refused.BUSY).toBe(busy.length);
    expect(stats.refusedBy.in_flight).toBe(busy.length);
  });
});
