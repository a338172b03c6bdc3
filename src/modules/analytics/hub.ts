import type { Kysely } from 'kysely';
import type { Logger } from '../../platform/logger';
import type { DB } from '../../schema';
import type { ScreenSnapshot } from './schemas';

export type SnapshotListener = (snapshot: ScreenSnapshot) => void;

export interface ScreenHubDeps {
  db: Kysely<DB>;
  logger: Logger;
  /** Builds a campaign's snapshot (the campaign looked up, then readSnapshot). */
  snapshot: (campaignId: string) => Promise<ScreenSnapshot>;
  /**
   * How often the watched campaigns' seq is read (one query for all of them). The aggregator in
   * this process nudges the hub at once; the poll is what other processes' commits wait for.
   */
  pollMs?: number;
}

/**
 * The one place a process reads the screen for its connected clients: one poll of seq for every
 * watched campaign, and one snapshot read per change, fanned out to every listener. A thousand
 * screens on one campaign cost the database what one does.
 */
export function createScreenHub(deps: ScreenHubDeps) {
  const pollMs = deps.pollMs ?? 200;
  const watched = new Map<
    string,
    { listeners: Set<SnapshotListener>; seq: number; last: ScreenSnapshot | null }
  >();
  let timer: NodeJS.Timeout | null = null;
  let polling: Promise<void> | null = null;
  let again = false;

  async function pollOnce() {
    const ids = [...watched.keys()];
    if (ids.length === 0) return;
    const seqs = new Map(
      (
        await deps.db
          .selectFrom('analytics_campaigns')
          .select(['campaign_id', 'seq'])
          .where('campaign_id', 'in', ids)
          .execute()
      ).map((r) => [r.campaign_id, Number(r.seq)]),
    );
    for (const id of ids) {
      const w = watched.get(id);
      const seq = seqs.get(id) ?? 0;
      if (!w || (w.last && seq <= w.seq)) continue;
      const snapshot = await deps.snapshot(id);
      w.seq = snapshot.seq;
      w.last = snapshot;
      for (const l of w.listeners) l(snapshot);
    }
  }

  /** Runs a poll now, or once more right after the one in flight (nudges coalesce). */
  function poll(): Promise<void> {
    if (polling) {
      again = true;
      return polling;
    }
    polling = (async () => {
      do {
        again = false;
        await pollOnce().catch((err) => deps.logger.warn({ err }, 'screen hub poll failed'));
      } while (again);
    })().finally(() => {
      polling = null;
    });
    return polling;
  }

  function ensureTimer() {
    if (timer || watched.size === 0) return;
    timer = setInterval(() => void poll(), pollMs);
    timer.unref();
  }

  return {
    /** Listens to a campaign's snapshots (each one newer than the last); returns the unsubscribe. */
    watch(campaignId: string, listener: SnapshotListener): () => void {
      let w = watched.get(campaignId);
      if (!w) {
        w = { listeners: new Set(), seq: -1, last: null };
        watched.set(campaignId, w);
      }
      w.listeners.add(listener);
      ensureTimer();
      return () => {
        const cur = watched.get(campaignId);
        cur?.listeners.delete(listener);
        if (cur && cur.listeners.size === 0) watched.delete(campaignId);
        if (watched.size === 0 && timer) {
          clearInterval(timer);
          timer = null;
        }
      };
    },
    /** The aggregator applied an event of this campaign: read it now rather than at the next poll. */
    nudge(campaignId: string) {
      if (watched.has(campaignId)) void poll();
    },
    /** Connected listeners, for the bench and /readyz-style reporting. */
    listeners: () => [...watched.values()].reduce((n, w) => n + w.listeners.size, 0),
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      watched.clear();
    },
  };
}

export type ScreenHub = ReturnType<typeof createScreenHub>;
