import { beforeAll, describe, expect, it } from 'vitest';
import { seededDemoHarness } from '../../test/support/demo-harness';
import type { Harness } from '../../test/support/harness';

/** The demo's closed call for proposals: proposals, reviews, decisions, and sessions from the confirmed ones. */
describe('demo call for proposals', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await seededDemoHarness();
  }, 300_000);

  it('seeds forty proposals over four tracks, reviewed, half accepted, most confirmed into the programme', async () => {
    const db = h.ctx.db;
    const proposals = await db
      .selectFrom('cfp_proposals')
      .select(['id', 'event_id', 'state', 'track_id'])
      .execute();
    expect(proposals).toHaveLength(40);
    expect(new Set(proposals.map((p) => p.track_id)).size).toBe(4);
    const by = (s: string) => proposals.filter((p) => p.state === s).length;
    expect(by('confirmed')).toBe(16);
    expect(by('accepted')).toBe(4);
    expect(by('rejected')).toBe(20);
    const reviews = await db.selectFrom('cfp_reviews').select('id').execute();
    expect(reviews.length).toBe(80);
    const settings = await db.selectFrom('cfp_settings').select(['closes_at', 'anonymised_review']).execute();
    expect(settings).toHaveLength(1);
    expect(new Date(settings[0]!.closes_at).getTime()).toBeLessThan(h.clock.now().getTime());
    // Every confirmed proposal is a session of the programme (the handoff ran in its transaction).
    const sessions = await db
      .selectFrom('programme_sessions')
      .select('proposal_id')
      .where('proposal_id', 'is not', null)
      .execute();
    expect(sessions).toHaveLength(16);
  }, 600_000);
});
