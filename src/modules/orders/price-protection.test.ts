import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { publishedCampaign } from '../enrollment/test-fixtures';
import { balanceOf, customerWallet, merchantPayable, transactionsFor } from '../ledger';
import {
  buildWorld,
  createPaidOrder,
  expectSoundBooks,
  http,
  type PaidOrderInput,
  relogin,
  type SignedIn,
  type World,
} from './test-fixtures';

/**
 * 价保 over HTTP: the merchant lowers an approved campaign price (recorded), the customer claims
 * the difference once into the wallet, later refunds give back only what is still paid, and
 * every refusal. The window test moves the clock last.
 */
describe.each(testDatabaseTargets())('price protection on $kind', (target) => {
  let h: Harness;
  let call: ReturnType<typeof http>;
  let w: World;
  let consumer: SignedIn;
  let other: SignedIn;
  let keyN = 0;
  const key = () => `pp-${++keyN}`;

  beforeAll(async () => {
    h = await createHarness(await target.open());
    call = http(h);
    w = await buildWorld(h, 'price-protection', [
      {
        coat: { listPrice: 12000, campaignPrice: 10000 },
        scarf: { listPrice: 6000, campaignPrice: 5000 },
        hat: { listPrice: 3000, campaignPrice: 2500 },
        belt: { listPrice: 2000, campaignPrice: 1500 },
      },
      { shoe: { listPrice: 30000, campaignPrice: 25000 } },
    ]);
    consumer = await h.signIn('consumer');
    other = await h.signIn('consumer');
  });
  afterAll(() => h.close());
  afterEach(() => expectSoundBooks(h.ctx.db));

  const order = (input: Omit<PaidOrderInput, 'customerId' | 'campaignId'>) =>
    createPaidOrder(h.ctx, { customerId: consumer.userId, campaignId: w.campaignId, ...input });
  const wallet = () => balanceOf(h.ctx.db, customerWallet(consumer.userId));
  const merchant = () => w.merchants[0]!;
  const lower = (nominationId: string, campaignPrice: number, who: SignedIn | null = merchant()) =>
    call('POST', `/api/nominations/${nominationId}/price-drops`, who, {
      campaignPrice,
      reason: '双11 第二波降价',
    });
  const claim = (orderId: string, lineId: string, k: string = key(), who: SignedIn | null = consumer) =>
    call('POST', `/api/orders/${orderId}/lines/${lineId}/price-protection`, who, undefined, k);
  const refund = async (orderId: string, lineId: string, quantity: number) => {
    const r = await call(
      'POST',
      `/api/orders/${orderId}/refunds`,
      consumer,
      { lineId, quantity, reason: 'x' },
      key(),
    );
    return (await call('POST', `/api/refunds/${r.json().refund.id}/approve`, merchant(), {}, key())).json()
      .refund;
  };

  it('a merchant lowers an approved campaign price; the change is recorded and only ever downwards', async () => {
    const nom = w.skus.hat!.nominationId;
    const up = await lower(nom, 2600);
    expect(up.statusCode).toBe(422);
    expect(errorOf(up)).toMatchObject({ code: 'PRICE_NOT_LOWER', details: { field: 'campaignPrice' } });
    expect((await lower(nom, 2500)).statusCode).toBe(422);
    const res = await lower(nom, 2300);
    expect(res.statusCode).toBe(201);
    expect(res.json().nomination.campaignPrice).toBe(2300);
    expect(res.json().change).toMatchObject({ fromPrice: 2500, toPrice: 2300, reason: '双11 第二波降价' });
    await lower(nom, 2200);
    const history = await call('GET', `/api/nominations/${nom}/price-changes`, w.operator);
    expect(
      history.json().items.map((c: { fromPrice: number; toPrice: number }) => [c.fromPrice, c.toPrice]),
    ).toEqual([
      [2500, 2300],
      [2300, 2200],
    ]);
    // The venue sells at the new price.
    const venue = (await call('GET', `/api/campaigns/${w.campaignId}/venue`, null)).json();
    expect(venue.items.find((i: { sku: string }) => i.sku === w.skus.hat!.id).campaignPrice).toBe(2200);
    // Refusals: another store's merchant 404 (as if unknown, no store id), a consumer 403, a
    // stranger 401, no reason 400, unknown 404.
    const foreign = await lower(nom, 2000, w.merchants[1]!);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).not.toContain(w.storeIds[0]!);
    expect((await lower(nom, 2000, consumer)).statusCode).toBe(403);
    expect((await lower(nom, 2000, null)).statusCode).toBe(401);
    const noReason = await call('POST', `/api/nominations/${nom}/price-drops`, merchant(), {
      campaignPrice: 1,
    });
    expect(errorOf(noReason).details?.field).toBe('reason');
    expect((await lower('nom_missing', 1)).statusCode).toBe(404);
    expect((await call('GET', `/api/nominations/${nom}/price-changes`, w.merchants[1]!)).statusCode).toBe(
      404,
    );
  });

  it('claims the drop × units once into the wallet, funded by the merchant; later refunds give back only what is still paid', async () => {
    const o = await order({ lines: [{ sku: w.skus.coat!, quantity: 2 }] });
    const store = w.storeIds[0]!;
    const payable0 = await balanceOf(h.ctx.db, merchantPayable(store));
    const before = await wallet();
    // No drop yet: 422.
    const early = await claim(o.orderId, o.lineIds[0]!);
    expect(early.statusCode).toBe(422);
    expect(errorOf(early)).toMatchObject({
      code: 'NO_PRICE_DROP',
      details: { paidUnitPrice: 10000, currentUnitPrice: 10000 },
    });

    await lower(w.skus.coat!.nominationId, 9000);
    const k = key();
    const res = await claim(o.orderId, o.lineIds[0]!, k);
    expect(res.statusCode).toBe(201);
    const c = res.json().claim;
    expect(c).toMatchObject({ paidUnitPrice: 10000, currentUnitPrice: 9000, quantity: 2, amount: 2000 });
    expect(c.id).toMatch(/^ppc_/);
    expect((await wallet()) - before).toBe(2000);
    expect(await balanceOf(h.ctx.db, merchantPayable(store))).toBe(payable0 - 2000);
    const [txn] = await transactionsFor(h.ctx.db, o.orderId, 'order.price_protection');
    expect(txn!.entries).toEqual([
      { account: merchantPayable(store), amount: 2000, currency: 'CNY' },
      { account: customerWallet(consumer.userId), amount: -2000, currency: 'CNY' },
    ]);
    // Same key: the same answer; a new key: 409, and the price dropping further changes nothing.
    const replay = await claim(o.orderId, o.lineIds[0]!, k);
    expect(replay.statusCode).toBe(201);
    expect(replay.json().claim.id).toBe(c.id);
    await lower(w.skus.coat!.nominationId, 8000);
    const again = await claim(o.orderId, o.lineIds[0]!);
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).code).toBe('ALREADY_CLAIMED');
    expect((await wallet()) - before).toBe(2000);

    // Refunds after the claim: 90.00 a unit (100.00 paid, 10.00 back already), 200.00 in all.
    expect((await refund(o.orderId, o.lineIds[0]!, 1)).amount).toBe(9000);
    expect((await refund(o.orderId, o.lineIds[0]!, 1)).amount).toBe(9000);
    expect((await wallet()) - before).toBe(20000);
    expect(await balanceOf(h.ctx.db, merchantPayable(store))).toBe(payable0 - 20000);
  });

  it('a claim after a partial refund covers only the units kept, and each later unit gets exactly its paid price back', async () => {
    const o = await order({ lines: [{ sku: w.skus.scarf!, quantity: 3 }] });
    const before = await wallet();
    expect((await refund(o.orderId, o.lineIds[0]!, 1)).amount).toBe(5000);
    await lower(w.skus.scarf!.nominationId, 3500);
    const c = (await claim(o.orderId, o.lineIds[0]!)).json().claim;
    expect(c).toMatchObject({ quantity: 2, amount: 3000 });
    expect((await refund(o.orderId, o.lineIds[0]!, 1)).amount).toBe(3500);
    expect((await refund(o.orderId, o.lineIds[0]!, 1)).amount).toBe(3500);
    expect((await wallet()) - before).toBe(15000);
  });

  it('refuses: no key (400), strangers (401), merchants (403), others’ orders (404), closed orders (409), nothing left (422)', async () => {
    const o = await order({ lines: [{ sku: w.skus.belt!, quantity: 1 }] });
    await lower(w.skus.belt!.nominationId, 1000);
    const noKey = await claim(o.orderId, o.lineIds[0]!, '');
    expect(noKey.statusCode).toBe(400);
    expect(errorOf(noKey).details?.field).toBe('Idempotency-Key');
    expect((await claim(o.orderId, o.lineIds[0]!, key(), null)).statusCode).toBe(401);
    expect((await claim(o.orderId, o.lineIds[0]!, key(), merchant())).statusCode).toBe(403);
    expect((await claim(o.orderId, o.lineIds[0]!, key(), other)).statusCode).toBe(404);
    const noLine = await claim(o.orderId, 'nope');
    expect(noLine.statusCode).toBe(404);
    expect(errorOf(noLine).details?.field).toBe('lineId');
    await h.ctx.db.updateTable('orders').set({ status: 'closed' }).where('id', '=', o.orderId).execute();
    const closed = await claim(o.orderId, o.lineIds[0]!);
    expect(closed.statusCode).toBe(409);
    expect(errorOf(closed).code).toBe('ORDER_NOT_PAID');
    await h.ctx.db.updateTable('orders').set({ status: 'paid' }).where('id', '=', o.orderId).execute();
    await refund(o.orderId, o.lineIds[0]!, 1);
    const nothing = await claim(o.orderId, o.lineIds[0]!);
    expect(nothing.statusCode).toBe(422);
    expect(errorOf(nothing).code).toBe('NOTHING_TO_PROTECT');
  });

  it('operators set the window per campaign; refusals for others, bad input and unknown campaigns', async () => {
    const get = await call('GET', `/api/campaigns/${w.campaignId}/after-sale`, null);
    expect(get.json().afterSale).toEqual({
      campaignId: w.campaignId,
      priceProtectionDays: 15,
      isDefault: true,
    });
    const url = `/api/admin/campaigns/${w.campaignId}/after-sale`;
    expect((await call('PUT', url, merchant(), { priceProtectionDays: 30 })).statusCode).toBe(403);
    expect((await call('PUT', url, null, { priceProtectionDays: 30 })).statusCode).toBe(401);
    const bad = await call('PUT', url, w.operator, { priceProtectionDays: 400 });
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).details?.field).toBe('priceProtectionDays');
    expect(
      (
        await call('PUT', '/api/admin/campaigns/cmp_missing/after-sale', w.operator, {
          priceProtectionDays: 3,
        })
      ).statusCode,
    ).toBe(404);
    expect((await call('GET', '/api/campaigns/cmp_missing/after-sale', null)).statusCode).toBe(404);
  });

  it('a draft’s after-sale settings are not public: 404 for visitors and consumers, operators see them', async () => {
    const draft = await publishedCampaign(h, w.operator.userId, 'pp-draft-settings', false);
    const set = await call('PUT', `/api/admin/campaigns/${draft.id}/after-sale`, w.operator, {
      priceProtectionDays: 20,
    });
    expect(set.statusCode).toBe(200);
    const url = `/api/campaigns/${draft.id}/after-sale`;
    for (const who of [null, consumer, merchant()]) {
      const res = await call('GET', url, who);
      expect(res.statusCode).toBe(404);
      expect(errorOf(res).code).toBe('NOT_FOUND');
    }
    expect((await call('GET', url, w.operator)).json().afterSale).toMatchObject({ priceProtectionDays: 20 });
  });

  it('the window: 15 days after payment by default (422 after), longer when the campaign says so', async () => {
    const o = await order({ lines: [{ sku: w.skus.shoe!, quantity: 1 }] });
    const o2 = await order({ lines: [{ sku: w.skus.shoe!, quantity: 1 }] });
    const merchant2 = w.merchants[1]!;
    const start = h.clock.now().getTime();
    h.clock.set(new Date(start + 15 * 86_400_000 + 1000));
    consumer = await relogin(h, consumer);
    w.merchants[1] = await relogin(h, merchant2);
    w.operator = await relogin(h, w.operator);
    expect((await lower(w.skus.shoe!.nominationId, 24000, w.merchants[1])).statusCode).toBe(201);
    const late = await claim(o.orderId, o.lineIds[0]!);
    expect(late.statusCode).toBe(422);
    expect(errorOf(late)).toMatchObject({ code: 'PRICE_PROTECTION_EXPIRED', details: { days: 15 } });
    const set = await call('PUT', `/api/admin/campaigns/${w.campaignId}/after-sale`, w.operator, {
      priceProtectionDays: 30,
    });
    expect(set.json().afterSale).toMatchObject({ priceProtectionDays: 30, isDefault: false });
    const ok = await claim(o2.orderId, o2.lineIds[0]!);
    expect(ok.statusCode).toBe(201);
    expect(ok.json().claim.amount).toBe(1000);
    h.clock.set(new Date(start));
  });
});
