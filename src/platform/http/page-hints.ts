import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml } from './html';

/**
 * The SPA shell, with hints for the pages whose first visit is measured (issue 12: a summit's
 * agenda under 1 s, cold). Without them a first visit is three waits in a row: the shell's
 * scripts, then (once they ran) the page's chunk, then (once the route's loader ran) its data.
 * With them, index.html for `/events/:slug/agenda` names the page's chunk (`modulepreload`, from
 * Vite's manifest) and its two API answers (`preload as=fetch`), so the browser fetches all of
 * them while it is still loading the shell; the app's own requests then take the preloaded
 * answers. Any other path gets index.html as built.
 *
 * The API preloads are `crossorigin` (anonymous): that is the mode and credentials of the app's
 * fetch (cors, same-origin), which the browser needs to match a preload to the request.
 */
interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export interface PageHint {
  path: RegExp;
  /** The page's module, as the manifest names it (relative to web/). */
  module: string;
  /** What the page asks for first, from the path's captures (already checked by `path`). */
  data(...captures: string[]): string[];
}

/**
 * The agenda: its path, its chunk and its two answers (page-render.ts draws it from the same).
 * Slugs are lower-case letters, digits and dashes (campaigns/schemas.ts): nothing to escape.
 */
export const AGENDA_PAGE: PageHint = {
  path: /^\/events\/([a-z0-9][a-z0-9-]{1,79})\/agenda\/?$/,
  module: 'src/programme/agenda/AgendaPage.tsx',
  data: (slug) => [`/api/campaigns/${slug}`, `/api/events/${slug}/agenda`],
};

const PAGES: PageHint[] = [AGENDA_PAGE];

export interface RenderedParts {
  /** #root's markup, drawn on the server (page-render.ts). */
  root: string;
  title: string;
  lang: string;
  /** The page's data as script-safe JSON (page-render.ts scriptSafeJson). */
  dataJson: string;
}

export interface SpaShell {
  /** index.html for `path`, with its page's hints; null when the path has none (send the file). */
  htmlFor(path: string): string | null;
  /**
   * index.html for `path` with the page already drawn: its chunk's hints (no data preloads: the
   * data is in the page), its title and language, #root filled, the data beside it.
   */
  renderedPage(path: string, parts: RenderedParts): string | null;
}

/** The element the app renders into, as index.html has it (web/index.html). */
const EMPTY_ROOT = '<div id="root"></div>';

/** The chunk's file and every chunk it imports, depth first, each once. */
function chunkFiles(manifest: Manifest, key: string, seen = new Set<string>()): string[] {
  const chunk = manifest[key];
  if (!chunk || seen.has(key)) return [];
  seen.add(key);
  return [chunk.file, ...(chunk.imports ?? []).flatMap((k) => chunkFiles(manifest, k, seen))];
}

export function createSpaShell(webRoot: string): SpaShell {
  const none: SpaShell = { htmlFor: () => null, renderedPage: () => null };
  const manifestPath = join(webRoot, '.vite', 'manifest.json');
  if (!existsSync(manifestPath)) return none;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const index = readFileSync(join(webRoot, 'index.html'), 'utf8');
  if (!index.includes('</head>') || !index.includes(EMPTY_ROOT)) return none;

  // Per page, the links the shell does not already have (its own modulepreloads stay as built).
  const links = PAGES.map((page) => {
    const chunk = manifest[page.module];
    if (!chunk) return { page, modules: '', css: '', stylesheets: '' };
    const files = chunkFiles(manifest, page.module).filter((f) => !index.includes(`/${f}"`));
    return {
      page,
      modules: files.map((f) => `<link rel="modulepreload" crossorigin href="/${f}">`).join(''),
      css: (chunk.css ?? []).map((f) => `<link rel="preload" as="style" crossorigin href="/${f}">`).join(''),
      // A drawn page needs its styles for the first paint: applied, not only fetched. (Vite's
      // loader sees the link when the chunk asks for its CSS, and adds no second one.)
      stylesheets: (chunk.css ?? []).map((f) => `<link rel="stylesheet" crossorigin href="/${f}">`).join(''),
    };
  });

  return {
    htmlFor(path) {
      for (const { page, modules, css } of links) {
        const match = page.path.exec(path);
        if (!match) continue;
        const data = page
          .data(...match.slice(1))
          .map((url) => `<link rel="preload" as="fetch" crossorigin href="${url}">`)
          .join('');
        return index.replace('</head>', `${data}${modules}${css}</head>`);
      }
      return null;
    },
    renderedPage(path, parts) {
      const hints = links.find(({ page }) => page.path.test(path));
      if (!hints) return null;
      return index
        .replace(/<html(?:\s[^>]*)?>/, () => `<html lang="${escapeHtml(parts.lang)}">`)
        .replace(/<title>[^<]*<\/title>/, () => `<title>${escapeHtml(parts.title)}</title>`)
        .replace('</head>', () => `${hints.modules}${hints.stylesheets}</head>`)
        .replace(
          EMPTY_ROOT,
          () =>
            `<div id="root">${parts.root}</div><script type="application/json" id="carnival-page-data">${parts.dataJson}</script>`,
        );
    },
  };
}
