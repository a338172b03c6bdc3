import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { api, PRODUCT, STORE } from '../enrollment/test-fixtures';

const DAY = 24 * 3600 * 1000;

async function relogin(h: Harness, email: string): Promise<string> {
  const res = await h.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password: 'password-123' },
  });
  return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

describe.each(testDatabaseTargets())('catalog routes on $kind', (target) => {
  let h: Harness;
  let a: ReturnType<typeof api>;
  let owner: Awaited<ReturnType<Harness['signIn']>>;
  let other: Awaited<ReturnType<Harness['signIn']>>;
  let op: Awaited<ReturnType<Harness['signIn']>>;
  let storeId: string;
  let productId: string;
  let skuId: string;
  beforeAll(async () => {
    h = await createHarness(await target.open(), '2026-10-01T00:00:00Z');
    a = api(h);
    [owner, other, op] = await Promise.all([
      h.signIn('merchant'),
      h.signIn('merchant'),
      h.signIn('operator'),
    ]);
    storeId = (await a.post('/api/stores', owner, STORE)).json().store.id;
  });
  afterAll(() => h.close());

  it('lists the fixed category codes', async () => {
    const res = await a.get('/api/categories');
    expect(res.json().items).toContainEqual({
      code: 'apparel.women',
      name: { 'zh-CN': '女装', 'en-US': "Women's wear" },
    });
  });

  it('a store member creates a product with SKUs; each SKU starts its price history', async () => {
    const res = await a.post(`/api/stores/${storeId}/products`, owner, PRODUCT);
    expect(res.statusCode).toBe(201);
    const { product } = res.json();
    expect(product.id).toMatch(/^prd_/);
    expect(product.skus).toHaveLength(3);
    expect(product.skus[0]).toMatchObject({
      attributes: { 颜色: '红', 尺码: 'M' },
      price: 9900,
      stock: 100,
      storeId,
    });
    productId = product.id;
    skuId = product.skus[0].id;
    const history = await a.get(`/api/skus/${skuId}/price-history`, owner);
    expect(history.json()).toMatchObject({
      items: [{ price: 9900, effectiveAt: '2026-10-01T00:00:00.000Z' }],
      lowest30Days: 9900,
    });
  });

  it('refuses bad input with 400 naming the field', async () => {
    const neg = await a.post(`/api/stores/${storeId}/products`, owner, {
      ...PRODUCT,
      skus: [{ price: -1, stock: 1 }],
    });
    expect(neg.statusCode).toBe(400);
    expect(errorOf(neg).details?.field).toBe('skus.0.price');
    const float = await a.post(`/api/stores/${storeId}/products`, owner, {
      ...PRODUCT,
      skus: [{ price: 99.5, stock: 1 }],
    });
    expect(errorOf(float).details?.field).toBe('skus.0.price');
    const none = await a.post(`/api/stores/${storeId}/products`, owner, { ...PRODUCT, skus: [] });
    expect(errorOf(none).details?.field).toBe('skus');
    const cat = await a.post(`/api/stores/${storeId}/products`, owner, { ...PRODUCT, category: 'nope' });
    expect(errorOf(cat).details?.field).toBe('category');
  });

  it('refuses strangers (401), other roles (403), other merchants and missing things alike (404)', async () => {
    expect((await a.post(`/api/stores/${storeId}/products`, null, PRODUCT)).statusCode).toBe(401);
    expect((await a.post(`/api/stores/${storeId}/products`, other, PRODUCT)).statusCode).toBe(404);
    expect((await a.post(`/api/stores/${storeId}/products`, op, PRODUCT)).statusCode).toBe(403);
    expect((await a.post('/api/stores/str_missing/products', owner, PRODUCT)).statusCode).toBe(404);
    // Another store's product answers like a missing one: no owning store id in the body.
    const foreign = await a.get(`/api/products/${productId}`, other);
    expect(foreign.statusCode).toBe(404);
    expect(errorOf(foreign)).toEqual({
      code: 'NOT_FOUND',
      message: 'Product not found',
      details: { id: productId },
    });
    expect(foreign.body).not.toContain(storeId);
    expect((await a.get('/api/products/prd_missing', owner)).statusCode).toBe(404);
    const foreignSku = await a.put(`/api/skus/${skuId}/price`, other, { price: 1, version: 1 });
    expect(foreignSku.statusCode).toBe(404);
    expect(foreignSku.body).not.toContain(storeId);
    expect((await a.put('/api/skus/sku_missing/price', owner, { price: 1, version: 1 })).statusCode).toBe(
      404,
    );
    expect((await a.get(`/api/stores/${storeId}/products`, op)).statusCode).toBe(200);
    const consumer = await h.signIn('consumer');
    const byConsumer = await a.get(`/api/products/${productId}`, consumer);
    expect(byConsumer.statusCode).toBe(403);
    expect(byConsumer.body).not.toContain(storeId);
  });

  it('records every price change; the 30-day lowest looks back from now', async () => {
    h.clock.advance(5 * DAY); // Oct 6
    const down = await a.put(`/api/skus/${skuId}/price`, owner, { price: 7900, version: 1 });
    expect(down.statusCode).toBe(200);
    expect(down.json().sku).toMatchObject({ price: 7900, version: 2 });
    h.clock.advance(5 * DAY); // Oct 11
    await a.put(`/api/skus/${skuId}/price`, owner, { price: 12900, version: 2 });
    const stale = await a.put(`/api/skus/${skuId}/price`, owner, { price: 1, version: 2 });
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale)).toMatchObject({ code: 'VERSION_CONFLICT', details: { field: 'version' } });
    let history = (await a.get(`/api/skus/${skuId}/price-history`, owner)).json();
    expect(history.items.map((p: { price: number }) => p.price)).toEqual([9900, 7900, 12900]);
    expect(history.lowest30Days).toBe(7900);
    // Nov 6: the window starts Oct 7, when the 7900 of Oct 6 was still in force: it counts.
    h.clock.set('2026-11-06T00:00:00Z');
    // Sessions last 14 days: sign in again at the new "now".
    owner = { ...owner, cookie: await relogin(h, owner.email) };
    op = { ...op, cookie: await relogin(h, op.email) };
    expect((await a.get(`/api/skus/${skuId}/price-history`, owner)).json().lowest30Days).toBe(7900);
    // Nov 11: the window starts Oct 12, when 12900 was in force already; the dip fell out.
    h.clock.set('2026-11-11T00:00:00Z');
    history = (await a.get(`/api/skus/${skuId}/price-history`, owner)).json();
    expect(history.lowest30Days).toBe(12900);
    const ranged = (
      await a.get(`/api/skus/${skuId}/price-history?from=2026-10-07T00:00:00Z&to=2026-10-20T00:00:00Z`, op)
    ).json();
    expect(ranged.items.map((p: { price: number }) => p.price)).toEqual([7900, 12900]);
    expect(ranged.lowestInRange).toBe(7900);
  });

  it('moves stock by a delta, never below zero (409), once per Idempotency-Key', async () => {
    const stock = (delta: number, key?: string) =>
      h.app.inject({
        method: 'POST',
        url: `/api/skus/${skuId}/stock`,
        headers: { cookie: owner.cookie, ...(key ? { 'idempotency-key': key } : {}) },
        payload: { delta },
      });
    const noKey = await stock(-40);
    expect(noKey.statusCode).toBe(400);
    expect(errorOf(noKey).details?.field).toBe('Idempotency-Key');
    const res = await stock(-40, 'stock-1');
    expect(res.json().sku.stock).toBe(60);
    // A retry of the same delta is answered with the first answer, byte for byte, and moves nothing.
    const again = await stock(-40, 'stock-1');
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(res.body);
    const over = await stock(-61, 'stock-2');
    expect(over.statusCode).toBe(409);
    expect(errorOf(over)).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { field: 'delta' } });
    expect(errorOf(await stock(0, 'stock-3')).details?.field).toBe('delta');
    expect((await stock(1, 'stock-4')).json().sku.stock).toBe(61);
  });

  it('edits a product with its version and adds SKUs', async () => {
    const res = await a.patch(`/api/products/${productId}`, owner, { title: '双面羊毛大衣', version: 1 });
    expect(res.json().product).toMatchObject({ title: '双面羊毛大衣', version: 2 });
    expect((await a.patch(`/api/products/${productId}`, owner, { title: 'x', version: 1 })).statusCode).toBe(
      409,
    );
    const sku = await a.post(`/api/products/${productId}/skus`, owner, {
      attributes: { 颜色: '驼' },
      price: 15900,
      stock: 5,
    });
    expect(sku.statusCode).toBe(201);
    const list = await a.get(`/api/stores/${storeId}/products?category=apparel`, owner);
    expect(list.json().items[0].skus).toHaveLength(4);
    expect((await a.get(`/api/stores/${storeId}/products?category=beauty`, owner)).json().total).toBe(0);
  });
});
