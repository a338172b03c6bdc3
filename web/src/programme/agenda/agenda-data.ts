import { campaignsApi } from '../../api';
import { programmeApi } from '../api';

// The agenda answers by slug too, so both requests go at once (they were one after the other).
const load = (slug: string) =>
  Promise.all([campaignsApi.get(slug), programmeApi.agenda(slug)]).then(([campaign, agenda]) => ({
    campaign,
    agenda,
  }));

export type AgendaData = Awaited<ReturnType<typeof load>>;

/** A prefetch older than this is not used: the page asks again. */
const FRESH_MS = 10_000;
const early = new Map<string, { at: number; answer: Promise<AgendaData> }>();

/**
 * Called by the route's loader (app/router.tsx), in parallel with the page's chunk: the
 * campaign-then-agenda requests are already under way when AgendaPage mounts.
 */
export function prefetchAgenda(slug: string): void {
  if (!slug) return;
  const answer = load(slug);
  answer.catch(() => undefined); // the page sees the error when it takes the answer
  early.set(slug, { at: Date.now(), answer });
}

/** The agenda page's data: the prefetched answer once (if fresh), else a new request. */
export function agendaData(slug: string): Promise<AgendaData> {
  const got = early.get(slug);
  early.delete(slug);
  return got && Date.now() - got.at < FRESH_MS ? got.answer : load(slug);
}
