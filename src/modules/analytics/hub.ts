import type { Kysely } from 'kysely';
import { eventTrace, type StageMarks } from '../../platform/bus';
import type { Logger } from '../../platform/logger';
import type { DB } from '../../schema';
import type { ScreenSnapshot } from './schemas';

/**
 * The stages of the newest event a snapshot counts (eventTrace on: the freshness bench only):
 * the bus's marks, then when the hub's read began and ended, and when its frame was built.
 */
export interface ScreenTrace extends StageMarks {
  eventId: string;
  polled: number;
  read: number;
  framed?: number;
}
export type HubSnapshot = ScreenSnapshot & { trace?: ScreenTrace };
export type SnapshotListener = (snapshot: HubSnapshot) => void;

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
 * The one place a process reads the screen for its connected clients: one snapshot read per
 * change, fanned out to every listener, so a thousand screens on one campaign cost the database
 * what one does. A change applied by this process's aggregator is pushed: the hub reads the
 * snapshot right after the aggregator's commit (nudge). Changes applied elsewhere (another
 * process on the shared NATS consumer) are found by the poll of seq every `pollMs`.
 *
 * Coalescing is by load, not by a timer: while a read and its fan-out run, further nudges
 * collapse into one read right after it, so a screen gets every change as soon as it is read,
 * and under a burst one snapshot carries many events (issue 16 item 3: updates "at most one
 * second apart" is a floor on freshness; the stream's tick covers quiet seconds).
 */
export function createScreenHub(deps: ScreenHubDeps) {
  const pollMs = deps.pollMs ?? 200;
  const watched = new Map<
    string,
    {
      listeners: Set<SnapshotListener>;
      seq: number;
      last: ScreenSnapshot | null;
      /** The last event the aggregator reported applied (eventTrace only). */
      tracedEvent?: string;
    }
  >();
  let timer: NodeJS.Timeout | null = null;
  let polling: Promise<void> | null = null;
  let again = false;
  // Campaigns the aggregator of this process changed since the last read: read at once, with
  // no seq query first. The timer's poll (seq of every other watched campaign) is only for
  // changes made by other processes' aggregators.
  const nudged = new Set<string>();
  let timerDue = false;

  async function pollOnce() {
    const ids = [...watched.keys()];
    if (ids.length === 0) return;
    const polled = Date.now();
    const traced = eventTrace.enabled() ? new Map(ids.map((id) => [id, watched.get(id)?.tracedEvent])) : null;
    const pushed = ids.filter((id) => nudged.has(id));
    nudged.clear();
    const others = timerDue ? ids.filter((id) => !pushed.includes(id)) : [];
    timerDue = false;
    const seqs = new Map(
      others.length === 0
        ? []
        : (
            await deps.db
              .selectFrom('analytics_campaigns')
              .select(['campaign_id', 'seq'])
              .where('campaign_id', 'in', others)
              .execute()
          ).map((r) => [r.campaign_id, Number(r.seq)]),
    );
    const changed = [
      ...pushed,
      ...others.filter((id) => {
        const w = watched.get(id);
        return w && (!w.last || (seqs.get(id) ?? 0) > w.seq);
      }),
    ];
    await Promise.all(
      changed.map(async (id) => {
        const snapshot: HubSnapshot = await deps.snapshot(id);
        const w = watched.get(id);
        // Another read (a poll racing a push) may have delivered this seq already.
        if (!w || (w.last && snapshot.seq <= w.seq)) return;
        const eventId = traced?.get(id);
        if (eventId) snapshot.trace = { ...eventTrace.get(eventId), eventId, polled, read: Date.now() };
        w.seq = snapshot.seq;
        w.last = snapshot;
        for (const l of w.listeners) l(snapshot);
      }),
    );
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
    timer = setInterval(() => {
      timerDue = true;
      void poll();
    }, pollMs);
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
    nudge(campaignId: string, eventId?: string) {
      const w = watched.get(campaignId);
      if (!w) return;
      if (eventId) w.tracedEvent = eventId;
      nudged.add(campaignId);
      void poll();
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
