import type { Locale } from '../api/types';
import type { AgendaData } from '../programme/agenda/agenda-data';

/**
 * What the server rendered a page with (src/platform/http/page-render.ts and web/src/ssr): the
 * page's HTML arrives drawn, and its data rides along in a JSON script so the app's first render
 * is the same page without asking again. One page renders on the server today: the agenda.
 */
export const PAGE_DATA_ID = 'carnival-page-data';

export type PageData = { page: 'agenda'; slug: string; locale: Locale; data: AgendaData };

/** The rendered page's data, or null on a page the server did not render (or a bad payload). */
export function readPageData(): PageData | null {
  const el = typeof document === 'undefined' ? null : document.getElementById(PAGE_DATA_ID);
  if (!el?.textContent) return null;
  try {
    const parsed = JSON.parse(el.textContent) as PageData;
    return parsed?.page === 'agenda' && typeof parsed.slug === 'string' ? parsed : null;
  } catch {
    return null;
  }
}
