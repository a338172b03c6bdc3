/**
 * An in-process cache of hot, rarely written read models (a campaign, its rules, enrollments
 * and approved venue lines), one per database handle, for the checkout's hot path.
 *
 * Freshness, and why this way:
 *
 * - In this process, the services that write the cached rows call `invalidateReads` right
 *   after their transaction commits, so a read that starts after a change sees it (a checkout
 *   right after a price drop prices at the new price). A load already running when the
 *   invalidation arrives may hold the old rows; it still answers its own callers (they raced
 *   the write) but is not kept.
 * - Other processes (several `carnival serve` on one PostgreSQL) learn of a change only when
 *   their entry ages out: every entry lives at most `ttlMs` (1 s by default). We bound it by
 *   time rather than by bus events because the bus shares a durable consumer's events between
 *   the processes of one name (it is a work queue, not a broadcast), so a per-process
 *   invalidation consumer would need a durable consumer per process that outlives it; and the
 *   outbox relay publishes on a poll, so events would not be faster than a short TTL anyway.
 *   The cost of staleness is bounded and safe: stock and money are still decided by the
 *   conditional writes (a withdrawn nomination sells nothing, its campaign-stock UPDATE
 *   matches no approved row), so at worst another process prices by a rule or a campaign
 *   price that changed less than `ttlMs` ago.
 *
 * Keys are strings; an invalidation drops every key starting with its prefix.
 */

export interface ReadCache {
  /** The value under `key`, loaded once for concurrent callers when absent or older than the TTL. */
  get<T>(key: string, load: () => Promise<T>): Promise<T>;
  /** Drops every entry (and any load in flight) whose key starts with `prefix`. */
  invalidate(prefix: string): void;
}

export const READ_CACHE_TTL_MS = 1_000;
/** Past this many entries, expired ones are swept; a cache still over it starts afresh. */
const MAX_ENTRIES = 50_000;

interface Entry {
  value: Promise<unknown>;
  loadedAt: number;
  /** Bumped by invalidate(): a load that finishes in a later epoch is not kept. */
  epoch: number;
}

export function createReadCache(
  ttlMs = READ_CACHE_TTL_MS,
  now: () => number = Date.now,
  maxEntries = MAX_ENTRIES,
): ReadCache {
  const entries = new Map<string, Entry>();
  let epoch = 0;

  function sweep(t: number) {
    for (const [k, e] of entries) if (t - e.loadedAt > ttlMs) entries.delete(k);
    if (entries.size > maxEntries) entries.clear();
  }

  return {
    get<T>(key: string, load: () => Promise<T>): Promise<T> {
      const t = now();
      const hit = entries.get(key);
      if (hit && t - hit.loadedAt <= ttlMs) return hit.value as Promise<T>;
      if (entries.size >= maxEntries) sweep(t);
      const started = epoch;
      const value = load();
      const entry: Entry = { value, loadedAt: t, epoch: started };
      entries.set(key, entry);
      value.then(
        () => {
          // Invalidated while loading: the rows read may predate the change.
          if (epoch !== started && entries.get(key) === entry) entries.delete(key);
        },
        () => {
          if (entries.get(key) === entry) entries.delete(key);
        },
      );
      return value;
    },
    invalidate(prefix: string) {
      epoch++;
      for (const k of [...entries.keys()]) if (k.startsWith(prefix)) entries.delete(k);
    },
  };
}

/**
 * One value per database handle (the root Kysely instance), made on first use and shared by every
 * service on it: several services (or apps in one test process) on one database see one cache.
 */
export function onePerDatabase<T>(create: () => T): (db: object) => T {
  const values = new WeakMap<object, T>();
  return (db) => {
    let value = values.get(db);
    if (value === undefined) {
      value = create();
      values.set(db, value);
    }
    return value;
  };
}

export const readCacheOf: (db: object) => ReadCache = onePerDatabase(() => createReadCache());

/** Called by a writer after its commit: drops the cached reads under `prefix` in this process. */
export function invalidateReads(db: object, prefix: string): void {
  readCacheOf(db).invalidate(prefix);
}
