import { beforeAll, describe, expect, it } from 'vitest';
import { seededDemoHarness } from '../../test/support/demo-harness';
import type { Harness } from '../../test/support/harness';
import { DEMO_FLASH_SLOTS } from './demo-flash-sales';

/** The demo year's flash sales: on first start the live festival shows one running, one soon, one queued. */
// Seeding the whole demo year takes long on a loaded 2-core runner.
describe('demo flash sales', { timeout: 600_000 }, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await seededDemoHarness();
  });

  it('seeds three slots in the live festival, carved from approved nominations', async () => {
    const live = await h.ctx.db
      .selectFrom('campaigns')
      .select('id')
      .where('slug', 'like', 'year-end-festival-%')
      .executeTakeFirstOrThrow();
    const res = await h.app.inject({ method: 'GET', url: `/api/campaigns/${live.id}/flash-sales` });
    expect(res.statusCode, res.body).toBe(200);
    const slots = res.json().slots as {
      status: string;
      waitingRoom: boolean;
      stock: number;
      remaining: number;
      startsAt: string;
    }[];
    expect(slots).toHaveLength(DEMO_FLASH_SLOTS.length);
    const byStart = [...slots].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
    expect(byStart.map((s) => [s.status, s.waitingRoom])).toEqual([
      ['running', false],
      ['scheduled', false],
      ['scheduled', true],
    ]);
    const soon = Date.parse(byStart[1]!.startsAt) - h.clock.now().getTime();
    expect(soon).toBeGreaterThan(9 * 60_000);
    expect(soon).toBeLessThanOrEqual(10 * 60_000);
    for (const s of slots) expect(s.remaining).toBe(s.stock);
  });
});
