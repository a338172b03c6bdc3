/**
 * The programme as an attendee sees it, in a real browser against the real server and its demo
 * data (docs/programme-pages.md): a ticket holder reserves a workshop seat (seats left drops by
 * one), a full workshop offers its waiting list and shows the place, a seat given back goes to
 * the first in line; a visitor without a ticket is sent to the ticket page, a signed-out one to
 * sign in. Change notices: the organizer publishes a version that moves a session the demo
 * shopper saved; the user menu shows the unread count, my schedule names the session and where
 * it moved, and marking read clears the badge. Feedback: the server's clock moves past a talk of
 * the merchant conference, a checked-in attendee rates it and its speaker reads it on 听众反馈.
 * Screenshots with CARNIVAL_SCREENSHOTS=1 (docs/screenshots/programme-seat.png, ...).
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
const LONG = { timeout: 60_000 };

/** The server's clock: the feedback test moves it past a talk. */
let clockOffsetMs = 0;
const clock = { now: () => new Date(Date.now() + clockOffsetMs) };

interface Session {
  id: string;
  kind: string;
  title: string;
  seats: number | null;
  seatsTaken: number;
  status: string;
  placement: { roomId: string; startsAt: string; endsAt: string } | null;
}
interface Programme {
  event: { id: string; slug: string; timezone: string; days: { date: string }[] };
  rooms: { id: string; name: { 'en-US': string } }[];
  sessions: Session[];
  conflicts: unknown[];
}

