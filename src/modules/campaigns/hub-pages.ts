import { createReadCache, onePerDatabase, type ReadCache } from '../../platform/read-cache';
import { publicCampaign } from './public-view';
import { campaignPageSchema } from './responses';
import type { CampaignListQuery } from './schemas';
import type { CampaignPage } from './store';

/**
 * The hub's public list pages (`GET /api/campaigns`), kept for a second as the JSON they are
 * sent as. The list is the most read thing on the platform and the same for every visitor: at
 * 100,000 events the database part of a page is ~2 ms, but validating and writing 100 events
 * of JSON (~90 KB) is ~8 ms of CPU, and at the 00:00 rush everyone asks for the same first
 * page. So a page is built once per second per query, by one caller while the others wait for
 * it (the read cache's single flight), and sent as finished JSON.
 *
 * Freshness: a write of a campaign in this process drops every page (the service's
 * afterCommit); other processes see it within a second. The key carries the clock's second,
 * so the status of an event (upcoming, live, ended: computed from the clock) is never older
 * than a second, and a test's manual clock that jumps gets a new page at once. View counts on
 * the cards may lag by a second. The cache is small (`MAX_PAGES`): free-text searches cannot
 * grow it past a few megabytes.
 */
export const HUB_PAGE_TTL_MS = 1_000;
const MAX_PAGES = 256;

export interface HubPages {
  /** The page of `query` at `now`, as JSON: what the response schema would have written. */
  json(query: CampaignListQuery, now: Date, list: () => Promise<CampaignPage>): Promise<string>;
  invalidate(): void;
}

function createHubPages(): HubPages {
  const cache: ReadCache = createReadCache(HUB_PAGE_TTL_MS, Date.now, MAX_PAGES);
  return {
    json(query, now, list) {
      const key = `${Math.floor(now.getTime() / 1000)}|${JSON.stringify(query)}`;
      return cache.get(key, async () => {
        const page = await list();
        // The schema's parse is the route's serializer: the same fields, the same order.
        return JSON.stringify(campaignPageSchema.parse({ ...page, items: page.items.map(publicCampaign) }));
      });
    },
    invalidate: () => cache.invalidate(''),
  };
}

/** One per database handle, like the read cache: services on one database share it. */
export const hubPagesOf: (db: object) => HubPages = onePerDatabase(createHubPages);
