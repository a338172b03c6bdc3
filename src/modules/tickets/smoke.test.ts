import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { http } from '../orders/test-fixtures';
import { addQuota, addType, buy, summit } from './test-fixtures';

describe.each(testDatabaseTargets().slice(0, 1))('smoke $kind', (target) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(await target.open());
  });
  afterAll(() => h.close());
  it('buys a free ticket', async () => {
    const { eventId, organizer } = await summit(h, 'smoke');
    const t = await addType(h, organizer, eventId, {
      name: { 'zh-CN': '免费票', 'en-US': 'Free' },
      price: 0,
    });
    await addQuota(h, organizer, eventId, 'hall', 2, [t]);
    const c = await h.signIn('consumer');
    const order = await buy(h, c, eventId, t, 2);
    expect(order.tickets).toHaveLength(2);
    const shop = await http(h)('GET', `/api/events/${eventId}/tickets`, null);
    expect(shop.statusCode, shop.body).toBe(200);
    expect(shop.json().types[0].available).toBe(0);
  });
});