describe.runIf(runBrowserTests)('the programme for attendees in the browser', () => {
  let server: Target;
  let browser: Browser;
  let organizer: BrowserContext;
  let summit: { id: string; slug: string };

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startTarget(undefined, {}, { clock });
    organizer = await signedIn('organizer@carnival.local');
    const managed = await ok<{ items: { id: string; slug: string; kind: string; startsAt: string }[] }>(
      organizer.request.get(`${server.url}/api/manage/campaigns`),
    );
    // The Apsara edition the demo seeds a programme for (the newest tech summit).
    summit = managed.items
      .filter((c) => c.kind === 'tech_summit')
      .sort((a, b) => b.startsAt.localeCompare(a.startsAt))[0]!;
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
  const programmeOf = (eventId: string) =>
    ok<Programme>(organizer.request.get(`${server.url}/api/organizer/events/${eventId}/programme`));
  const publish = (eventId: string, note: string) =>
    ok(
      organizer.request.post(`${server.url}/api/organizer/events/${eventId}/schedule/versions`, {
        headers: { 'Idempotency-Key': `e2e-publish-${note}` },
        data: { note },
      }),
    );
  const placeAt = async (sessionId: string, roomId: string, startsAt: string) => {
    const r = await ok<{ conflicts: unknown[] }>(
      organizer.request.put(`${server.url}/api/organizer/sessions/${sessionId}/placement`, {
        data: { roomId, startsAt },
      }),
    );
    expect(r.conflicts).toEqual([]);
  };
  const wall = (date: string, hhmm: string) => `${date}T${hhmm}:00+08:00`;
  const seatsLeft = async (page: Page) =>
    Number(await page.getByTestId('seats-left').getAttribute('data-left'));

  it('reserves a workshop seat, waits in line for a full one and gets the seat given back', async () => {
    const prog = await programmeOf(summit.id);
    expect(prog.event.timezone).toBe('Asia/Shanghai');
    const demoWorkshop = prog.sessions.find((s) => s.kind === 'workshop' && s.seats && s.placement)!;

    // Signed out: a sign-in link that comes back here.
    const anonymous = await browser.newContext(DESKTOP);
    const anon = await anonymous.newPage();
    await anon.goto(`${server.url}/sessions/${demoWorkshop.id}`);
    await anon.getByTestId('seat-panel').waitFor(LONG);
    expect(await anon.getByTestId('seat-sign-in').getAttribute('href')).toBe(
      `/login?next=${encodeURIComponent(`/sessions/${demoWorkshop.id}`)}`,
    );
    await anonymous.close();

    // Signed in without a ticket (the demo shopper only waits for the dinner): buy one first.
    const shopper = await signedIn('consumer@carnival.local');
    const noTicket = await shopper.newPage();
    await noTicket.goto(`${server.url}/sessions/${demoWorkshop.id}`);
    await noTicket.getByTestId('seat-no-ticket').waitFor(LONG);
    expect(await noTicket.getByTestId('seat-no-ticket').textContent()).toContain('有效门票');
    expect(await noTicket.getByTestId('seat-buy-ticket').getAttribute('href')).toBe(
      `/events/${prog.event.slug}/tickets`,
    );
    await shopper.close();

    // The demo merchant holds a ticket: reserving takes one seat.
    const merchant = await signedIn('merchant@carnival.local');
    const page = await merchant.newPage();
    await page.goto(`${server.url}/sessions/${demoWorkshop.id}`);
    await page.getByTestId('seat-reserve').waitFor(LONG);
    const before = await seatsLeft(page);
    await page.getByTestId('seat-reserve').click();
    await page.locator('[data-testid="seat-status"][data-status="reserved"]').waitFor(LONG);
    await eventually(() => seatsLeft(page)).toBe(before - 1);
    if (screenshots) await page.screenshot({ path: screenshotPath('programme-seat.png'), fullPage: true });

    // A workshop of one seat, published; the merchant takes it.
    const lab = prog.rooms.find((r) => r.name['en-US'] === 'Hands-on lab')!;
    const small = (
      await ok<{ session: { id: string } }>(
        organizer.request.post(`${server.url}/api/organizer/events/${summit.id}/sessions`, {
          headers: { 'Idempotency-Key': 'e2e-small-workshop' },
          data: {
            kind: 'workshop',
            title: '浏览器测试：一人工作坊',
            language: 'zh-CN',
            durationMinutes: 60,
            seats: 1,
          },
        }),
      )
    ).session.id;
    await placeAt(small, lab.id, wall(prog.event.days[0]!.date, '16:00'));
    await publish(summit.id, 'e2e-small-workshop');
    await page.goto(`${server.url}/sessions/${small}`);
    await page.getByTestId('seat-reserve').click();
    await page.getByTestId('seat-full').waitFor(LONG);
    expect(await seatsLeft(page)).toBe(0);

    // The agenda tags it full.
    const agenda = await merchant.newPage();
    await agenda.goto(`${server.url}/events/${summit.slug}/agenda?day=${prog.event.days[0]!.date}`);
    await agenda.getByTestId('agenda-rendered').waitFor(LONG);
    const tag = agenda.locator(
      `[data-testid="agenda-session"][data-session-id="${small}"] [data-testid="agenda-seats"]`,
    );
    expect(await tag.textContent()).toBe('已满');

    // Another ticket holder (the partner has a dinner ticket) joins the waiting list: first in line.
    const partner = await signedIn('partner@carnival.local');
    const waiting = await partner.newPage();
    await waiting.goto(`${server.url}/sessions/${small}`);
    await waiting.getByTestId('seat-join-waitlist').click();
    const status = waiting.locator('[data-testid="seat-status"][data-status="waiting"]');
    await status.waitFor(LONG);
    expect(await status.textContent()).toBe('候补第 1 位');
    if (screenshots)
      await waiting.screenshot({ path: screenshotPath('programme-seat-waiting.png'), fullPage: true });

    // The merchant gives the seat back (after confirming); it goes to the partner.
    await page.reload();
    await page.getByTestId('seat-cancel').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '取消预约' }).click();
    await page.getByTestId('seat-reserve').or(page.getByTestId('seat-join-waitlist')).waitFor(LONG);
    await waiting.reload();
    await waiting.locator('[data-testid="seat-status"][data-status="reserved"]').waitFor(LONG);

    // My schedule lists the partner's seat.
    const me = await partner.newPage();
    await me.goto(`${server.url}/me/agenda`);
    await me
      .locator(`[data-testid="my-seat"][data-session-id="${small}"][data-status="reserved"]`)
      .waitFor(LONG);
    await partner.close();
    await merchant.close();
  }, 240_000);

  it('tells the shopper about a moved session: badge, notice with where it moved, marked read', async () => {
    const prog = await programmeOf(summit.id);
    const hallA = prog.rooms.find((r) => r.name['en-US'] === 'Hall A')!;
    // Hall A's talks on the last day that has any (wall times 09:00–18:00 at +08:00 keep the UTC date).
    const talks = prog.sessions
      .filter((s) => s.kind === 'talk' && s.status !== 'cancelled' && s.placement?.roomId === hallA.id)
      .sort((a, b) => a.placement!.startsAt.localeCompare(b.placement!.startsAt));
    const lastDay = talks.at(-1)!.placement!.startsAt.slice(0, 10);
    const onLastDay = talks.filter((s) => s.placement!.startsAt.startsWith(lastDay));
    const talk = onLastDay.at(-1)!;
    const shopper = await signedIn('consumer@carnival.local');
    await ok(shopper.request.put(`${server.url}/api/me/agenda/${talk.id}`));
    const before = await ok<{ unread: number }>(
      shopper.request.get(`${server.url}/api/me/programme-notices/unread`),
    );
    // Nothing is on at 17:15 on the last day: moved there, the talk conflicts with nothing.
    await placeAt(talk.id, hallA.id, wall(lastDay, '17:15'));
    const published = (await publish(summit.id, 'e2e-move')) as { version: { number: number } };
    const version = published.version.number;

    const page = await shopper.newPage();
    await page.goto(`${server.url}/events/${summit.slug}/agenda`);
    await page.getByTestId('agenda-rendered').waitFor(LONG);
    await page.locator('[data-testid="user-menu-dot"] .ant-badge-dot').waitFor(LONG);
    await page.getByTestId('user-menu').click();
    const badge = page.getByTestId('nav-notices-badge');
    await badge.waitFor(LONG);
    expect(await badge.textContent()).toBe(String(before.unread + 1));
    // Click once the menu has stopped sliding in (a click during the motion can land on the row above).
    await page.locator('.ant-dropdown:not([class*="-enter"]):not([class*="-appear"])').waitFor(LONG);
    await page.getByTestId('nav-my-agenda').click();
    await page.waitForURL(/\/me\/agenda$/, LONG);
    await page.getByTestId('programme-notices').waitFor(LONG);
    const first = page.getByTestId('programme-notice').first();
    expect(await first.getAttribute('data-version')).toBe(String(version));
    expect(await first.getAttribute('data-read')).toBe('false');
    const line = first.locator(`[data-testid="notice-session"][data-session-id="${talk.id}"]`);
    const text = await line.textContent();
    expect(text).toContain(talk.title);
    expect(text).toContain('改到');
    expect(text).toContain('17:15');
    expect(await first.textContent()).toContain(`议程第 ${version} 版更新了你收藏的`);
    if (screenshots) {
      await page.screenshot({ path: screenshotPath('programme-notices.png'), fullPage: true });
      // The same page in English, for a look at the en-US wording.
      const english = await browser.newContext({ ...DESKTOP, locale: 'en-US' });
      await english.addInitScript({ content: `localStorage.setItem('carnival.locale', 'en-US');` });
      await ok(
        english.request.post(`${server.url}/api/auth/login`, {
          data: { email: 'consumer@carnival.local', password: DEMO_PASSWORD },
        }),
      );
      const en = await english.newPage();
      await en.goto(`${server.url}/me/agenda`);
      await en.getByTestId('programme-notices').waitFor(LONG);
      await en.screenshot({ path: screenshotPath('programme-notices-en.png'), fullPage: true });
      await english.close();
    }

    await page.getByTestId('notices-read-all').click();
    await eventually(() => page.locator('[data-testid="programme-notice"][data-read="false"]').count()).toBe(
      0,
    );
    await eventually(() => page.locator('[data-testid="user-menu-dot"] .ant-badge-dot').count()).toBe(0);
    const after = await ok<{ unread: number }>(
      shopper.request.get(`${server.url}/api/me/programme-notices/unread`),
    );
    expect(after.unread).toBe(0);
    await shopper.close();
  }, 240_000);

  it('shows a speaker the ratings and comments of their talk once it is over', async () => {
    const managed = await ok<{ items: { id: string; kind: string; slug: string }[] }>(
      organizer.request.get(`${server.url}/api/manage/campaigns`),
    );
    const conference = managed.items.find((c) => c.slug === 'global-merchant-conference-2026')!;
    const prog = await programmeOf(conference.id);
    const day = prog.event.days[0]!.date;
    const main = prog.rooms[0]!;
    // A talk by a demo speaker (linked by e-mail) after the keynotes of the first day.
    const speaker = (
      await ok<{ speaker: { id: string } }>(
        organizer.request.post(`${server.url}/api/organizer/events/${conference.id}/speakers`, {
          headers: { 'Idempotency-Key': 'e2e-feedback-speaker' },
          data: { name: '周子衡', email: 'speaker1@carnival.local', company: '星河智算' },
        }),
      )
    ).speaker.id;
    const talk = (
      await ok<{ session: { id: string } }>(
        organizer.request.post(`${server.url}/api/organizer/events/${conference.id}/sessions`, {
          headers: { 'Idempotency-Key': 'e2e-feedback-talk' },
          data: {
            kind: 'talk',
            title: '浏览器测试：店铺增长复盘',
            language: 'zh-CN',
            durationMinutes: 30,
            speakerIds: [speaker],
          },
        }),
      )
    ).session.id;
    await placeAt(talk, main.id, wall(day, '16:00'));
    await publish(conference.id, 'e2e-feedback');

    // The demo merchant's ticket goes through the gate (the organizer is door staff).
    const lists = await ok<{ items: { id: string; kind: string }[] }>(
      organizer.request.get(`${server.url}/api/events/${conference.id}/checkin-lists`),
    );
    const merchant = await signedIn('merchant@carnival.local');
    const tickets = await ok<{
      items: { id: string; eventId: string; status: string; parentTicketId: string | null }[];
    }>(merchant.request.get(`${server.url}/api/me/tickets`));
    const ticket = tickets.items.find(
      (t) => t.eventId === conference.id && t.status === 'valid' && !t.parentTicketId,
    )!;
    await ok(
      organizer.request.post(
        `${server.url}/api/checkin-lists/${lists.items.find((l) => l.kind === 'event')!.id}/scans`,
        {
          data: {
            ticketId: ticket.id,
            deviceId: 'e2e-gate',
            scannedAt: new Date().toISOString(),
            clientScanId: 'e2e-feedback-scan',
          },
        },
      ),
    );

    await merchant.close();

    // The server's clock past the talk (signed in again there): the attendee rates it on its page.
    clockOffsetMs = new Date(wall(day, '16:45')).getTime() - Date.now();
    const attendee = await signedIn('merchant@carnival.local');
    const me = await ok<{ me: unknown }>(attendee.request.get(`${server.url}/api/sessions/${talk}`));
    expect(me.me).toMatchObject({ canGiveFeedback: true });
    const rater = await attendee.newPage();
    await rater.goto(`${server.url}/sessions/${talk}`);
    await rater.getByTestId('feedback-form').waitFor(LONG);
    await rater.locator('[data-testid="feedback-rating"] li').nth(3).click();
    await rater.getByTestId('feedback-comment').fill('案例很扎实，希望多讲数据');
    await rater.getByTestId('feedback-submit').click();
    await rater.getByTestId('feedback-form').waitFor({ state: 'detached', ...LONG });
    await attendee.close();

    const speakerCtx = await signedIn('speaker1@carnival.local');
    const page = await speakerCtx.newPage();
    await page.goto(`${server.url}/me/proposals`);
    await page.getByTestId('tab-speaker-feedback').click();
    const card = page.locator(`[data-testid="speaker-feedback-session"][data-session-id="${talk}"]`);
    await card.waitFor(LONG);
    expect(await card.getByTestId('speaker-feedback-average').getAttribute('data-average')).toBe('4');
    expect(await card.getByTestId('speaker-feedback-comment').textContent()).toContain('案例很扎实');
    expect(await card.textContent()).toContain('匿名听众');
    expect(await card.textContent()).not.toContain('示例旗舰店');
    if (screenshots) await page.screenshot({ path: screenshotPath('speaker-feedback.png'), fullPage: true });
    await speakerCtx.close();
  }, 240_000);
});
