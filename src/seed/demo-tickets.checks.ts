import { beforeAll, describe, expect, it } from 'vitest';
import { seededDemoHarness } from '../../test/support/demo-harness';
import type { Harness } from '../../test/support/harness';
import { DEMO_PASSWORD } from './seed';

/** The demo year's conferences sell tickets: the shop, the organizer's console, a waiting list. */
describe('demo tickets', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await seededDemoHarness();
  });

  const login = async (email: string) => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: DEMO_PASSWORD },
    });
    return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  };

  it('seeds early bird, standard, merchant-only, a workshop add-on and a sold-out dinner with a waiting list', async () => {
    const events = await h.ctx.db
      .selectFrom('campaigns')
      .select(['id', 'slug'])
      .where('kind', 'in', ['merchant_growth', 'tech_summit'])
      .where('slug', 'in', ['global-merchant-conference-2026', 'apsara-conference-2027'])
      .execute();
    expect(events.map((e) => e.slug).sort()).toEqual([
      'apsara-conference-2027',
      'global-merchant-conference-2026',
    ]);
    const organizer = await login('organizer@carnival.local');
    const shopper = await login('consumer@carnival.local');
    for (const e of events) {
      const shop = (await h.app.inject({ url: `/api/events/${e.id}/tickets` })).json();
      const names = shop.types.map((t: { name: { 'zh-CN': string } }) => t.name['zh-CN']);
      expect(names.slice(0, 3)).toEqual(['早鸟票', '标准票', '商家专享票']);
      expect(shop.types.find((t: { addonOf: string[] }) => t.addonOf.length > 0)).toBeTruthy();
      const dinner = shop.types.at(-1);
      expect(dinner).toMatchObject({ available: 0, waiting: 1 });
      const wl = await h.app.inject({
        url: `/api/organizer/events/${e.id}/waitlist`,
        headers: { cookie: organizer },
      });
      expect(wl.statusCode, wl.body).toBe(200);
      expect(wl.json().types.find((t: { typeId: string }) => t.typeId === dinner.id).waiting).toBe(1);
      const attendees = await h.app.inject({
        url: `/api/organizer/events/${e.id}/attendees`,
        headers: { cookie: organizer },
      });
      expect(attendees.json().items.length).toBe(4);
    }
    const mine = (await h.app.inject({ url: '/api/me/waitlist', headers: { cookie: shopper } })).json();
    expect(mine.items).toHaveLength(2);
  }, 600_000);
});
