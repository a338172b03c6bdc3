import type { Role } from '../../platform/auth';
import { type Kv, KvUnavailableError } from '../../platform/kv';

/** A resolved session as the KV keeps it for a few seconds: what building the actor needs. */
export interface CachedSession {
  userId: string;
  role: Role;
  email: string;
  displayName: string;
  userCreatedAt: string;
  sessionId: string;
  sessionCreatedAt: string;
  lastSeenAt: string | null;
  reauthenticatedAt: string | null;
  expiresAt: string;
}

export const SESSION_CACHE_TTL_MS = 10_000;
/**
 * How long an invalidation blocks refills. A reader that loaded the row just before a sign-out
 * committed must not put it back afterwards: its write is `ifAbsent`, and the tombstone is
 * there. Only a reader stalled longer than this between its SELECT and its write could.
 */
export const SESSION_TOMBSTONE_TTL_MS = 30_000;
const TOMBSTONE = '-';

export type CacheLookup = CachedSession | 'tombstone' | 'miss' | 'unavailable';

/**
 * The session cache (issue 15: a flash-sale request runs no SQL for its session). Keyed by the
 * token's SHA-256, the same hash the sessions table stores, so the KV never holds a usable
 * token. Entries live SESSION_CACHE_TTL_MS; every change that ends a session or changes what the
 * actor says (sign-out, password change, role change, re-authentication) replaces the entry with
 * a tombstone right after it commits, so it takes effect on the next request in every process.
 * The KV failing never fails a request: lookups fall back to PostgreSQL.
 */
export function createSessionCache(kv: Kv | undefined) {
  const key = (tokenHash: string) => `sess:${tokenHash}`;
  // Only outages are absorbed; anything else (a bug, a bad value) surfaces.
  const absorb = (error: unknown) => {
    if (!(error instanceof KvUnavailableError)) throw error;
  };

  return {
    async get(tokenHash: string): Promise<CacheLookup> {
      if (!kv) return 'unavailable';
      let raw: string | null;
      try {
        raw = await kv.get(key(tokenHash));
      } catch (error) {
        absorb(error);
        return 'unavailable';
      }
      if (raw === null) return 'miss';
      if (raw === TOMBSTONE) return 'tombstone';
      return JSON.parse(raw) as CachedSession;
    },

    /** Never overwrites: a tombstone written meanwhile wins (see SESSION_TOMBSTONE_TTL_MS). */
    async fill(tokenHash: string, entry: CachedSession): Promise<void> {
      await kv
        ?.set(key(tokenHash), JSON.stringify(entry), { ttlMs: SESSION_CACHE_TTL_MS, ifAbsent: true })
        .catch(absorb);
    },

    /**
     * Removes a stale entry before its row is re-read. Deleting first means any tombstone this
     * deletes belongs to a change that committed before the re-read, which therefore sees it.
     */
    async drop(tokenHash: string): Promise<void> {
      await kv?.del(key(tokenHash)).catch(absorb);
    },

    async invalidate(tokenHashes: string[]): Promise<void> {
      if (!kv || tokenHashes.length === 0) return;
      // During a KV outage the write is lost; an entry written before it lives out its 10 s TTL.
      await Promise.all(
        tokenHashes.map((h) => kv.set(key(h), TOMBSTONE, { ttlMs: SESSION_TOMBSTONE_TTL_MS }).catch(absorb)),
      );
    },
  };
}

export type SessionCache = ReturnType<typeof createSessionCache>;
