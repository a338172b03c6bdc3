import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { FastifyRequest } from 'fastify';
import { AGENDA_PAGE, type SpaShell } from './page-hints';

/**
 * Public pages drawn on the server (issue 12: a summit's agenda under 1 s on a cold visit). The
 * shell alone makes a first visit wait for the app's scripts (~0.5 MB to compile and run) before
 * anything shows; here the server renders the page with the browser's own components (the build
 * of web/src/ssr/entry-server.tsx) and sends it inside the shell, with the answers it used in a
 * JSON script (web/src/app/page-data.ts). The browser paints it as soon as the HTML and the
 * stylesheet are in; the app then renders the same page over it and takes over.
 *
 * - The data is the API's own answers, asked through `inject` without the visitor's cookies: the
 *   same bytes an anonymous fetch gets, so nothing private reaches a page or the cache, and the
 *   page's first render in the browser equals the server's.
 * - Renders are cached by what they are made of (locale, URL, the answers' bytes): a changed
 *   agenda is a new key, an unchanged one costs two inject calls and a hash (~50 ms saved).
 * - Never slower or worse than the plain shell: until the bundle has loaded (once, in the
 *   background, on the first such request), on any answer but 200, or on a render that throws,
 *   the caller sends the shell as before and the app fetches and renders the page itself.
 * - A render holds the event loop (~50 ms warm): at most `rendersPerSecond` new ones a second
 *   per process, the rest get the shell. Only the page's own filters (day, track, room, in a
 *   fixed order) reach the render and its cache key, so made-up query strings cannot force a
 *   render each.
 */
export interface PageRenderer {
  /** The page's finished document, or null to send the shell. */
  render(request: FastifyRequest, path: string): Promise<string | null>;
}

interface RenderedPage {
  html: string;
  title: string;
}

interface ServerEntry {
  renderAgenda(options: {
    url: string;
    slug: string;
    locale: 'zh-CN' | 'en-US';
    data: { campaign: unknown; agenda: unknown };
  }): Promise<RenderedPage>;
}

/** The language the visitor chose (web/src/app/i18n/context.tsx writes it beside the stored choice). */
const LOCALE_COOKIE = 'carnival_locale';
const MAX_CACHED = 64;
/** The agenda's filters (web/src/programme/agenda/AgendaPage.tsx), as the page reads them. */
const FILTERS: Array<[name: string, valid: RegExp]> = [
  ['day', /^\d{4}-\d{2}-\d{2}$/],
  ['track', /^[a-z]{2,8}_[0-9a-z]{10,40}$/],
  ['room', /^[a-z]{2,8}_[0-9a-z]{10,40}$/],
];

/** `?day=…&track=…&room=…` of what the request says, in that order; anything else dropped. */
export function pageQuery(requestUrl: string): string {
  const at = requestUrl.indexOf('?');
  if (at < 0) return '';
  const given = new URLSearchParams(requestUrl.slice(at + 1));
  const kept = new URLSearchParams();
  for (const [name, valid] of FILTERS) {
    const value = given.get(name);
    if (value && valid.test(value)) kept.set(name, value);
  }
  const text = kept.toString();
  return text ? `?${text}` : '';
}

/** JSON inside <script>: `<` escaped so no `</script>` or `<!--` can end or change the element. */
export const scriptSafeJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

export function createPageRenderer(
  entryFile: string,
  shell: SpaShell,
  { rendersPerSecond = 10 }: { rendersPerSecond?: number } = {},
): PageRenderer | undefined {
  if (!existsSync(entryFile)) return undefined;
  let entry: ServerEntry | null = null;
  let loading: Promise<void> | null = null;
  const cache = new Map<string, string>();
  let second = 0;
  let rendersThisSecond = 0;
  const mayRender = () => {
    const now = Math.floor(Date.now() / 1000);
    if (now !== second) {
      second = now;
      rendersThisSecond = 0;
    }
    return rendersThisSecond++ < rendersPerSecond;
  };

  const load = (request: FastifyRequest) => {
    loading ??= import(pathToFileURL(entryFile).href).then(
      (m: ServerEntry) => {
        entry = m;
      },
      (err: unknown) =>
        request.log.warn({ err }, 'the server render bundle did not load; pages go out as the shell'),
    );
  };

  const answer = async (request: FastifyRequest, url: string) => {
    const res = await request.server.inject({
      method: 'GET',
      url,
      headers: { 'accept-encoding': 'identity' },
    });
    return res.statusCode === 200 ? res.body : null;
  };

  return {
    async render(request, path) {
      const match = AGENDA_PAGE.path.exec(path);
      if (!match) return null;
      if (!entry) {
        load(request);
        return null;
      }
      const slug = match[1]!;
      const [campaignBody, agendaBody] = await Promise.all(
        AGENDA_PAGE.data(slug).map((u) => answer(request, u)),
      );
      if (!campaignBody || !agendaBody) return null;
      const locale = request.cookies?.[LOCALE_COOKIE] === 'en-US' ? 'en-US' : 'zh-CN';
      const url = `${path}${pageQuery(request.url)}`;
      const key = createHash('sha256')
        .update(`${locale}\n${url}\n`)
        .update(campaignBody)
        .update('\n')
        .update(agendaBody)
        .digest('base64url');
      const hit = cache.get(key);
      if (hit !== undefined) {
        cache.delete(key); // most recently used last
        cache.set(key, hit);
        return hit;
      }
      if (!mayRender()) return null;
      try {
        const data = {
          campaign: (JSON.parse(campaignBody) as { campaign: unknown }).campaign,
          agenda: JSON.parse(agendaBody),
        };
        const page = await entry.renderAgenda({ url, slug, locale, data });
        const html = shell.renderedPage(path, {
          root: page.html,
          title: page.title,
          lang: locale,
          dataJson: scriptSafeJson({ page: 'agenda', slug, locale, data }),
        });
        if (html === null) return null;
        cache.set(key, html);
        if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
        return html;
      } catch (err) {
        request.log.warn({ err, path }, 'server render failed; sending the shell');
        return null;
      }
    },
  };
}
