import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { topUpOverHttp } from '../../../test/support/sandbox-top-up';
import { buildWorld, http, relogin, type SignedIn, type World } from '../orders/test-fixtures';
import { GREEN_CHOICES } from './green-model';
import { autumnEquinoxDay, harvestFestivalPreset } from './preset';

/** Rural and green: green points from checkout choices, origin tags, the 丰收节 preset. */
describe.each(testDatabaseTargets())('rural and green on $kind', (target) => {
  let h: Harness;
  let call: ReturnType<typeof http>;
  let w: World;
  let consumer: SignedIn;
  let keyN = 0;
  const key = () => `rg-${++keyN}`;

  beforeAll(async () => {
    h = await createHarness(await target.open());
    call = http(h);
    w = await buildWorld(h, 'rural-green', [
      { tea: { listPrice: 10000, campaignPrice: 8000 } },
      { rice: { listPrice: 5000, campaignPrice: 4000 } },
    ]);
    consumer = await h.signIn('consumer');
    // The festival is live from Dec 1 (Asia/Shanghai); sessions last 14 days.
    h.clock.set('2026-12-02T02:00:00Z');
    consumer = await relogin(h, consumer);
    w.operator = await relogin(h, w.operator);
    w.merchants = await Promise.all(w.merchants.map((m) => relogin(h, m)));
    expect((await topUpOverHttp(h.app, h.services.payments, consumer.cookie, 100000)).status).toBe(
      'succeeded',
    );
    // A loaded machine: building the world on a fresh PostgreSQL database takes its time.
  }, 180_000);
  afterAll(() => h.close());

  async function checkout(body: Record<string, unknown>, skus = ['tea', 'rice']) {
    for (const s of skus)
      await call('PUT', '/api/cart/items', consumer, {
        campaignId: w.campaignId,
        skuId: w.skus[s]!.id,
        quantity: 1,
      });
    return call('POST', '/api/checkout', consumer, { campaignId: w.campaignId, ...body }, key());
  }

  it('earns green points per parcel once the order is paid, with the CO2 estimate and its source', async () => {
    const choices = (await call('GET', '/api/green/choices', null)).json().items;
    expect(choices.map((c: { id: string }) => c.id)).toEqual(['no-extra-packaging', 'paperless-invoice']);
    expect(choices[0].source['zh-CN'].length).toBeGreaterThan(20);

    const idem = key();
    const placed = await call('PUT', '/api/cart/items', consumer, {
      campaignId: w.campaignId,
      skuId: w.skus.tea!.id,
      quantity: 1,
    });
    expect(placed.statusCode).toBe(200);
    await call('PUT', '/api/cart/items', consumer, {
      campaignId: w.campaignId,
      skuId: w.skus.rice!.id,
      quantity: 1,
    });
    const body = { campaignId: w.campaignId, greenChoices: ['no-extra-packaging', 'paperless-invoice'] };
    const order = await call('POST', '/api/checkout', consumer, body, idem);
    expect(order.statusCode, order.body).toBe(201);
    // A replay of the same checkout earns nothing more.
    expect((await call('POST', '/api/checkout', consumer, body, idem)).headers['idempotent-replayed']).toBe(
      'true',
    );
    const orderId = order.json().order.id as string;

    let green = (await call('GET', '/api/me/green', consumer)).json();
    expect(green).toMatchObject({ points: 0, co2Grams: 0, pendingPoints: 24 });
    expect(green.entries).toHaveLength(2);

    expect((await call('POST', `/api/orders/${orderId}/pay`, consumer, {}, key())).statusCode).toBe(200);
    green = (await call('GET', '/api/me/green', consumer)).json();
    // Two stores, two parcels: (10 + 2) x 2 points, (150 + 10) x 2 g.
    expect(green).toMatchObject({ points: 24, co2Grams: 320, pendingPoints: 0 });
    const pack = green.entries.find((e: { choice: string }) => e.choice === 'no-extra-packaging');
    expect(pack).toMatchObject({
      orderId,
      parcels: 2,
      points: 20,
      co2Grams: 300,
      status: 'earned',
      basis: GREEN_CHOICES['no-extra-packaging'].basis,
      source: GREEN_CHOICES['no-extra-packaging'].source,
    });
  });

  it('earns nothing without a choice, and refuses an unknown choice by field', async () => {
    const plain = await checkout({});
    expect(plain.statusCode).toBe(201);
    expect((await call('GET', '/api/me/green', consumer)).json().entries).toHaveLength(2);
    const bad = await call(
      'POST',
      '/api/checkout',
      consumer,
      { campaignId: w.campaignId, greenChoices: ['plant-a-tree'] },
      key(),
    );
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).details?.field).toBe('greenChoices.0');
    expect((await call('GET', '/api/me/green', null)).statusCode).toBe(401);
    expect((await call('GET', '/api/me/green', w.merchants[0]!)).statusCode).toBe(403);
  });

  it('lets a store’s owner set its origin and tags (audited), nobody else', async () => {
    const [m0, m1] = w.merchants as [SignedIn, SignedIn];
    const body = { farm: true, region: '云南·普洱', tags: ['地理标志产品', '高山茶园', '高山茶园'] };
    const set = await call('PUT', `/api/stores/${w.storeIds[0]}/origin`, m0, body);
    expect(set.statusCode).toBe(200);
    expect(set.json().origin).toMatchObject({
      farm: true,
      region: '云南·普洱',
      tags: ['地理标志产品', '高山茶园'],
    });
    const list = (await call('GET', '/api/store-origins', null)).json().items;
    expect(list).toEqual([expect.objectContaining({ storeId: w.storeIds[0], farm: true })]);
    const audit = await h.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', w.storeIds[0]!)
      .where('action', '=', 'store.origin.set')
      .execute();
    expect(audit).toHaveLength(1);

    expect((await call('PUT', `/api/stores/${w.storeIds[0]}/origin`, m1, body)).statusCode).toBe(404);
    expect((await call('PUT', `/api/stores/${w.storeIds[0]}/origin`, consumer, body)).statusCode).toBe(403);
    const blank = await call('PUT', `/api/stores/${w.storeIds[0]}/origin`, m0, { ...body, region: ' ' });
    expect(blank.statusCode).toBe(400);
    expect(errorOf(blank).details?.field).toBe('region');
  });

  it('creates the year’s 丰收节 from the preset on 秋分, for operators only', async () => {
    expect([2024, 2025, 2026, 2027, 2028].map(autumnEquinoxDay)).toEqual([22, 23, 23, 23, 22]);
    expect(harvestFestivalPreset(2027).phases[1]).toMatchObject({
      key: 'main',
      startsAt: '2027-09-23T00:00:00+08:00',
    });
    const made = await call(
      'POST',
      '/api/admin/campaign-presets/harvest-festival',
      w.operator,
      { year: 2027 },
      key(),
    );
    expect(made.statusCode).toBe(201);
    expect(made.json().campaign).toMatchObject({
      slug: 'harvest-festival-2027',
      kind: 'public_welfare',
      status: 'draft',
    });
    const early = await call(
      'POST',
      '/api/admin/campaign-presets/harvest-festival',
      w.operator,
      { year: 2017 },
      key(),
    );
    expect(early.statusCode).toBe(400);
    expect(errorOf(early).details?.field).toBe('year');
    const merchant = await call(
      'POST',
      '/api/admin/campaign-presets/harvest-festival',
      w.merchants[0]!,
      { year: 2028 },
      key(),
    );
    expect(merchant.statusCode).toBe(403);
  });
});
