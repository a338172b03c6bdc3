import type { Kysely } from 'kysely';
import { invalidateReads, readCacheOf } from '../../platform/read-cache';
import type { DB } from '../../schema';
import { loadVenueRules, loadVenueSkus, type VenueRules, type VenueSku } from './venue';

/**
 * The venue's reads for the checkout, cached in process (platform/read-cache.ts says how fresh
 * they are and why): a campaign's promotions as the venue prices them, and each approved SKU's
 * nomination, campaign price and list price. Invalidated by the enrollment, campaign-price and
 * catalog services after they commit (`invalidateVenue`), and aged out after the cache's TTL
 * for changes made by other processes.
 *
 * `root` is the service's database handle (the cache is shared per handle); `via` runs the
 * loads on a miss, e.g. the checkout's transaction: on PGlite a transaction holds the only
 * connection, so a load through `root` from inside it would wait forever.
 */
const rulesKey = (campaignId: string) => `venue:${campaignId}:rules`;
const skuKey = (campaignId: string, sku: string) => `venue:${campaignId}:sku:${sku}`;

export function cachedVenueRules(root: Kysely<DB>, campaignId: string, via: Kysely<DB> = root) {
  return readCacheOf(root).get<VenueRules>(rulesKey(campaignId), () => loadVenueRules(via, campaignId));
}

/** The approved SKUs among `skuIds` (absent: not on sale); the misses are read in one batch. */
export async function cachedVenueSkus(
  root: Kysely<DB>,
  campaignId: string,
  skuIds: readonly string[],
  via: Kysely<DB> = root,
): Promise<Map<string, VenueSku>> {
  const cache = readCacheOf(root);
  const misses: string[] = [];
  let batch: Promise<Map<string, VenueSku>> | undefined;
  // Each miss registers its SKU synchronously; the one batch query starts a microtask later,
  // once every miss of this call is known.
  const loadMiss = (sku: string) => {
    misses.push(sku);
    return Promise.resolve()
      .then(() => {
        batch ??= loadVenueSkus(via, campaignId, misses);
        return batch;
      })
      .then((found) => found.get(sku) ?? null);
  };
  const unique = [...new Set(skuIds)];
  const found = await Promise.all(
    unique.map((sku) => cache.get<VenueSku | null>(skuKey(campaignId, sku), () => loadMiss(sku))),
  );
  const out = new Map<string, VenueSku>();
  unique.forEach((sku, i) => {
    const v = found[i];
    if (v) out.set(sku, v);
  });
  return out;
}

/** After a commit that changed a campaign's rules, enrollments or nominations (or any, without an id). */
export function invalidateVenue(root: Kysely<DB>, campaignId?: string): void {
  invalidateReads(root, campaignId ? `venue:${campaignId}:` : 'venue:');
}
