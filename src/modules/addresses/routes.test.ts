import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { creditWalletForTest } from '../ledger/test-helpers';
import { buildWorld, relogin, type SignedIn, type World } from '../orders/test-fixtures';

const LIVE = new Date('2026-12-02T10:00:00+08:00');
const BEFORE = new Date('2026-11-25T10:00:00+08:00');
const ENDED = new Date('2026-12-14T10:00:00+08:00');

/** 北京市 / 市辖区 / 朝阳区, a real nested chain of the bundled dataset. */
const draft = (over: Record<string, unknown> = {}) => ({
  name: '张三',
  phone: '13800138000',
  provinceCode: '11',
  cityCode: '1101',
  districtCode: '110105',
  detail: '建国路 88 号 1 号楼 101',
  ...over,
});

/**
 * The address book (docs/addresses.md): CRUD with one default, divisions checked server-side,
 * the copy checkout keeps on the order; and the cart's refusal outside a live campaign.
 */
describe.each(testDatabaseTargets())('addresses and the cart on $kind', (target) => {
  let h: Harness;
  let w: World;
  let me: SignedIn;
  let other: SignedIn;
  let merchant: SignedIn;
  let n = 0;
  const key = () => `adr-${++n}`;
  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    who: SignedIn | null,
    payload?: object,
  ) =>
    h.app.inject({
      method,
      url,
      headers: {
        ...(who ? { cookie: who.cookie } : {}),
        ...(method === 'POST' ? { 'idempotency-key': key() } : {}),
      },
      ...(payload ? { payload } : {}),
    });

  beforeAll(async () => {
    h = await createHarness(await target.open());
    w = await buildWorld(h, 'addresses', [{ a: { listPrice: 10000, campaignPrice: 8000 } }]);
    h.clock.set(LIVE);
    me = await h.signIn('consumer');
    other = await h.signIn('consumer');
    merchant = await h.signIn('merchant');
  });
  afterAll(() => h.close());

  it('saves addresses with the division names; the first is the default, one default at a time', async () => {
    const first = await call('POST', '/api/me/addresses', me, draft());
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().address).toMatchObject({
      isDefault: true,
      region: { province: '北京市', city: '市辖区', district: '朝阳区' },
    });
    const second = await call(
      'POST',
      '/api/me/addresses',
      me,
      draft({ provinceCode: '44', cityCode: '4403', districtCode: '440305', isDefault: true }),
    );
    expect(second.json().address).toMatchObject({
      isDefault: true,
      region: { province: '广东省', city: '深圳市' },
    });
    const list = (await call('GET', '/api/me/addresses', me)).json().items as {
      id: string;
      isDefault: boolean;
    }[];
    expect(list.map((a) => a.isDefault)).toEqual([true, false]);
    expect(list[0]!.id).toBe(second.json().address.id);

    const back = await call('PUT', `/api/me/addresses/${first.json().address.id}/default`, me);
    expect(back.json().address.isDefault).toBe(true);
    const edited = await call(
      'PUT',
      `/api/me/addresses/${second.json().address.id}`,
      me,
      draft({ name: '李四' }),
    );
    expect(edited.json().address).toMatchObject({
      name: '李四',
      isDefault: false,
      region: { province: '北京市' },
    });

    // Deleting the default hands it to the one left.
    expect((await call('DELETE', `/api/me/addresses/${first.json().address.id}`, me)).statusCode).toBe(204);
    const left = (await call('GET', '/api/me/addresses', me)).json().items;
    expect(left).toHaveLength(1);
    expect(left[0].isDefault).toBe(true);
  });

  it('refuses a division chain that is not real and nested, naming the field', async () => {
    const wrongCity = await call('POST', '/api/me/addresses', me, draft({ cityCode: '1201' }));
    expect(wrongCity.statusCode).toBe(422);
    expect(errorOf(wrongCity)).toMatchObject({ code: 'INVALID_DIVISION', details: { field: 'cityCode' } });
    const wrongDistrict = await call('POST', '/api/me/addresses', me, draft({ districtCode: '120101' }));
    expect(errorOf(wrongDistrict)).toMatchObject({
      code: 'INVALID_DIVISION',
      details: { field: 'districtCode' },
    });
    const noProvince = await call('POST', '/api/me/addresses', me, draft({ provinceCode: '99' }));
    expect(errorOf(noProvince).details?.field).toBe('provinceCode');
  });

  it('refuses bad input with 400 naming the field', async () => {
    const phone = await call('POST', '/api/me/addresses', me, draft({ phone: '12345' }));
    expect(phone.statusCode).toBe(400);
    expect(errorOf(phone).details?.field).toBe('phone');
    const detail = await call('POST', '/api/me/addresses', me, draft({ detail: ' ' }));
    expect(errorOf(detail).details?.field).toBe('detail');
    const code = await call('POST', '/api/me/addresses', me, draft({ districtCode: '1101' }));
    expect(errorOf(code).details?.field).toBe('districtCode');
  });

  it('keeps each book to its owner and to shoppers', async () => {
    const mine = (await call('GET', '/api/me/addresses', me)).json().items[0].id as string;
    for (const res of [
      await call('PUT', `/api/me/addresses/${mine}`, other, draft()),
      await call('PUT', `/api/me/addresses/${mine}/default`, other),
      await call('DELETE', `/api/me/addresses/${mine}`, other),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(errorOf(res).code).toBe('ADDRESS_NOT_FOUND');
    }
    expect((await call('GET', '/api/me/addresses', other)).json().items).toEqual([]);
    expect((await call('GET', '/api/me/addresses', null)).statusCode).toBe(401);
    expect((await call('POST', '/api/me/addresses', merchant, draft())).statusCode).toBe(403);
  });

  it('refuses a 21st address', async () => {
    const full = await h.signIn('consumer');
    for (let i = 0; i < 20; i++)
      expect((await call('POST', '/api/me/addresses', full, draft())).statusCode).toBe(201);
    const refused = await call('POST', '/api/me/addresses', full, draft());
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused)).toMatchObject({ code: 'ADDRESS_BOOK_FULL', details: { max: 20 } });
  });

  it('checkout keeps a copy of the picked address, and the order shows it after the book changes', async () => {
    const adr = (await call('GET', '/api/me/addresses', me)).json().items[0];
    const sku = w.skus.a!.id;
    expect(
      (await call('PUT', '/api/cart/items', me, { campaignId: w.campaignId, skuId: sku, quantity: 1 }))
        .statusCode,
    ).toBe(200);
    const someoneElses = await call('POST', '/api/checkout', other, {
      campaignId: w.campaignId,
      addressId: adr.id,
    });
    expect(someoneElses.statusCode).toBe(404);
    expect(errorOf(someoneElses)).toMatchObject({
      code: 'ADDRESS_NOT_FOUND',
      details: { field: 'addressId' },
    });
    const res = await call('POST', '/api/checkout', me, { campaignId: w.campaignId, addressId: adr.id });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().order.shippingAddress).toMatchObject({
      name: adr.name,
      region: adr.region,
      detail: adr.detail,
    });
    await call('PUT', `/api/me/addresses/${adr.id}`, me, draft({ name: '王五' }));
    const order = (await call('GET', `/api/orders/${res.json().order.id}`, me)).json().order;
    expect(order.shippingAddress.name).toBe(adr.name);
    const row = await h.ctx.db
      .selectFrom('orders')
      .select('shipping_province')
      .where('id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(row.shipping_province).toBe(adr.region.province);
  });

  it('确认收货 works once shipped: the sub-order completes without a delivery step', async () => {
    const sku = w.skus.a!.id;
    await call('PUT', '/api/cart/items', me, { campaignId: w.campaignId, skuId: sku, quantity: 1 });
    const placed = (await call('POST', '/api/checkout', me, { campaignId: w.campaignId })).json().order;
    await creditWalletForTest(h.ctx.db, me.userId, placed.total, `adr-topup-${placed.id}`, {
      clock: h.clock,
    });
    expect((await call('POST', `/api/orders/${placed.id}/pay`, me)).statusCode).toBe(200);
    const sub = placed.subOrders[0].id as string;
    const merchant = await relogin(h, w.merchants[0]!);
    const shipped = await call('POST', `/api/sub-orders/${sub}/ship`, merchant, {
      carrier: '顺丰速运',
      trackingNumber: 'SF100200300',
    });
    expect(shipped.json().subOrder.status).toBe('shipped');
    expect((await call('POST', `/api/sub-orders/${sub}/confirm`, other)).statusCode).toBe(404);
    const confirmed = await call('POST', `/api/sub-orders/${sub}/confirm`, me);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().subOrder.status).toBe('completed');
    const again = await call('POST', `/api/sub-orders/${sub}/confirm`, me);
    expect(again.statusCode).toBe(200);
  });

  it('the cart refuses items of a campaign not yet started or ended (409 CAMPAIGN_NOT_LIVE); removing still works', async () => {
    const sku = w.skus.a!.id;
    await call('PUT', '/api/cart/items', me, { campaignId: w.campaignId, skuId: sku, quantity: 2 });
    for (const at of [BEFORE, ENDED]) {
      h.clock.set(at);
      const res = await call('PUT', '/api/cart/items', me, {
        campaignId: w.campaignId,
        skuId: sku,
        quantity: 1,
      });
      expect(res.statusCode).toBe(409);
      expect(errorOf(res)).toMatchObject({
        code: 'CAMPAIGN_NOT_LIVE',
        details: { campaignId: w.campaignId },
      });
    }
    const removed = await call('PUT', '/api/cart/items', me, {
      campaignId: w.campaignId,
      skuId: sku,
      quantity: 0,
    });
    expect(removed.statusCode).toBe(200);
    expect(removed.json().cart.items).toEqual([]);
    h.clock.set(LIVE);
  });
});
