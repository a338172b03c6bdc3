import { beforeAll, describe, expect, it } from 'vitest';
import { seededDemoHarness } from '../../test/support/demo-harness';
import type { Harness } from '../../test/support/harness';
import { DEMO_PASSWORD } from './seed';

/** The demo year's programme: the summit's 3-day x 4-room schedule in two versions, the keynotes of rule changes. */
describe('demo programme', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await seededDemoHarness();
  }, 300_000);

  const login = async (email: string) => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: DEMO_PASSWORD },
    });
    return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  };

  it('publishes the summit twice with a changelog and tells the shopper; the merchant conference shows its rule changes', async () => {
    const events = await h.ctx.db
      .selectFrom('campaigns')
      .select(['id', 'slug'])
      .where('slug', 'in', ['apsara-conference-2027', 'global-merchant-conference-2026'])
      .execute();
    const summit = events.find((e) => e.slug === 'apsara-conference-2027')!;
    const merchant = events.find((e) => e.slug === 'global-merchant-conference-2026')!;

    const agenda = (await h.app.inject({ url: `/api/events/${summit.id}/agenda` })).json();
    expect(agenda.version.number).toBe(2);
    expect(agenda.rooms).toHaveLength(4);
    expect(agenda.tracks.map((t: { name: { 'en-US': string } }) => t.name['en-US'])).toEqual([
      'AI',
      'Cloud native',
      'Chips & hardware',
      'Developers',
    ]);
    const days = new Set(
      agenda.sessions.map((s: { placement: { startsAt: string } }) =>
        new Date(Date.parse(s.placement.startsAt) + 8 * 3600_000).toISOString().slice(0, 10),
      ),
    );
    expect(days.size).toBe(3);
    const kinds = new Set(agenda.sessions.map((s: { kind: string }) => s.kind));
    for (const k of ['keynote', 'talk', 'workshop', 'break', 'lightning']) expect(kinds).toContain(k);
    const v2 = (await h.app.inject({ url: `/api/events/${summit.id}/schedule/versions/2` })).json();
    expect(v2.version.counts).toEqual({ new: 1, moved: 1, cancelled: 1, changed: 1 });

    const organizer = await login('organizer@carnival.local');
    const draft = (
      await h.app.inject({
        url: `/api/organizer/events/${summit.id}/programme`,
        headers: { cookie: organizer },
      })
    ).json();
    expect(draft.conflicts).toEqual([]);
    const shopper = await login('consumer@carnival.local');
    const notices = (
      await h.app.inject({ url: '/api/me/programme-notices', headers: { cookie: shopper } })
    ).json();
    expect(notices.items).toEqual([expect.objectContaining({ eventId: summit.id, version: 2 })]);
    expect(notices.items[0].sessionIds).toHaveLength(3);
    const mine = (
      await h.app.inject({ url: `/api/me/agenda?eventId=${summit.id}`, headers: { cookie: shopper } })
    ).json();
    expect(mine.items).toHaveLength(4);

    const keynotes = (await h.app.inject({ url: `/api/events/${merchant.id}/agenda` })).json();
    const rules = keynotes.sessions.filter((s: { title: string }) => s.title.startsWith('规则变更'));
    expect(rules.length).toBeGreaterThanOrEqual(4);
    for (const r of rules) expect(r.documents.length).toBeGreaterThan(0);
  }, 900_000);
});
