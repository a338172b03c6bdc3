import { existsSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Browser, chromium } from 'playwright-core';
import { seedBenchAgenda } from '../src/modules/programme/bulk';
import { createBenchDatabase } from './lib/database';
import { percentile } from './lib/load';
import { pageTimeline, printTimeline } from './lib/page-timeline';
import { report } from './lib/report';
import { withSeedContext } from './lib/seed-context';
import { benchServerEnv, repoRoot, startServerProcess } from './lib/server-process';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '30' },
    json: { type: 'string' },
    detail: { type: 'boolean', default: false },
    before: { type: 'string' },
    'cpu-profile': { type: 'string' },
  },
});
const RUNS = Number(values.runs);
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error('bench:agenda needs DATABASE_URL (a PostgreSQL server it may create a database on)');
  process.exit(2);
}
const CHROMIUM = '/usr/bin/chromium';
const SLUG = 'bench-agenda-summit';

/** A published 3-day tech summit with its 150-session agenda; returns the session count. */
async function seed(url: string): Promise<number> {
  return withSeedContext(url, async ({ ctx, services, user }) => {
    const now = new Date();
    const organizer = await user('organizer');
    const operator = await user('operator');
    // Three whole days in Shanghai, a week out (midnight to midnight, so every room's hours fit).
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 7, -8));
    const c = await services.campaigns.create(organizer, {
      slug: SLUG,
      kind: 'tech_summit',
      audiences: ['developers'],
      title: { 'zh-CN': '议程压测峰会', 'en-US': 'Agenda bench summit' },
      summary: { 'zh-CN': '', 'en-US': '' },
      body: { 'zh-CN': '', 'en-US': '' },
      theme: { primaryColor: '#13c2c2', bannerUrl: null },
      organizer: { name: 'Bench' },
      timezone: 'Asia/Shanghai',
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 3 * 86_400_000 - 60_000).toISOString(),
      phases: [],
    } as never);
    await services.campaigns.transition(organizer, c.id, 'in_review');
    await services.campaigns.transition(operator, c.id, 'published');
    const seeded = await seedBenchAgenda(ctx.db, c.id, organizer, { sessions: 150, rooms: 4, days: 3 });
    return seeded.sessionIds.length;
  });
}

/** The agenda page's two requests from Node, one at a time: the server's share of the page's time. */
async function printApiTimes(base: string) {
  const { campaign } = (await (await fetch(`${base}/api/campaigns/${SLUG}`)).json()) as {
    campaign: { id: string };
  };
  const urls = [`/api/campaigns/${SLUG}`, `/api/events/${campaign.id}/agenda`];
  for (const path of urls) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      const res = await fetch(`${base}${path}`, { headers: { 'accept-encoding': 'br, gzip' } });
      bytes = (await res.arrayBuffer()).byteLength;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(
      `  ${path}: p50 ${percentile(times, 50).toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms, ${bytes} bytes`,
    );
  }
}

interface Visit {
  /** Navigation start to `selector` on screen, as this process hears of it (one CDP event later). */
  ms: number;
  /**
   * The page's own clock: navigation start (performance.timeOrigin) to the first frame that
   * shows `selector` (a MutationObserver notes its arrival, the next animation frame is its paint).
   */
  pageMs: number;
  /**
   * The page's clock to the app running the page: a page the server drew (it carries
   * #carnival-page-data) answers clicks once the app has adopted it (html[data-app=ready],
   * web/src/app/App.tsx); a page the app drew itself runs from its first frame.
   */
  readyMs: number;
  /** The renderer's main-thread busy time and script time over the visit (CDP Performance metrics). */
  taskMs: number;
  scriptMs: number;
}

/**
 * The page reports its own moments on the console. No Playwright selector or polling runs in the
 * page while it loads: those inject Playwright's script (~100 ms of the main thread on a cold
 * page, a cost no visitor pays) and poll through the busy main thread.
 */
const pageProbe = (selector: string) => `(() => {
  const say = (what) => console.log('bench:' + what);
  const ready = () => {
    if (window.__readyAt !== undefined || window.__shownAt === undefined || window.__shownAt < 0) return;
    const drawn = document.getElementById('carnival-page-data');
    if (drawn && document.documentElement.dataset.app !== 'ready') return;
    window.__readyAt = drawn ? performance.now() : window.__shownAt;
    say('ready');
  };
  const seen = () => {
    ready();
    if (window.__shownAt !== undefined || !document.querySelector(${JSON.stringify(selector)})) return;
    window.__shownAt = -1;
    requestAnimationFrame((t) => { window.__shownAt = t; say('shown'); ready(); });
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-app'] });
})();`;

/** One visit to `url` in a fresh context (a first visit: no cache, no cookies). */
async function visit(browser: Browser, url: string, selector: string): Promise<Visit> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1360, height: 960 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.addInitScript({ content: pageProbe(selector) });
    const heard = (what: string) =>
      page.waitForEvent('console', { predicate: (m) => m.text() === `bench:${what}`, timeout: 30_000 });
    const shown = heard('shown');
    const ready = heard('ready');
    const started = performance.now();
    await page.goto(url, { waitUntil: 'commit' });
    await shown;
    const ms = performance.now() - started;
    await ready;
    // The DOM's types are not in the bench's compile: the page's globals by name.
    const times = await page.evaluate(() => {
      const w = globalThis as unknown as { __shownAt: number; __readyAt: number };
      return { pageMs: w.__shownAt, readyMs: w.__readyAt };
    });
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
    return { ms, ...times, taskMs: metric('TaskDuration'), scriptMs: metric('ScriptDuration') };
  } finally {
    await context.close();
  }
}

