import type { Kysely } from 'kysely';
import type { DB } from '../../schema';

/**
 * When each account was made, for rules such as a flash sale's minimum account age. The value
 * never changes, so an in-process map is never stale; session resolution primes it (it has the
 * user row already), so a signed-in customer's lookup costs no SQL. Bounded: past `max`
 * entries the oldest go first.
 */
export function createCreatedAtCache(db: Kysely<DB>, max = 200_000) {
  const known = new Map<string, Date>();

  function remember(userId: string, createdAt: Date): void {
    if (known.has(userId)) return;
    if (known.size >= max) known.delete(known.keys().next().value as string);
    known.set(userId, createdAt);
  }

  async function lookup(userId: string): Promise<Date | null> {
    const hit = known.get(userId);
    if (hit) return hit;
    const row = await db.selectFrom('users').select('created_at').where('id', '=', userId).executeTakeFirst();
    if (!row) return null;
    const createdAt = new Date(row.created_at);
    remember(userId, createdAt);
    return createdAt;
  }

  return { remember, lookup };
}

export type CreatedAtCache = ReturnType<typeof createCreatedAtCache>;
