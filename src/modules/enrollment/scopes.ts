import type { Kysely } from 'kysely';
import type { DB } from '../../schema';

/** A nomination's store and campaign, for events whose payload names only the nomination. */
export async function nominationScope(
  db: Kysely<DB>,
  nominationId: string,
): Promise<{ campaignId: string; storeIds: string[] } | null> {
  const row = await db
    .selectFrom('nominations')
    .select(['campaign_id', 'store_id'])
    .where('id', '=', nominationId)
    .executeTakeFirst();
  return row ? { campaignId: row.campaign_id, storeIds: [row.store_id] } : null;
}
