import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, testDatabaseTargets } from '../../../test/support/harness';
import { actorOf, summit } from '../tickets/test-fixtures';
import { seedBenchAgenda } from '.';

/** The benchmark's agenda: 3 days x 4 rooms x 150 sessions, published without a conflict. */
describe('seedBenchAgenda', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(await testDatabaseTargets()[0]!.open());
  }, 120_000);
  afterAll(() => h?.close());

  it('publishes 150 sessions over 3 days and 4 rooms', { timeout: 120_000 }, async () => {
    const { eventId, organizer } = await summit(h, 'prog-bench');
    const out = await seedBenchAgenda(h.ctx.db, eventId, actorOf(organizer, 'organizer'));
    expect(out).toMatchObject({ version: 1 });
    expect(out.sessionIds).toHaveLength(150);
    const agenda = await h.services.programme.agenda(null, eventId);
    expect(agenda.sessions).toHaveLength(150);
    expect(agenda.rooms).toHaveLength(4);
    expect(agenda.tracks).toHaveLength(4);
    const days = new Set(agenda.sessions.map((s) => s.placement?.startsAt.slice(0, 10)));
    expect(days.size).toBe(3);
  });
});
