/**
 * The server's render of a public page (src/platform/http/page-render.ts imports the build of
 * this file, web/dist-ssr/entry-server.mjs): the same components as the browser's, inside the
 * same providers and layout, with the page's answers given instead of fetched. The browser then
 * renders the app over it (web/src/main.tsx): the first paint no longer waits for the app's
 * scripts, and what the app draws is the same page.
 *
 * Rendered as a visitor who is not signed in (the server asks its API anonymously): the header's
 * sign-in links and the stars appear as they do before the browser's session answer arrives.
 */
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import type { Locale } from '../api/types';
import { AppLayout } from '../app/AppLayout';
import { I18nProvider, loadCatalogue, pickLocalized } from '../app/i18n';
import { zhCN } from '../app/i18n/zh-CN';
import { SessionProvider } from '../auth/session';
import AgendaPage from '../programme/agenda/AgendaPage';
import { type AgendaData, seedAgenda, unseedAgenda } from '../programme/agenda/agenda-data';

export interface RenderedPage {
  /** The markup of #root. */
  html: string;
  /** The document's title, as the page sets it once it runs. */
  title: string;
}

/** The agenda at `url` (path and query: the day, track and room filters are in the query). */
export async function renderAgenda(options: {
  url: string;
  slug: string;
  locale: Locale;
  data: AgendaData;
}): Promise<RenderedPage> {
  const { url, slug, locale, data } = options;
  const catalogue = await loadCatalogue(locale);
  const router = createMemoryRouter(
    [{ element: <AppLayout />, children: [{ path: '/events/:slug/agenda', Component: AgendaPage }] }],
    { initialEntries: [url] },
  );
  // renderToString is synchronous: the seed is there for this render only.
  seedAgenda(slug, data);
  try {
    // The tree of web/src/main.tsx and App.tsx, so that the browser can adopt this markup.
    const html = renderToString(
      <StrictMode>
        <I18nProvider locale={locale}>
          <SessionProvider>
            <RouterProvider router={router} />
          </SessionProvider>
        </I18nProvider>
      </StrictMode>,
    );
    const event = pickLocalized(data.campaign.title, locale);
    const heading = catalogue.messages['programme.agenda.title'] ?? zhCN['programme.agenda.title'];
    return { html, title: `${heading} · ${event}` };
  } finally {
    unseedAgenda(slug);
    router.dispose();
  }
}
