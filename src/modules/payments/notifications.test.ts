import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { injectDelivery, topUpOverHttp } from '../../../test/support/sandbox-top-up';
import { balanceOf, customerWallet, platformClearing } from '../ledger';
import { expectSoundBooks } from '../ledger/test-helpers';
import { signedHeaders } from './sandbox/signature';

/**
 * Money enters a wallet only from the sandbox gateway's signed notification, for the charge's
 * amount and currency, once. Over HTTP through the whole app (app.inject), on every database.
 */
describe.each(testDatabaseTargets())('top-ups and gateway notifications on $kind', (target) => {
  let h: Harness;
  let n = 0;
  const key = () => `tu-${++n}-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    h = await createHarness(await target.open());
  });
  afterAll(() => h.close());
  afterEach(() => expectSoundBooks(h.ctx.db));

  const payments = () => h.services.payments;
  const walletOf = (userId: string) => balanceOf(h.ctx.db, customerWallet(userId));
  const startTopUp = (cookie: string, amount: number, k = key()) =>
    h.app.inject({
      method: 'POST',
      url: '/api/wallet/top-ups',
      headers: { cookie, 'idempotency-key': k },
      payload: { amount },
    });
  /** Pays the top-up's charge on the hosted page without delivering the notification. */
  async function payOnPage(redirectUrl: string, action: 'pay' | 'cancel' = 'pay') {
    const page = await h.app.inject({ url: redirectUrl });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const token = /name="token" value="([^"]+)"/.exec(page.body)![1]!;
    return h.app.inject({
      method: 'POST',
      url: redirectUrl,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ token, action }).toString(),
    });
  }
  /** A notification as the gateway would send it, signed with the shared secret at `at`. */
  async function notify(body: Record<string, unknown>, options: { at?: Date; secret?: string } = {}) {
    const raw = JSON.stringify(body);
    const secret = options.secret ?? (await payments().sandbox.secret());
    return h.app.inject({
      method: 'POST',
      url: '/api/payments/notify/sandbox',
      headers: signedHeaders(secret, options.at ?? h.clock.now(), raw),
      payload: raw,
    });
  }
  async function pendingTopUp(cookie: string, amount: number) {
    const res = await startTopUp(cookie, amount);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().topUp as { id: string; chargeId: string; redirectUrl: string; amount: number };
  }
  const goodBody = (t: { id: string; chargeId: string; amount: number }) => ({
    id: `ntf_forged_${++n}`,
    type: 'charge.succeeded',
    chargeId: t.chargeId,
    reference: t.id,
    amount: t.amount,
    currency: 'CNY',
  });

  it('a new consumer cannot put money in the wallet without the gateway notification', async () => {
    const me = await h.signIn('consumer');
    const res = await startTopUp(me.cookie, 10_000);
    expect(res.statusCode).toBe(201);
    const { topUp } = res.json();
    expect(topUp).toMatchObject({ status: 'pending', amount: 10_000, currency: 'CNY', gateway: 'sandbox' });
    expect(topUp.redirectUrl).toBe(`/sandbox-gateway/checkout/${topUp.chargeId}`);
    const wallet = await h.app.inject({ url: '/api/wallet', headers: { cookie: me.cookie } });
    expect(wallet.json().wallet.balance).toBe(0);
    // Paid on the page, but not yet notified: still nothing.
    const paid = await payOnPage(topUp.redirectUrl);
    expect(paid.statusCode).toBe(303);
    expect(paid.headers.location).toBe(`/wallet?topUp=${topUp.id}`);
    expect(await walletOf(me.userId)).toBe(0);
    const status = await h.app.inject({
      url: `/api/wallet/top-ups/${topUp.id}`,
      headers: { cookie: me.cookie },
    });
    expect(status.json().topUp.status).toBe('pending');
    // The gateway's notification arrives: credited.
    expect(await payments().sandbox.deliverDue(injectDelivery(h.app), 5, topUp.chargeId)).toBe(1);
    expect(await walletOf(me.userId)).toBe(10_000);
    const after = await h.app.inject({
      url: `/api/wallet/top-ups/${topUp.id}`,
      headers: { cookie: me.cookie },
    });
    expect(after.json().topUp.status).toBe('succeeded');
    const statement = await h.app.inject({ url: '/api/wallet', headers: { cookie: me.cookie } });
    expect(statement.json().statement.items[0]).toMatchObject({
      kind: 'wallet.topup',
      reference: topUp.id,
      change: 10_000,
    });
  });

  it('shows a top-up to its owner only, and keeps top-ups to consumers', async () => {
    const me = await h.signIn('consumer');
    const other = await h.signIn('consumer');
    const merchant = await h.signIn('merchant');
    const t = await pendingTopUp(me.cookie, 100);
    const theirs = await h.app.inject({
      url: `/api/wallet/top-ups/${t.id}`,
      headers: { cookie: other.cookie },
    });
    expect(theirs.statusCode).toBe(404);
    expect((await h.app.inject({ url: `/api/wallet/top-ups/${t.id}` })).statusCode).toBe(401);
    expect((await startTopUp(merchant.cookie, 100)).statusCode).toBe(403);
  });

  it('refuses a forged notification with a bad signature: 401, nothing credited', async () => {
    const me = await h.signIn('consumer');
    const t = await pendingTopUp(me.cookie, 5_000);
    await payOnPage(t.redirectUrl);
    const forged = await notify(goodBody(t), { secret: 'not-the-shared-secret-at-all' });
    expect(forged.statusCode).toBe(401);
    expect(errorOf(forged).code).toBe('BAD_SIGNATURE');
    // Right signature over another body: tampering after signing.
    const raw = JSON.stringify(goodBody(t));
    const headers = signedHeaders(await payments().sandbox.secret(), h.clock.now(), raw);
    const tampered = await h.app.inject({
      method: 'POST',
      url: '/api/payments/notify/sandbox',
      headers,
      payload: raw.replace('"amount":5000', '"amount":500000'),
    });
    expect(tampered.statusCode).toBe(401);
    const unsigned = await h.app.inject({
      method: 'POST',
      url: '/api/payments/notify/sandbox',
      headers: { 'content-type': 'application/json' },
      payload: raw,
    });
    expect(unsigned.statusCode).toBe(401);
    expect(await walletOf(me.userId)).toBe(0);
  });

  it('refuses a stale notification (signed more than 5 minutes ago): 401, nothing credited', async () => {
    const me = await h.signIn('consumer');
    const t = await pendingTopUp(me.cookie, 5_000);
    const stale = await notify(goodBody(t), { at: new Date(h.clock.now().getTime() - 6 * 60_000) });
    expect(stale.statusCode).toBe(401);
    expect(errorOf(stale).code).toBe('STALE_NOTIFICATION');
    expect(await walletOf(me.userId)).toBe(0);
  });

  it('answers 404 for an unknown charge and an unknown gateway, 400 for a malformed body', async () => {
    const res = await notify({ ...goodBody({ id: 'tpu_x', chargeId: 'chg_nope', amount: 100 }) });
    expect(res.statusCode).toBe(404);
    const other = await h.app.inject({
      method: 'POST',
      url: '/api/payments/notify/alipay',
      headers: { 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(other.statusCode).toBe(404);
    const malformed = await notify({ id: 'x', type: 'charge.succeeded', amount: -1 });
    expect(malformed.statusCode).toBe(400);
    expect(errorOf(malformed).details?.field).toBeTruthy();
  });

  it('refuses a signed notification with the wrong amount or currency: 422, nothing credited, audited', async () => {
    const me = await h.signIn('consumer');
    const t = await pendingTopUp(me.cookie, 5_000);
    const wrongAmount = await notify({ ...goodBody(t), amount: 500_000 });
    expect(wrongAmount.statusCode).toBe(422);
    expect(errorOf(wrongAmount)).toMatchObject({
      code: 'NOTIFICATION_MISMATCH',
      details: { field: 'amount' },
    });
    const wrongCurrency = await notify({ ...goodBody(t), currency: 'USD' });
    expect(errorOf(wrongCurrency).details?.field).toBe('currency');
    expect(await walletOf(me.userId)).toBe(0);
    const audit = await h.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', t.id)
      .where('action', '=', 'payments.notification_mismatch')
      .execute();
    expect(audit).toHaveLength(2);
    // The top-up is still pending: the genuine notification still credits it.
    expect((await notify(goodBody(t))).statusCode).toBe(200);
    expect(await walletOf(me.userId)).toBe(5_000);
  });

  it('credits once for a replayed notification, and once when it is delivered 5 times at once', async () => {
    const me = await h.signIn('consumer');
    const t = await pendingTopUp(me.cookie, 7_000);
    const clearing = await balanceOf(h.ctx.db, platformClearing());
    const body = goodBody(t);
    const results = await Promise.all(Array.from({ length: 5 }, () => notify(body)));
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(results.filter((r) => r.json().credited)).toHaveLength(1);
    const replay = await notify(body);
    expect(replay.json()).toMatchObject({ received: true, status: 'succeeded', credited: false });
    expect(await walletOf(me.userId)).toBe(7_000);
    // The gateway owes us the money until it settles: clearing (an asset) is up by the top-up.
    expect((await balanceOf(h.ctx.db, platformClearing())) - clearing).toBe(7_000);
    const txns = await h.ctx.db
      .selectFrom('ledger_transactions')
      .select('id')
      .where('reference', '=', t.id)
      .execute();
    expect(txns).toHaveLength(1);
  });

  it('marks a cancelled charge failed and gives its amount back to the day', async () => {
    const me = await h.signIn('consumer');
    const t = await pendingTopUp(me.cookie, 5_000_000);
    const cancelled = await payOnPage(t.redirectUrl, 'cancel');
    expect(cancelled.statusCode).toBe(303);
    await payments().sandbox.deliverDue(injectDelivery(h.app), 5, t.chargeId);
    const status = await h.app.inject({ url: `/api/wallet/top-ups/${t.id}`, headers: { cookie: me.cookie } });
    expect(status.json().topUp).toMatchObject({ status: 'failed', failureCode: 'CANCELLED' });
    // A succeeded notification for the cancelled charge (forged with the secret) credits nothing.
    expect((await notify(goodBody(t))).json().credited).toBe(false);
    expect(await walletOf(me.userId)).toBe(0);
    const day = await h.ctx.db
      .selectFrom('top_up_daily')
      .select('amount')
      .where('customer_id', '=', me.userId)
      .executeTakeFirstOrThrow();
    expect(day.amount).toBe(0);
    // The hosted page of a closed charge cannot be paid.
    expect((await h.app.inject({ url: t.redirectUrl })).statusCode).toBe(409);
  });

  it('keeps the hosted form to its one-time token', async () => {
    const me = await h.signIn('consumer');
    const t = await pendingTopUp(me.cookie, 1_000);
    const post = (token: string) =>
      h.app.inject({
        method: 'POST',
        url: t.redirectUrl,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ token, action: 'pay' }).toString(),
      });
    expect((await post('guessed-token')).statusCode).toBe(409);
    const page = await h.app.inject({ url: t.redirectUrl });
    const token = /name="token" value="([^"]+)"/.exec(page.body)![1]!;
    expect((await post(token)).statusCode).toBe(303);
    expect((await post(token)).statusCode).toBe(409); // used once
    expect((await h.app.inject({ url: '/sandbox-gateway/checkout/chg_nope' })).statusCode).toBe(404);
  });

  it('retries a notification that was not acknowledged, with backoff, until a 2xx', async () => {
    const me = await h.signIn('consumer');
    const t = await pendingTopUp(me.cookie, 2_000);
    await payOnPage(t.redirectUrl);
    let calls = 0;
    const flaky = injectDelivery(h.app);
    const down = async () => {
      calls++;
      return { status: 503 };
    };
    expect(await payments().sandbox.deliverDue(down, 5, t.chargeId)).toBe(0);
    expect(calls).toBe(1);
    // Not due again until the backoff has passed.
    expect(await payments().sandbox.deliverDue(down, 5, t.chargeId)).toBe(0);
    expect(calls).toBe(1);
    h.clock.advance(1_100);
    expect(await payments().sandbox.deliverDue(flaky, 5, t.chargeId)).toBe(1);
    expect(await walletOf(me.userId)).toBe(2_000);
    // Acknowledged: never sent again.
    h.clock.advance(60 * 60_000);
    expect(await payments().sandbox.deliverDue(down, 5, t.chargeId)).toBe(0);
    expect(calls).toBe(1);
  });

  it('tops up the whole way over HTTP with the flow helper', async () => {
    const me = await h.signIn('consumer');
    expect((await topUpOverHttp(h.app, payments(), me.cookie, 3_300)).status).toBe('succeeded');
    expect(await walletOf(me.userId)).toBe(3_300);
  });
});
