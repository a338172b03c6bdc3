import { describe, expect, it } from 'vitest';
import { hubPagesOf } from './hub-pages';
import { campaignListQuerySchema } from './schemas';
import type { CampaignPage } from './store';

const query = (qs: Record<string, string> = {}) => campaignListQuerySchema.parse(qs);
const at = (iso: string) => new Date(iso);

/** A list that counts its calls and answers an empty page with `total` set to the call's number. */
function countingList() {
  let calls = 0;
  const list = async (): Promise<CampaignPage> => {
    calls++;
    await new Promise((r) => setTimeout(r, 5));
    return { items: [], total: calls, totalCapped: false };
  };
  return { list, calls: () => calls };
}

describe('the hub pages cache', () => {
  it('builds a page once for concurrent callers of the same query and second', async () => {
    const pages = hubPagesOf({});
    const { list, calls } = countingList();
    const now = at('2026-11-11T00:00:00.100Z');
    const answers = await Promise.all(Array.from({ length: 20 }, () => pages.json(query(), now, list)));
    expect(calls()).toBe(1);
    expect(new Set(answers)).toEqual(new Set(['{"items":[],"total":1,"totalCapped":false}']));
  });

  it('builds again for another query, the next second, and after a write (invalidate)', async () => {
    const pages = hubPagesOf({});
    const { list, calls } = countingList();
    const now = at('2026-11-11T00:00:00.100Z');
    await pages.json(query(), now, list);
    await pages.json(query({ kind: 'tech_summit' }), now, list);
    expect(calls()).toBe(2);
    await pages.json(query(), at('2026-11-11T00:00:00.900Z'), list); // the same second
    expect(calls()).toBe(2);
    await pages.json(query(), at('2026-11-11T00:00:01.000Z'), list); // the status may have moved
    expect(calls()).toBe(3);
    pages.invalidate();
    expect(JSON.parse(await pages.json(query(), at('2026-11-11T00:00:01.000Z'), list)).total).toBe(4);
  });

  it('does not keep a page whose build was running when a write landed', async () => {
    const pages = hubPagesOf({});
    const { list, calls } = countingList();
    const now = at('2026-11-11T00:00:00Z');
    const building = pages.json(query(), now, list);
    pages.invalidate(); // the build may have read the rows before the write
    await building;
    expect(JSON.parse(await pages.json(query(), now, list)).total).toBe(2);
    expect(calls()).toBe(2);
  });

  it('does not keep a failure: the next caller asks again', async () => {
    const pages = hubPagesOf({});
    const now = at('2026-11-11T00:00:00Z');
    await expect(pages.json(query(), now, () => Promise.reject(new Error('db down')))).rejects.toThrow(
      'db down',
    );
    const { list } = countingList();
    expect(await pages.json(query(), now, list)).toContain('"total":1');
  });

  it('is one cache per database handle', async () => {
    const db = {};
    const { list, calls } = countingList();
    const now = at('2026-11-11T00:00:00Z');
    await hubPagesOf(db).json(query(), now, list);
    await hubPagesOf(db).json(query(), now, list);
    await hubPagesOf({}).json(query(), now, list);
    expect(calls()).toBe(2);
  });
});
