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
  if (!slug || seededAgenda(slug)) return;
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

/**
 * Answers the server rendered the page with (app/page-data.ts on the client, web/src/ssr on the
 * server): the page's first render uses them instead of asking again. Fresh as a prefetch is.
 */
const seeded = new Map<string, { at: number; data: AgendaData }>();

export function seedAgenda(slug: string, data: AgendaData): void {
  seeded.set(slug, { at: Date.now(), data });
}

export function unseedAgenda(slug: string): void {
  seeded.delete(slug);
}

export function seededAgenda(slug: string): AgendaData | undefined {
  const got = seeded.get(slug);
  if (got && Date.now() - got.at < FRESH_MS) return got.data;
  if (got) seeded.delete(slug);
  return undefined;
}
