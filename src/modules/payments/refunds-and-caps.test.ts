import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { topUpThroughSandbox } from '../../../test/support/sandbox-top-up';
import { loadConfig } from '../../config';
import { balanceOf, customerWallet } from '../ledger';
import { expectSoundBooks } from '../ledger/test-helpers';
import { MAX_DEMO_CREDIT_TOTAL, MAX_TOP_UP, MAX_TOP_UP_PER_DAY } from './model';
import { createSandboxGateway } from './sandbox/gateway';

/** Caps, refunds back to the gateway, expiry of unpaid top-ups, the demo credit, the shared secret. */
describe.each(testDatabaseTargets())('top-up caps, refunds and demo credit on $kind', (target) => {
  let h: Harness;
  let n = 0;
  const key = () => `rc-${++n}-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    h = await createHarness(await target.open());
  });
  afterAll(() => h.close());
  afterEach(() => expectSoundBooks(h.ctx.db));

  const payments = () => h.services.payments;
  const walletOf = (userId: string) => balanceOf(h.ctx.db, customerWallet(userId));
  const post = (url: string, cookie: string, payload: unknown, k: string | null = key()) =>
    h.app.inject({
      method: 'POST',
      url,
      headers: { cookie, ...(k ? { 'idempotency-key': k } : {}) },
      payload: payload as Record<string, unknown>,
    });

  it('caps one top-up and a day of top-ups, answering 422 naming amount', async () => {
    const me = await h.signIn('consumer');
    const tooBig = await post('/api/wallet/top-ups', me.cookie, { amount: MAX_TOP_UP + 1 });
    expect(tooBig.statusCode).toBe(422);
    expect(errorOf(tooBig)).toMatchObject({ code: 'TOP_UP_TOO_LARGE', details: { field: 'amount' } });
    for (let i = 0; i < MAX_TOP_UP_PER_DAY / MAX_TOP_UP; i++)
      expect((await post('/api/wallet/top-ups', me.cookie, { amount: MAX_TOP_UP })).statusCode).toBe(201);
    const overDay = await post('/api/wallet/top-ups', me.cookie, { amount: 1 });
    expect(overDay.statusCode).toBe(422);
    expect(errorOf(overDay)).toMatchObject({ code: 'TOP_UP_DAILY_LIMIT', details: { field: 'amount' } });
    // Another customer has a day of their own.
    const other = await h.signIn('consumer');
    expect((await post('/api/wallet/top-ups', other.cookie, { amount: 100 })).statusCode).toBe(201);
  });

  it('needs an Idempotency-Key and a positive integer amount; the same key is the same top-up', async () => {
    const me = await h.signIn('consumer');
    const missing = await post('/api/wallet/top-ups', me.cookie, { amount: 100 }, null);
    expect(missing.statusCode).toBe(400);
    expect(errorOf(missing).details?.field).toBe('Idempotency-Key');
    for (const amount of [0, -5, 1.5, '100'])
      expect(errorOf(await post('/api/wallet/top-ups', me.cookie, { amount })).details?.field).toBe('amount');
    const k = key();
    const first = await post('/api/wallet/top-ups', me.cookie, { amount: 500 }, k);
    const again = await post('/api/wallet/top-ups', me.cookie, { amount: 500 }, k);
    expect(again.statusCode).toBe(201);
    expect(again.json().topUp).toEqual(first.json().topUp);
    const reused = await post('/api/wallet/top-ups', me.cookie, { amount: 501 }, k);
    expect(reused.statusCode).toBe(422);
    expect(errorOf(reused)).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      details: { field: 'Idempotency-Key' },
    });
  });

  it('makes one top-up and one gateway charge of 5 concurrent requests with one key', async () => {
    const me = await h.signIn('consumer');
    const k = key();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => post('/api/wallet/top-ups', me.cookie, { amount: 900 }, k)),
    );
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.json().topUp.id)).size).toBe(1);
    expect(new Set(results.map((r) => r.json().topUp.chargeId)).size).toBe(1);
    const rows = await h.ctx.db
      .selectFrom('top_ups')
      .select('id')
      .where('customer_id', '=', me.userId)
      .execute();
    expect(rows).toHaveLength(1);
    const day = await h.ctx.db
      .selectFrom('top_up_daily')
      .select('amount')
      .where('customer_id', '=', me.userId)
      .executeTakeFirstOrThrow();
    expect(day.amount).toBe(900);
  });

  it('refunds an unspent top-up back to the gateway, once', async () => {
    const me = await h.signIn('consumer');
    const t = await topUpThroughSandbox(payments(), me.userId, 8_000);
    const res = await post(`/api/wallet/top-ups/${t.id}/refund`, me.cookie, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().topUp.status).toBe('refunded');
    expect(await walletOf(me.userId)).toBe(0);
    const charge = await payments().sandbox.charge(t.chargeId!);
    expect(charge?.refunded).toBe(8_000);
    // Again (any key): the same answer, nothing moves twice.
    const again = await post(`/api/wallet/top-ups/${t.id}/refund`, me.cookie, {});
    expect(again.json().topUp.status).toBe('refunded');
    expect((await payments().sandbox.charge(t.chargeId!))?.refunded).toBe(8_000);
    expect(await walletOf(me.userId)).toBe(0);
  });

  it('refuses to refund money already spent (422 INSUFFICIENT_FUNDS), and what is not paid or not yours', async () => {
    const me = await h.signIn('consumer');
    const t = await topUpThroughSandbox(payments(), me.userId, 8_000);
    await h.ctx.db.transaction().execute((trx) =>
      h.services.ledger.wallet.charge(
        {
          amount: 1,
          currency: 'CNY',
          customerId: me.userId,
          reference: 'ord_spent',
          idempotencyKey: key(),
        },
        { trx },
      ),
    );
    const spent = await post(`/api/wallet/top-ups/${t.id}/refund`, me.cookie, {});
    expect(spent.statusCode).toBe(422);
    expect(errorOf(spent).code).toBe('INSUFFICIENT_FUNDS');
    expect(await walletOf(me.userId)).toBe(7_999);
    expect((await payments().topUps.get(me.userId, t.id)).status).toBe('succeeded');
    expect((await payments().sandbox.charge(t.chargeId!))?.refunded).toBe(0);

    const pending = (await post('/api/wallet/top-ups', me.cookie, { amount: 100 })).json().topUp;
    const notPaid = await post(`/api/wallet/top-ups/${pending.id}/refund`, me.cookie, {});
    expect(notPaid.statusCode).toBe(409);
    expect(errorOf(notPaid).code).toBe('TOP_UP_NOT_REFUNDABLE');
    const other = await h.signIn('consumer');
    expect((await post(`/api/wallet/top-ups/${t.id}/refund`, other.cookie, {})).statusCode).toBe(404);
    expect((await post(`/api/wallet/top-ups/${t.id}/refund`, me.cookie, {}, null)).statusCode).toBe(400);
  });

  it('gives the wallet its money back when the gateway refuses the refund (422 REFUND_FAILED)', async () => {
    const me = await h.signIn('consumer');
    const t = await topUpThroughSandbox(payments(), me.userId, 6_000);
    // The charge was refunded at the gateway by other means: it refuses another refund.
    await h.ctx.db
      .updateTable('sandbox_charges')
      .set({ refunded: 6_000 })
      .where('id', '=', t.chargeId!)
      .execute();
    const res = await post(`/api/wallet/top-ups/${t.id}/refund`, me.cookie, {});
    expect(res.statusCode).toBe(422);
    expect(errorOf(res)).toMatchObject({
      code: 'REFUND_FAILED',
      details: { gatewayCode: 'REFUND_EXCEEDS_CHARGE' },
    });
    expect(await walletOf(me.userId)).toBe(6_000);
    expect((await payments().topUps.get(me.userId, t.id)).status).toBe('succeeded');
  });

  it('keeps one sandbox charge per reference and refuses the reference with another amount', async () => {
    const request = {
      amount: 100,
      currency: 'CNY',
      reference: `tpu_ref_${key()}`,
      notifyUrl: '/n',
      returnUrl: '/r',
      description: 'x',
    };
    const first = await payments().sandbox.createCharge(request);
    expect(await payments().sandbox.createCharge(request)).toEqual(first);
    await expect(payments().sandbox.createCharge({ ...request, amount: 101 })).rejects.toMatchObject({
      code: 'GATEWAY_REFERENCE_REUSED',
    });
  });

  it('expires a top-up left unpaid, closes its page, and still credits a payment that lands late', async () => {
    const me = await h.signIn('consumer');
    const unpaid = (await post('/api/wallet/top-ups', me.cookie, { amount: 300 })).json().topUp;
    const late = (await post('/api/wallet/top-ups', me.cookie, { amount: 400 })).json().topUp;
    const page = await h.app.inject({ url: late.redirectUrl });
    const token = /name="token" value="([^"]+)"/.exec(page.body)![1]!;
    expect(await payments().sandbox.complete(late.chargeId, token, 'succeeded')).not.toBeNull();
    h.clock.advance(36 * 60_000);
    expect(await payments().topUps.expireStale()).toBeGreaterThanOrEqual(2);
    expect((await payments().topUps.get(me.userId, unpaid.id)).status).toBe('expired');
    expect((await h.app.inject({ url: unpaid.redirectUrl })).statusCode).toBe(409);
    // The notification of the charge paid in time arrives after the expiry: the money lands.
    await payments().sandbox.deliverDue(
      async ({ headers, body }) => {
        await payments().topUps.notify('sandbox', { headers, rawBody: body });
        return { status: 200 };
      },
      5,
      late.chargeId,
    );
    expect((await payments().topUps.get(me.userId, late.id)).status).toBe('succeeded');
    expect(await walletOf(me.userId)).toBe(400);
  });

  it('has no demo credit unless the demo seed and CARNIVAL_DEMO_CREDIT are both on', async () => {
    const me = await h.signIn('consumer');
    expect((await post('/api/wallet/demo-credit', me.cookie, { amount: 100 })).statusCode).toBe(404);
    expect(loadConfig({}, { CARNIVAL_DEMO_CREDIT: 'true' }).demoCredit).toBe(true);
    expect(loadConfig({}, {}).demoCredit).toBe(false);
    expect(await walletOf(me.userId)).toBe(0);
  });

  it('generates the sandbox secret once and shares it through the database; a configured one wins', async () => {
    const a = createSandboxGateway({
      db: h.ctx.db,
      clock: h.clock,
      baseUrl: () => '',
      deliveryBaseUrl: () => '',
    });
    const b = createSandboxGateway({
      db: h.ctx.db,
      clock: h.clock,
      baseUrl: () => '',
      deliveryBaseUrl: () => '',
    });
    const secret = await a.secret();
    expect(secret).toMatch(/^[\w-]{43}$/);
    expect(await b.secret()).toBe(secret);
    expect(await payments().sandbox.secret()).toBe(secret);
    const configured = createSandboxGateway({
      db: h.ctx.db,
      clock: h.clock,
      configuredSecret: 'configured-secret-0123456789',
      baseUrl: () => '',
      deliveryBaseUrl: () => '',
    });
    expect(await configured.secret()).toBe('configured-secret-0123456789');
  });
});

describe.each(testDatabaseTargets())('demo credit when enabled on $kind', (target) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(await target.open(), undefined, { seedDemo: true, demoCredit: true });
  });
  afterAll(() => h.close());
  afterEach(() => expectSoundBooks(h.ctx.db));

  const credit = (cookie: string, amount: number, k: string) =>
    h.app.inject({
      method: 'POST',
      url: '/api/wallet/demo-credit',
      headers: { cookie, 'idempotency-key': k },
      payload: { amount },
    });

  it('credits up to the cap in all, once per key, audited', async () => {
    const me = await h.signIn('consumer');
    const first = await credit(me.cookie, 150_000, 'd1');
    expect(first.statusCode).toBe(201);
    expect(first.json().demoCredit).toMatchObject({ amount: 150_000, total: 150_000, replayed: false });
    const again = await credit(me.cookie, 150_000, 'd1');
    expect(again.statusCode).toBe(200);
    expect(again.json().demoCredit).toMatchObject({ txnId: first.json().demoCredit.txnId, replayed: true });
    const over = await credit(me.cookie, MAX_DEMO_CREDIT_TOTAL - 150_000 + 1, 'd2');
    expect(over.statusCode).toBe(422);
    expect(errorOf(over)).toMatchObject({ code: 'DEMO_CREDIT_LIMIT', details: { field: 'amount' } });
    expect((await credit(me.cookie, MAX_DEMO_CREDIT_TOTAL - 150_000, 'd3')).statusCode).toBe(201);
    expect(await balanceOf(h.ctx.db, customerWallet(me.userId))).toBe(MAX_DEMO_CREDIT_TOTAL);
    const audit = await h.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'wallet.demo_credit')
      .where('actor_id', '=', me.userId)
      .execute();
    expect(audit).toHaveLength(2);
    const reused = await credit(me.cookie, 1, 'd1');
    expect(errorOf(reused)).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      details: { field: 'Idempotency-Key' },
    });
    const merchant = await h.signIn('merchant');
    expect((await credit(merchant.cookie, 100, 'm1')).statusCode).toBe(403);
  });
});
