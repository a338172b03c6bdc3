import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createSpaShell } from './page-hints';
import { createPageRenderer, scriptSafeJson } from './page-render';

const INDEX = `<!doctype html><html lang="zh-CN"><head><title>Carnival 官方活动</title>
<script type="module" crossorigin src="/assets/index-AAAAAAAA.js"></script>
</head><body><div id="root"></div></body></html>`;
const MANIFEST = {
  'index.html': { file: 'assets/index-AAAAAAAA.js' },
  'src/programme/agenda/AgendaPage.tsx': {
    file: 'assets/AgendaPage-DDDDDDDD.js',
    imports: ['index.html'],
    css: ['assets/programme-EEEEEEEE.css'],
  },
};

/** A stand-in for web/dist-ssr/entry-server.mjs: echoes what it was given, counts its renders. */
const ENTRY = `
globalThis.__renders = 0;
export async function renderAgenda({ url, slug, locale, data }) {
  globalThis.__renders++;
  if (slug === 'breaks') throw new Error('render failed');
  return {
    html: '<main data-url="' + url + '" data-locale="' + locale + '">' + data.agenda.sessions.join(',') + '</main>',
    title: 'Agenda · <' + data.campaign.title + '>',
  };
}`;

const dirs: string[] = [];
const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

let agendaSessions = ['a', 'b'];

async function setup({
  entry = ENTRY,
  rendersPerSecond,
}: {
  entry?: string | null;
  rendersPerSecond?: number;
} = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'carnival-render-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'index.html'), INDEX);
  mkdirSync(join(dir, '.vite'));
  writeFileSync(join(dir, '.vite', 'manifest.json'), JSON.stringify(MANIFEST));
  const entryFile = join(dir, 'entry-server.mjs');
  if (entry) writeFileSync(entryFile, entry);
  const renderer = createPageRenderer(entryFile, createSpaShell(dir), { rendersPerSecond });
  const app = Fastify();
  apps.push(app);
  await app.register(fastifyCookie); // as buildApp registers it
  app.get('/api/campaigns/:slug', async (req, reply) => {
    const { slug } = req.params as { slug: string };
    if (slug === 'missing') return reply.status(404).send({ error: { code: 'NOT_FOUND' } });
    return { campaign: { slug, title: `Summit ${slug}` } };
  });
  app.get('/api/events/:slug/agenda', async () => ({ sessions: agendaSessions }));
  app.get('/*', async (req, reply) => {
    const path = req.url.split('?')[0]!;
    const html = await renderer?.render(req, path);
    return html ? reply.type('text/html').send(html) : reply.send('SHELL');
  });
  await app.ready();
  return { app, renderer };
}

