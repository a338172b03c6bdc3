/**
 * The conference programme in a real browser against the real server and its demo data
 * (docs/programme.md): the demo organizer places a confirmed session in the grid editor by
 * click-to-place, double-books its speaker and reads the conflict explained in Chinese, resolves
 * it by moving the second session, and publishes; a visitor opens the agenda, stars the session
 * into "my schedule" and downloads the agenda's and the personal iCalendar feeds, both with the
 * session's SUMMARY. Screenshots with CARNIVAL_SCREENSHOTS=1 (docs/screenshots/programme-*.png).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/seed';
import {
  eventually,
  launchBrowser,
  runBrowserTests,
  screenshotPath,
  screenshots,
  startTarget,
  type Target,
} from './browser';
import { ok } from './festival';

const DESKTOP = { viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' };

interface Programme {
  event: { id: string; timezone: string; days: { date: string; startsAt: string }[] };
  rooms: { id: string }[];
  sessions: { id: string; title: string; placement: unknown }[];
  conflicts: unknown[];
  versions: { number: number }[];
}

/** "HH:MM" of an instant in the zone, rounded up to the editor's quarter hour. */
function wallQuarter(iso: string, tz: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const h = Number(parts.find((p) => p.type === 'hour')!.value);
  const m = Number(parts.find((p) => p.type === 'minute')!.value);
  const total = Math.ceil((h * 60 + m) / 15) * 15;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}
const plus = (hhmm: string, minutes: number) => {
  const [h, m] = hhmm.split(':').map(Number);
  const total = h! * 60 + m! + minutes;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
};

/** The SUMMARY values of an iCalendar text (lines unfolded, RFC 5545 escapes undone). */
function summaries(ics: string): string[] {
  return ics
    .replace(/\r?\n[ \t]/g, '')
    .split(/\r?\n/)
    .filter((l) => /^SUMMARY[;:]/.test(l))
    .map((l) =>
      l
        .slice(l.indexOf(':') + 1)
        .replace(/\\([,;\\])/g, '$1')
        .replace(/\\n/gi, '\n'),
    );
}

