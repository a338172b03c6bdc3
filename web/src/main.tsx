import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { App } from './app/App';
import { initialLocale, preloadInitialLocale, rememberLocaleForServer } from './app/i18n';
import { readPageData } from './app/page-data';
import { router } from './app/router';
import { seedAgenda } from './programme/agenda/agenda-data';

// A page the server drew (src/platform/http/page-render.ts) came with its data: the app's first
// render uses it, so it is the server's page and React adopts the drawn DOM (hydration) instead
// of building it again.
const pageData = readPageData();
if (pageData) seedAgenda(pageData.slug, pageData.data);
// The server draws in the visitor's stored language once it knows it (a cookie beside the choice).
rememberLocaleForServer(initialLocale());

/** Logged when React could not adopt the server's page and drew its own (browser tests look for it). */
const DREW_AGAIN = 'carnival: the server-drawn page differed from the app, drawn again:';

/**
 * The router fetches the first page's chunk before it can render it. Over a drawn page the app
 * waits for that: hydrating before it would find an empty layout where the page is.
 */
const routerReady = () =>
  new Promise<void>((resolve) => {
    if (router.state.initialized) return resolve();
    const stop = router.subscribe((state) => {
      if (!state.initialized) return;
      stop();
      resolve();
    });
  });

// zh-CN is in the shell and resolves at once; a stored en-US waits for its catalogue's chunk.
void Promise.all([preloadInitialLocale(), pageData ? routerReady() : null]).then(() => {
  const root = document.getElementById('root')!;
  const app = (
    <StrictMode>
      <App />
    </StrictMode>
  );
  // Drawn in another language than the stored one (a first visit since the choice, before the
  // cookie existed): the app draws its own page over it. Any other difference React finds while
  // adopting the page (there should be none) makes it draw the page again: slower, never wrong.
  if (pageData && root.firstChild && pageData.locale === initialLocale())
    hydrateRoot(root, app, {
      // Named in words: production React reports a mismatch as a bare error number.
      onRecoverableError: (error) => console.error(DREW_AGAIN, error),
    });
  else createRoot(root).render(app);
});