interface Target {
  name: string;
  url: string;
  selector: string;
}

/**
 * RUNS visits to every target, interleaved (a, b, c, a, b, c...): a before and an after server
 * see the same moments of a shared machine's load, so their difference is the change's.
 */
async function measure(browser: Browser, targets: Target[]) {
  // First answers warm the caches. Twice: a server's first request for a drawn page only starts
  // loading its renderer (page-render.ts) and gets the shell; the second is drawn and cached.
  for (let i = 0; i < 2; i++) for (const t of targets) await visit(browser, t.url, t.selector);
  const visits = new Map<string, Visit[]>(targets.map((t) => [t.name, []]));
  for (let i = 0; i < RUNS; i++)
    for (const t of targets) visits.get(t.name)!.push(await visit(browser, t.url, t.selector));
  const figures: Record<string, number> = {};
  /** Every visit's first frame on the page's clock, in visit order (the JSON's `runs`). */
  const pageMsByTarget: Record<string, number[]> = {};
  for (const [name, list] of visits) {
    const sorted = (pick: (v: Visit) => number) => list.map(pick).sort((a, b) => a - b);
    const ms = sorted((v) => v.ms);
    figures[`${name}P50Ms`] = percentile(ms, 50);
    figures[`${name}P99Ms`] = percentile(ms, 99);
    figures[`${name}MaxMs`] = ms.at(-1) ?? 0;
    pageMsByTarget[name] = list.map((v) => Math.round(v.pageMs));
    figures[`${name}PageOver1s`] = list.filter((v) => v.pageMs >= 1000).length;
    const pageMs = sorted((v) => v.pageMs);
    figures[`${name}PageP50Ms`] = percentile(pageMs, 50);
    figures[`${name}PageP99Ms`] = percentile(pageMs, 99);
    const readyMs = sorted((v) => v.readyMs);
    figures[`${name}ReadyP50Ms`] = percentile(readyMs, 50);
    figures[`${name}ReadyP99Ms`] = percentile(readyMs, 99);
    figures[`${name}MainThreadP50Ms`] = percentile(
      sorted((v) => v.taskMs),
      50,
    );
    figures[`${name}ScriptP50Ms`] = percentile(
      sorted((v) => v.scriptMs),
      50,
    );
  }
  return { figures, pageMsByTarget };
}

type Server = Awaited<ReturnType<typeof startServerProcess>>;

async function main() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  if (!existsSync(join(repoRoot, 'web', 'dist', 'index.html')))
    console.warn('web/dist is missing: the server builds it on its first start (slow)');
  const database = await createBenchDatabase(adminUrl!);
  const servers: Server[] = [];
  let browser: Browser | null = null;
  try {
    const sessions = await seed(database.url);
    const start = (root?: string) =>
      startServerProcess({
        env: benchServerEnv({
          DATABASE_URL: database.url,
          CARNIVAL_ADMIN_PASSWORD: 'bench-agenda-operator-1',
        }),
        args: ['--no-seed'],
        timeoutMs: 600_000,
        ...(root ? { root } : {}),
      });
    const server = await start();
    servers.push(server);
    const before = values.before ? await start(values.before) : null;
    if (before) servers.push(before);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const agendaPath = `/events/${SLUG}/agenda`;
    const agendaSelector = '[data-testid="agenda-rendered"] [data-testid="agenda-session"]';
    const hubSelector = '[data-testid="event-card"]';
    if (values.detail) {
      await visit(browser, `${server.url}${agendaPath}`, agendaSelector); // warm the server, as measure() does
      for (const locale of ['zh-CN', 'en-US'])
        printTimeline(
          await pageTimeline(
            browser,
            `${server.url}${agendaPath}`,
            agendaSelector,
            locale,
            values['cpu-profile'],
          ),
        );
      printTimeline(await pageTimeline(browser, `${server.url}/`, hubSelector));
      await printApiTimes(server.url);
    }
    const targets: Target[] = [
      { name: 'agenda', url: `${server.url}${agendaPath}`, selector: agendaSelector },
      { name: 'hub', url: `${server.url}/`, selector: hubSelector },
    ];
    if (before)
      targets.push(
        { name: 'agendaBefore', url: `${before.url}${agendaPath}`, selector: agendaSelector },
        { name: 'hubBefore', url: `${before.url}/`, selector: hubSelector },
      );
    const loadBefore = os.loadavg()[0]!;
    const { figures, pageMsByTarget } = await measure(browser, targets);
    report(
      {
        bench: 'agenda',
        setup: {
          database: 'postgres',
          sessions,
          days: 3,
          rooms: 4,
          runs: RUNS,
          browser: 'chromium headless',
          before: values.before ?? null,
        },
        runs: {},
        samples: pageMsByTarget,
        figures: {
          ...figures,
          loadAvg1mStart: loadBefore,
          loadAvg1mEnd: os.loadavg()[0]!,
          under1s: figures.agendaP99Ms! < 1000,
          // The page's own clock, without this process's CDP round trips (Visit.pageMs).
          under1sInPage: figures.agendaPageP99Ms! < 1000,
        },
      },
      process.argv,
    );
  } finally {
    await browser?.close();
    for (const s of servers) await s.stop();
    await database.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