describe.runIf(runBrowserTests)('the conference programme in the browser', () => {
  let server: Target;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startTarget();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedIn(email: string, password = DEMO_PASSWORD): Promise<BrowserContext> {
    const context = await browser.newContext(DESKTOP);
    await ok(context.request.post(`${server.url}/api/auth/login`, { data: { email, password } }));
    return context;
  }

  const cell = (page: Page, roomId: string, time: string) =>
    page.locator(`[data-testid="grid-cell"][data-room-id="${roomId}"][data-time="${time}"]`);

  it('places a session, explains a double-booked speaker, resolves it, publishes; a visitor saves it and gets the iCalendar', async () => {
    const organizer = await signedIn('organizer@carnival.local');
    const api = organizer.request;
    // The organizer's newest tech summit on sale (the Apsara conference's next edition).
    const managed = await ok<{
      items: { id: string; slug: string; kind: string; status: string; startsAt: string }[];
    }>(api.get(`${server.url}/api/manage/campaigns`));
    const summit = managed.items
      .filter((c) => c.kind === 'tech_summit' && (c.status === 'published' || c.status === 'live'))
      .sort((a, b) => b.startsAt.localeCompare(a.startsAt))[0]!;
    expect(summit).toBeTruthy();
    const before = await ok<Programme>(api.get(`${server.url}/api/organizer/events/${summit.id}/programme`));
    expect(before.conflicts).toEqual([]);
    const tz = before.event.timezone;
    const day1 = before.event.days[0]!;

    // Two empty rooms of the test's own, open all day, and one speaker with two confirmed talks.
    const room = async (zh: string, en: string) =>
      (
        await ok<{ room: { id: string } }>(
          api.post(`${server.url}/api/organizer/events/${summit.id}/rooms`, {
            headers: { 'Idempotency-Key': `e2e-room-${en.replace(/\W/g, '')}` },
            data: { name: { 'zh-CN': zh, 'en-US': en }, capacity: 300, opensAt: '06:00', closesAt: '23:00' },
          }),
        )
      ).room.id;
    const roomA = await room('测试一号厅', 'Test hall A');
    const roomB = await room('测试二号厅', 'Test hall B');
    const speaker = (
      await ok<{ speaker: { id: string } }>(
        api.post(`${server.url}/api/organizer/events/${summit.id}/speakers`, {
          headers: { 'Idempotency-Key': 'e2e-speaker' },
          data: { name: '林测试', company: '示例科技' },
        }),
      )
    ).speaker.id;
    const talk = async (title: string, n: number) =>
      (
        await ok<{ session: { id: string } }>(
          api.post(`${server.url}/api/organizer/events/${summit.id}/sessions`, {
            headers: { 'Idempotency-Key': `e2e-talk-${n}` },
            data: { kind: 'talk', title, language: 'zh-CN', durationMinutes: 30, speakerIds: [speaker] },
          }),
        )
      ).session.id;
    const first = await talk('浏览器测试：云原生可观测性', 1);
    const second = await talk('浏览器测试：Serverless 实战', 2);

    const page = await organizer.newPage();
    await page.goto(`${server.url}/console/programme/${summit.id}?tab=editor`);
    await page.getByTestId('schedule-editor').waitFor();
    const start = wallQuarter(day1.startsAt, tz);

    // Click-to-place: pick the first talk in the side list, then click a cell of room A.
    await page.locator(`[data-testid="unscheduled-session"][data-session-id="${first}"]`).click();
    await eventually(() => page.getByTestId('editor-hint').textContent()).toContain('已选中');
    await cell(page, roomA, start).click();
    await page.locator(`[data-testid="placed-session"][data-session-id="${first}"]`).waitFor();
    if (screenshots) await page.screenshot({ path: screenshotPath('programme-editor.png'), fullPage: true });

    // The second talk at the same time in room B: the speaker is double-booked.
    await page.locator(`[data-testid="unscheduled-session"][data-session-id="${second}"]`).click();
    await cell(page, roomB, start).click();
    const conflict = page.locator('[data-testid="conflict-item"][data-kind="speaker_double_booked"]');
    await conflict.first().waitFor();
    expect(await conflict.first().textContent()).toContain('林测试 同时出现在两处');
    expect(
      await page
        .locator(`[data-testid="placed-session"][data-session-id="${second}"]`)
        .getAttribute('data-conflict'),
    ).toBe('true');
    if (screenshots)
      await page.screenshot({ path: screenshotPath('programme-conflict.png'), fullPage: true });

    // Publishing is refused with the conflict list while it lasts.
    await page.getByTestId('tab-versions').click();
    await page.getByTestId('publish').click();
    await page.getByTestId('publish-refused').waitFor();
    expect(await page.getByTestId('publish-refused').textContent()).toContain('同时出现在两处');

    // Resolve: pick the second talk on the grid and move it to right after the first.
    await page.getByTestId('tab-editor').click();
    await page.locator(`[data-testid="placed-session"][data-session-id="${second}"]`).click();
    await cell(page, roomB, plus(start, 30)).click();
    await page.getByTestId('no-conflicts').waitFor();

    await page.getByTestId('tab-versions').click();
    await page.getByTestId('publish-note').fill('浏览器测试：新增两场演讲');
    await page.getByTestId('publish').click();
    const next = (before.versions.at(-1)?.number ?? 0) + 1;
    await page.locator(`[data-testid="version"][data-number="${next}"]`).waitFor();
    if (screenshots)
      await page.screenshot({ path: screenshotPath('programme-versions.png'), fullPage: true });

    // A visitor: the agenda shows the talk; ☆ saves it into my schedule.
    const visitor = await signedIn('consumer@carnival.local');
    const agenda = await visitor.newPage();
    const agendaUrl = `${server.url}/events/${summit.slug}/agenda?day=${day1.date}`;
    // The server draws the agenda (page-render.ts): the HTML already has the sessions and the
    // data the app adopts them with. (Its first request only starts loading the renderer.)
    await eventually(async () => (await visitor.request.get(agendaUrl)).text()).toContain(
      'id="carnival-page-data"',
    );
    const drawn = await (await visitor.request.get(agendaUrl)).text();
    expect(drawn).toContain(`data-session-id="${first}"`);
    expect(drawn).toContain('data-testid="agenda-rendered"');
    const consoleErrors: string[] = [];
    agenda.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await agenda.goto(agendaUrl);
    await agenda.getByTestId('agenda-rendered').waitFor();
    // The server drew the page: the ☆ answers once the app has adopted it.
    await agenda.locator('html[data-app="ready"]').waitFor();
    const item = agenda.locator(`[data-testid="agenda-session"][data-session-id="${first}"]`);
    await item.waitFor();
    await item.getByTestId('agenda-star').click();
    await eventually(() => item.getByTestId('agenda-star').getAttribute('aria-pressed')).toBe('true');
    // React adopted the drawn page as it was: no hydration mismatch was reported.
    // (web/src/main.tsx logs it in words; production React would only give an error number.)
    expect(consoleErrors.filter((e) => e.includes('server-drawn page differed'))).toEqual([]);
    if (screenshots)
      await agenda.screenshot({ path: screenshotPath('programme-agenda.png'), fullPage: true });
    const mine = await ok<{ items: { entry: { sessionId: string } }[]; feedUrl: string }>(
      visitor.request.get(`${server.url}/api/me/agenda`),
    );
    expect(mine.items.map((i) => i.entry.sessionId)).toContain(first);

    // The agenda's iCalendar, from the page's link.
    const icalHref = await agenda.getByTestId('agenda-ical').getAttribute('href');
    const ical = await visitor.request.get(`${server.url}${icalHref}`);
    expect(ical.headers()['content-type']).toContain('text/calendar');
    expect(summaries(await ical.text())).toContain('浏览器测试：云原生可观测性');

    // My schedule: the personal feed URL the page shows, fetched without the session cookie.
    const me = await visitor.newPage();
    await me.goto(`${server.url}/me/agenda`);
    await me.locator(`[data-testid="my-agenda-session"][data-session-id="${first}"]`).waitFor();
    const feedUrl = await me.locator('[data-testid="my-feed-url"]').inputValue();
    if (screenshots) await me.screenshot({ path: screenshotPath('programme-my-agenda.png'), fullPage: true });
    const feed = await fetch(feedUrl);
    expect(feed.status).toBe(200);
    expect(summaries(await feed.text())).toContain('浏览器测试：云原生可观测性');

    // The session page: speaker, room and time in the event's zone.
    await agenda.goto(`${server.url}/sessions/${first}`);
    await agenda.getByTestId('session-page').waitFor();
    expect(await agenda.getByTestId('session-title').textContent()).toBe('浏览器测试：云原生可观测性');
    expect(await agenda.getByTestId('session-when').textContent()).toContain(start);
    expect(await agenda.getByTestId('speaker').textContent()).toContain('林测试');
  }, 240_000);
});
