import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock';
import type { DB } from '../../schema';
import type { SlotDefinition } from './model';
import { findSlotRow, toDefinition } from './store';

/**
 * Slot definitions cached in process for a short TTL: the reserve path and the public polls
 * read no SQL once warm. A pause is seen at once by the process that made it (invalidate) and
 * by the others within the TTL. Misses are cached too, so polling a made-up id is no cheaper
 * way to load the database than polling a real one.
 */
export interface SlotDefinitions {
  get(slotId: string): Promise<SlotDefinition | null>;
  invalidate(slotId: string): void;
}

export const SLOT_DEFINITION_TTL_MS = 1_000;

export function createSlotDefinitions(
  db: Kysely<DB>,
  clock: Clock,
  ttlMs = SLOT_DEFINITION_TTL_MS,
): SlotDefinitions {
  const cache = new Map<string, { at: number; value: Promise<SlotDefinition | null> }>();
  return {
    get(slotId) {
      const now = clock.now().getTime();
      const hit = cache.get(slotId);
      if (hit && now - hit.at < ttlMs && now >= hit.at) return hit.value;
      // One load per id at a time: a thundering herd on a cold slot costs one query.
      const value = findSlotRow(db, slotId).then((r) => (r ? toDefinition(r) : null));
      value.catch(() => cache.delete(slotId));
      if (cache.size > 10_000) cache.clear();
      cache.set(slotId, { at: now, value });
      return value;
    },
    invalidate(slotId) {
      cache.delete(slotId);
    },
  };
}