/** The first request starts loading the bundle and gets the shell; a later one is drawn. */
async function warm(app: FastifyInstance) {
  expect((await app.inject('/events/summit-2027/agenda')).body).toBe('SHELL');
  for (let i = 0; i < 50; i++) {
    const res = await app.inject('/events/summit-2027/agenda');
    if (res.body !== 'SHELL') return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the bundle never loaded');
}

describe('public pages drawn on the server', () => {
  it('sends the agenda drawn inside the shell, with its title, language, styles and data', async () => {
    agendaSessions = ['a', 'b'];
    const { app } = await setup();
    await warm(app);
    const res = await app.inject('/events/summit-2027/agenda?day=2027-03-02');
    const html = res.body;
    expect(html).toContain(
      '<div id="root"><main data-url="/events/summit-2027/agenda?day=2027-03-02" data-locale="zh-CN">a,b</main></div>',
    );
    expect(html).toContain('<title>Agenda · &lt;Summit summit-2027&gt;</title>');
    expect(html).toContain('<html lang="zh-CN">');
    // Its chunk is fetched with the shell and its stylesheet applies to the first paint; its data
    // is in the page, so nothing is preloaded from the API.
    expect(html).toContain('<link rel="modulepreload" crossorigin href="/assets/AgendaPage-DDDDDDDD.js">');
    expect(html).toContain('<link rel="stylesheet" crossorigin href="/assets/programme-EEEEEEEE.css">');
    expect(html).not.toContain('as="fetch"');
    const json = /<script type="application\/json" id="carnival-page-data">(.*?)<\/script>/.exec(html)?.[1];
    expect(JSON.parse(json!)).toEqual({
      page: 'agenda',
      slug: 'summit-2027',
      locale: 'zh-CN',
      data: {
        campaign: { slug: 'summit-2027', title: 'Summit summit-2027' },
        agenda: { sessions: ['a', 'b'] },
      },
    });
  });

  it('draws in the language of the carnival_locale cookie, zh-CN without one or with another value', async () => {
    const { app } = await setup();
    await warm(app);
    const en = await app.inject({
      url: '/events/summit-2027/agenda',
      headers: { cookie: 'x=1; carnival_locale=en-US' },
    });
    expect(en.body).toContain('data-locale="en-US"');
    expect(en.body).toContain('<html lang="en-US">');
    const odd = await app.inject({
      url: '/events/summit-2027/agenda',
      headers: { cookie: 'carnival_locale=fr-FR' },
    });
    expect(odd.body).toContain('data-locale="zh-CN"');
  });

  it('renders once per content: the same answers reuse the page, a changed agenda is drawn again', async () => {
    agendaSessions = ['a', 'b'];
    const { app } = await setup();
    await warm(app);
    const g = globalThis as unknown as { __renders: number };
    const first = await app.inject('/events/summit-2027/agenda');
    const renders = g.__renders;
    expect((await app.inject('/events/summit-2027/agenda')).body).toBe(first.body);
    expect(g.__renders).toBe(renders);
    agendaSessions = ['a', 'b', 'c'];
    expect((await app.inject('/events/summit-2027/agenda')).body).toContain('a,b,c');
    expect(g.__renders).toBe(renders + 1);
  });

  it('falls back to the shell: an unknown event, a render that throws, other paths, no bundle', async () => {
    const { app } = await setup();
    await warm(app);
    expect((await app.inject('/events/missing/agenda')).body).toBe('SHELL');
    expect((await app.inject('/events/breaks/agenda')).body).toBe('SHELL');
    expect((await app.inject('/events/summit-2027')).body).toBe('SHELL');
    expect((await app.inject('/events/Not_A_Slug/agenda')).body).toBe('SHELL');
    const without = await setup({ entry: null });
    expect(without.renderer).toBeUndefined();
    const broken = await setup({ entry: 'export const renderAgenda = ;' });
    for (let i = 0; i < 5; i++)
      expect((await broken.app.inject('/events/summit-2027/agenda')).body).toBe('SHELL');
  });

  it('renders only the page’s own filters, so made-up query strings share one page', async () => {
    agendaSessions = ['a'];
    const { app } = await setup();
    await warm(app);
    const g = globalThis as unknown as { __renders: number };
    const first = await app.inject('/events/summit-2027/agenda?x=1');
    expect(first.body).toContain('data-url="/events/summit-2027/agenda"');
    const renders = g.__renders;
    for (const junk of ['?x=2', '?utm_source=a&x=3', '?day=not-a-day', '?track=%3Cb%3E'])
      expect((await app.inject(`/events/summit-2027/agenda${junk}`)).body).toBe(first.body);
    expect(g.__renders).toBe(renders);
    const filtered = await app.inject(
      '/events/summit-2027/agenda?room=room_01h00000000000000000000000&z=1&day=2027-03-02',
    );
    expect(filtered.body).toContain(
      'data-url="/events/summit-2027/agenda?day=2027-03-02&room=room_01h00000000000000000000000"',
    );
  });

  it('draws at most rendersPerSecond new pages a second; the rest get the shell, cached ones still go out', async () => {
    agendaSessions = ['budget'];
    const { app } = await setup({ rendersPerSecond: 2 });
    await warm(app); // one render spent on a page that is cached now
    const bodies = [];
    for (const day of ['2027-03-01', '2027-03-02', '2027-03-03'])
      bodies.push((await app.inject(`/events/summit-2027/agenda?day=${day}`)).body);
    expect(bodies.filter((b) => b === 'SHELL').length).toBeGreaterThanOrEqual(1);
    expect((await app.inject('/events/summit-2027/agenda')).body).not.toBe('SHELL');
  });

  it('keeps JSON inside <script> from closing it or opening a comment', () => {
    const text = scriptSafeJson({ title: '</script><script>alert(1)</script><!--', sep: '\u2028' });
    expect(text).not.toContain('<');
    expect(text).not.toContain('\u2028');
    expect(JSON.parse(text)).toEqual({ title: '</script><script>alert(1)</script><!--', sep: '\u2028' });
  });
});
