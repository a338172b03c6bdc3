import { beforeAll, describe, expect, it } from 'vitest';
import { seededDemoHarness } from '../../test/support/demo-harness';
import type { Harness } from '../../test/support/harness';

/** The demo merchant's orders: on first start its order and refund pages show every state. */
describe('demo merchant orders', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await seededDemoHarness();
  });

  it('seeds orders of the demo merchant in every state, and refunds waiting and done', async () => {
    const login = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'merchant@carnival.local', password: 'carnival-demo' },
    });
    expect(login.statusCode, login.body).toBe(200);
    const cookie = login.headers['set-cookie'];
    const headers = { cookie: Array.isArray(cookie) ? cookie.join('; ') : String(cookie) };
    const orders = await h.app.inject({ method: 'GET', url: '/api/merchant/orders?limit=100', headers });
    expect(orders.statusCode, orders.body).toBe(200);
    const statuses = new Set((orders.json().items as { status: string }[]).map((s) => s.status));
    for (const s of ['created', 'paid', 'shipped', 'delivered', 'completed', 'closed', 'cancelled'])
      expect(statuses, s).toContain(s);
    const refunds = async (status: string) =>
      (await h.app.inject({ method: 'GET', url: `/api/merchant/refunds?status=${status}`, headers })).json()
        .items as unknown[];
    expect(await refunds('requested')).toHaveLength(1);
    // The refunded one and the one cancelled after payment (refunded in full on cancel).
    expect(await refunds('approved')).toHaveLength(2);
  }, 600_000);
});
