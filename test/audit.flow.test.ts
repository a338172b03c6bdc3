import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, createPaidOrder, type World } from '../src/modules/orders/test-fixtures';
import { createHarness, type Harness, testDatabaseTargets } from './support/harness';

/**
 * Issue 8: every privileged change leaves an audit entry with the actor, the credential it came
 * through (session or API key), the IP and user agent, and the state before and after. This walks
 * each audited action over HTTP from a distinct address and browser and reads the entry back
 * through the operators' audit route, with its filters.
 */
type Entry = {
  actorId: string | null;
  actorRole: string | null;
  credentialKind: string | null;
  credentialId: string | null;
  ip: string | null;
  userAgent: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  at: string;
};

describe.each(testDatabaseTargets())('the audit log on $kind', (target) => {
  let h: Harness;
  let w: World;
  let keyN = 0;
  const key = () => `audit-${++keyN}`;
  let consumer: { cookie: string; userId: string };
  let step = 0;

  beforeAll(async () => {
    h = await createHarness(await target.open());
    w = await buildWorld(h, 'audited', [{ a400: { listPrice: 50000, campaignPrice: 40000 } }]);
    consumer = await h.signIn('consumer');
  });
  afterAll(() => h.close());

  /** Each call comes from its own address and browser, so an entry proves where it came from. */
  function call(
    method: 'POST' | 'PUT' | 'GET',
    url: string,
    auth: { cookie?: string; bearer?: string } | null,
    payload?: unknown,
    idempotencyKey?: string,
  ): Promise<LightMyRequestResponse & { ip: string; ua: string }> {
    step++;
    const ip = `203.0.113.${step}`;
    const ua = `AuditWalk/${step} (test)`;
    return h.app
      .inject({
        method,
        url,
        remoteAddress: ip,
        headers: {
          'user-agent': ua,
          ...(auth?.cookie ? { cookie: auth.cookie } : {}),
          ...(auth?.bearer ? { authorization: `Bearer ${auth.bearer}` } : {}),
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        ...(payload !== undefined ? { payload: payload as object } : {}),
      })
      .then((res) => Object.assign(res, { ip, ua }));
  }

  async function entryOf(action: string, entityId: string): Promise<Entry> {
    const res = await call(
      'GET',
      `/api/admin/audit?action=${encodeURIComponent(action)}&entityId=${encodeURIComponent(entityId)}`,
      w.operator,
    );
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Entry[];
    expect(items).toHaveLength(1);
    return items[0]!;
  }

  function expectFrom(
    entry: Entry,
    res: { ip: string; ua: string },
    actor: { userId: string },
    role: string,
    kind: 'session' | 'api_key' = 'session',
  ) {
    expect(entry).toMatchObject({ actorId: actor.userId, actorRole: role, credentialKind: kind });
    expect(entry.ip).toBe(res.ip);
    expect(entry.userAgent).toBe(res.ua);
    // The credential id comes from the auth hook (ses_/key_ ids) once it records them.
    if (entry.credentialId !== null)
      expect(entry.credentialId).toMatch(kind === 'session' ? /^ses_/ : /^key_/);
  }

  it('SKU price and stock changes: before and after', async () => {
    const sku = w.skus.a400!;
    const merchant = w.merchants[0]!;
    const read = await call('GET', `/api/products/${await skuProduct(sku.id)}`, merchant);
    const version = (read.json().product.skus as { id: string; version: number }[]).find(
      (s) => s.id === sku.id,
    )!.version;

    const price = await call('PUT', `/api/skus/${sku.id}/price`, merchant, { price: 52000, version });
    expect(price.statusCode).toBe(200);
    const pe = await entryOf('sku.price.change', sku.id);
    expectFrom(pe, price, merchant, 'merchant');
    expect(pe).toMatchObject({
      entityType: 'sku',
      before: { price: 50000, version },
      after: { price: 52000, version: version + 1 },
    });

    const stock = await call('POST', `/api/skus/${sku.id}/stock`, merchant, { delta: -3 }, key());
    expect(stock.statusCode).toBe(200);
    const se = await entryOf('sku.stock.adjust', sku.id);
    expectFrom(se, stock, merchant, 'merchant');
    const after = stock.json().sku.stock as number;
    expect(se).toMatchObject({ before: { stock: after + 3 }, after: { stock: after, delta: -3 } });

    // A refused change (stock below zero) writes no entry.
    const refused = await call('POST', `/api/skus/${sku.id}/stock`, merchant, { delta: -1_000_000 }, key());
    expect(refused.statusCode).toBe(409);
    const all = await call('GET', `/api/admin/audit?action=sku.stock.adjust&entityId=${sku.id}`, w.operator);
    expect(all.json().items).toHaveLength(1);
  });

  it('refund approvals and rejections: status and amounts before and after', async () => {
    const merchant = w.merchants[0]!;
    const o = await createPaidOrder(h.ctx, {
      customerId: consumer.userId,
      campaignId: w.campaignId,
      lines: [{ sku: w.skus.a400!, quantity: 2 }],
    });
    const ask = async () => {
      const res = await call(
        'POST',
        `/api/orders/${o.orderId}/refunds`,
        consumer,
        {
          lineId: o.lineIds[0],
          quantity: 1,
          reason: '不想要了',
        },
        key(),
      );
      expect(res.statusCode).toBe(201);
      return res.json().refund.id as string;
    };
    const first = await ask();
    const approved = await call('POST', `/api/refunds/${first}/approve`, merchant, {}, key());
    expect(approved.statusCode).toBe(200);
    const ae = await entryOf('refund.approve', first);
    expectFrom(ae, approved, merchant, 'merchant');
    expect(ae).toMatchObject({
      entityType: 'refund',
      before: { status: 'requested', quantity: 1 },
      after: { status: 'approved', quantity: 1, amount: 40000 },
    });
    expect((ae.after as { ledgerTxnId: string }).ledgerTxnId).toMatch(/^[a-z]+_/);

    const second = await ask();
    const rejected = await call('POST', `/api/refunds/${second}/reject`, merchant, { reason: '已发货' });
    expect(rejected.statusCode).toBe(200);
    const re = await entryOf('refund.reject', second);
    expectFrom(re, rejected, merchant, 'merchant');
    expect(re).toMatchObject({
      before: { status: 'requested' },
      after: { status: 'rejected' },
      reason: '已发货',
    });
  });

  it('after-sale settings, allowance grants and budgets by operators; an API key shows as api_key', async () => {
    const set = await call('PUT', `/api/admin/campaigns/${w.campaignId}/after-sale`, w.operator, {
      priceProtectionDays: 30,
    });
    expect(set.statusCode).toBe(200);
    const se = await entryOf('campaign.after_sale.set', w.campaignId);
    expectFrom(se, set, w.operator, 'operator');
    expect(se).toMatchObject({
      before: { priceProtectionDays: 15, isDefault: true },
      after: { priceProtectionDays: 30, isDefault: false },
    });

    // The same change through an operator's API key: the entry names the key, not a session.
    const created = await call('POST', '/api/auth/api-keys', w.operator, {
      name: 'ops-script',
      scopes: ['campaigns:write'],
    });
    expect(created.statusCode).toBe(201);
    const viaKey = await call(
      'PUT',
      `/api/admin/campaigns/${w.campaignId}/after-sale`,
      { bearer: created.json().key },
      {
        priceProtectionDays: 7,
      },
    );
    expect(viaKey.statusCode).toBe(200);
    const byKey = await call(
      'GET',
      `/api/admin/audit?action=campaign.after_sale.set&credentialKind=api_key`,
      w.operator,
    );
    const ke = (byKey.json().items as Entry[]).filter((e) => e.entityId === w.campaignId);
    expect(ke).toHaveLength(1);
    expectFrom(ke[0]!, viaKey, w.operator, 'operator', 'api_key');
    expect(ke[0]).toMatchObject({ before: { priceProtectionDays: 30 }, after: { priceProtectionDays: 7 } });

    const grant = await call(
      'POST',
      `/api/campaigns/${w.campaignId}/allowance-grants`,
      w.operator,
      { customerId: consumer.userId, amount: 2000, reason: '补偿' },
      key(),
    );
    expect(grant.statusCode).toBe(201);
    const ge = await entryOf('allowance.grant', `${consumer.userId}:${w.campaignId}`);
    expectFrom(ge, grant, w.operator, 'operator');
    expect(ge).toMatchObject({
      before: { balance: 0, grantedTotal: 0 },
      after: { amount: 2000, balance: 2000, grantedTotal: 2000 },
      reason: '补偿',
    });

    const budget = await call('PUT', '/api/promotions/audit-budget/budget', w.operator, {
      campaignId: w.campaignId,
      budgetAmount: 100000,
      maxUses: 10,
    });
    expect(budget.statusCode).toBe(200);
    const be = await entryOf('promotion.set_budget', 'audit-budget');
    expectFrom(be, budget, w.operator, 'operator');
    expect(be).toMatchObject({ before: null, after: { budgetAmount: 100000, maxUses: 10 } });
  });

  it('campaign price drops by the store: before and after', async () => {
    const merchant = w.merchants[0]!;
    const nom = w.skus.a400!.nominationId;
    const res = await call('POST', `/api/nominations/${nom}/price-drops`, merchant, {
      campaignPrice: 39000,
      reason: '第二波',
    });
    expect(res.statusCode).toBe(201);
    const e = await entryOf('nomination.price_lowered', nom);
    expectFrom(e, res, merchant, 'merchant');
    expect(e).toMatchObject({
      before: { campaignPrice: 40000 },
      after: { campaignPrice: 39000 },
      reason: '第二波',
    });
  });

  it('filters: actor, credential kind, time range, paging; bad ranges name the field', async () => {
    const merchant = w.merchants[0]!;
    const mine = (
      await call('GET', `/api/admin/audit?actorId=${merchant.userId}&limit=500`, w.operator)
    ).json().items as Entry[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.actorId === merchant.userId)).toBe(true);
    const keyed = (await call('GET', '/api/admin/audit?credentialKind=api_key', w.operator)).json()
      .items as Entry[];
    expect(keyed.every((e) => e.credentialKind === 'api_key')).toBe(true);
    // Entries carry the clock's time: everything so far happened at t0; one more change a minute later.
    const t0 = h.clock.now();
    const iso = (ms: number) => encodeURIComponent(new Date(t0.getTime() + ms).toISOString());
    h.clock.advance(60_000);
    const later = await call('POST', `/api/skus/${w.skus.a400!.id}/stock`, merchant, { delta: 1 }, key());
    expect(later.statusCode).toBe(200);
    const before = (await call('GET', `/api/admin/audit?to=${iso(30_000)}&limit=500`, w.operator)).json()
      .items as Entry[];
    expect(before.length).toBeGreaterThan(5);
    expect(before.every((e) => e.at === t0.toISOString())).toBe(true);
    const since = (await call('GET', `/api/admin/audit?from=${iso(30_000)}`, w.operator)).json()
      .items as Entry[];
    expect(since.map((e) => e.action)).toEqual(['sku.stock.adjust']);
    expectFrom(since[0]!, later, merchant, 'merchant');
    const page1 = (await call('GET', `/api/admin/audit?to=${iso(30_000)}&limit=2`, w.operator)).json()
      .items as Entry[];
    const page2 = (
      await call('GET', `/api/admin/audit?to=${iso(30_000)}&limit=2&offset=2`, w.operator)
    ).json().items as Entry[];
    expect(page1).toHaveLength(2);
    expect(page2).toHaveLength(2);
    expect([...page1, ...page2].map((e) => e.action)).toEqual(before.slice(0, 4).map((e) => e.action));

    const future = iso(120_000);
    const now = iso(60_000);
    const bad = await call('GET', `/api/admin/audit?from=${future}&to=${now}`, w.operator);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.field).toBe('to');
    const badKind = await call('GET', '/api/admin/audit?credentialKind=cookie', w.operator);
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().error.details.field).toBe('credentialKind');
    expect((await call('GET', '/api/admin/audit', merchant)).statusCode).toBe(403);
  });

  async function skuProduct(skuId: string): Promise<string> {
    const row = await h.ctx.db
      .selectFrom('skus')
      .select('product_id')
      .where('id', '=', skuId)
      .executeTakeFirstOrThrow();
    return row.product_id;
  }
});
