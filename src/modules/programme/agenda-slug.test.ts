import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { actorOf, summit } from '../tickets/test-fixtures';
import { seedBenchAgenda } from './bulk';

/**
 * The public agenda by the event's slug as well as its id: the agenda page knows only the slug,
 * and asking by slug spares it a campaign request before this one (issue 12's page time).
 */
describe.each(testDatabaseTargets())('agenda by slug on $kind', { timeout: 120_000 }, (target) => {
  let h: Harness;
  let eventId: string;
  const slug = `agenda-slug-${target.kind}`;

  beforeAll(async () => {
    h = await createHarness(await target.open(), '2026-11-30T00:00:00Z');
    const s = await summit(h, slug);
    eventId = s.eventId;
    await seedBenchAgenda(h.ctx.db, eventId, actorOf(s.organizer, 'organizer'), {
      sessions: 12,
      rooms: 2,
      days: 3,
    });
  }, 300_000);
  afterAll(async () => h?.close());

  it('answers the same agenda for the slug and the id; an unknown slug is a 404', async () => {
    const byId = await h.app.inject({ method: 'GET', url: `/api/events/${eventId}/agenda` });
    const bySlug = await h.app.inject({ method: 'GET', url: `/api/events/${slug}/agenda` });
    expect(byId.statusCode).toBe(200);
    expect(bySlug.statusCode).toBe(200);
    expect(bySlug.json()).toEqual(byId.json());
    expect(bySlug.json().event.id).toBe(eventId);
    expect(bySlug.json().sessions.length).toBeGreaterThan(0);
    const unknown = await h.app.inject({ method: 'GET', url: '/api/events/no-such-summit/agenda' });
    expect(unknown.statusCode).toBe(404);
  });

  it('keeps the slug to the public agenda: organizer routes still want the id', async () => {
    const res = await h.app.inject({ method: 'GET', url: `/api/organizer/events/${slug}/rooms` });
    expect([401, 403, 404]).toContain(res.statusCode);
  });
});
