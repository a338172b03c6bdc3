/**
 * Signed tickets and check-in in a real browser against the real server and its demo data
 * (docs/checkin.md): the demo shopper's tickets show their QR codes; the demo organizer, door
 * staff of the merchant conference, checks one in, scans it again and sees the duplicate warning
 * with the first scan; a changed code is refused; offline mode admits with the downloaded list
 * and the public key alone, refuses the second offline scan, and syncs. Screenshots with
 * CARNIVAL_SCREENSHOTS=1.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CHECKIN_EVENT, DEMO_CHECKIN_LIST } from '../../src/seed/demo-checkin';
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

const ADMIN_EMAIL = 'admin@carnival.local';
const DESKTOP = { viewport: { width: 1360, height: 960 }, locale: 'zh-CN' };

describe.runIf(runBrowserTests)('signed tickets and check-in in the browser', () => {
  let server: Target;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    // Its checks count minutes from the seed (slots opening, the last hour's figures): a fresh demo.
    server = await startTarget(undefined, {}, { freshDemo: true });
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

  /** The signed codes of the holder's tickets to the demo conference, by ticket type. */
  async function codesOf(context: BrowserContext): Promise<Map<string, string>> {
    const res = await context.request.get(`${server.url}/api/me/ticket-codes`);
    const { items } = (await res.json()) as {
      items: { payload: string; typeName: string; event: { slug: string } }[];
    };
    return new Map(
      items.filter((i) => i.event.slug === DEMO_CHECKIN_EVENT).map((i) => [i.typeName, i.payload]),
    );
  }

  async function enter(page: Page, code: string) {
    const input = page.locator('[data-testid="checkin-code"] input');
    await input.fill(code);
    await input.press('Enter');
  }

  it('shows my tickets’ QR codes; checks one in, refuses the second scan with where it was first', async () => {
    // The demo merchant bought a merchants-only ticket with the workshop, and a dinner seat.
    const holder = await signedIn('merchant@carnival.local');
    const mine = await holder.newPage();
    await mine.goto(`${server.url}/me/tickets`);
    await mine.getByTestId('my-tickets-page').waitFor();
    await eventually(() => mine.getByTestId('my-ticket').count()).toBeGreaterThanOrEqual(3);
    await eventually(() => mine.getByTestId('ticket-qr').count()).toBeGreaterThanOrEqual(3);
    expect(await mine.getByTestId('ticket-qr').first().getAttribute('src')).toMatch(
      /^data:image\/png;base64,/,
    );
    const shown = (await mine.getByTestId('ticket-code').allTextContents()).map((c) => c.trim());
    expect(shown.every((c) => /^CV1\.[\w-]+\.[\w-]+$/.test(c))).toBe(true);
    const byType = await codesOf(holder);
    for (const code of byType.values()) expect(shown).toContain(code);
    const codes = [byType.get('商家专享票')!, byType.get('商家之夜晚宴')!, byType.get('店铺增长工作坊')!];
    if (screenshots)
      await mine.screenshot({ path: screenshotPath('checkin-my-tickets.png'), fullPage: true });

    const staff = await signedIn('organizer@carnival.local');
    const door = await staff.newPage();
    await door.goto(`${server.url}/checkin`);
    await door.getByTestId('checkin-page').waitFor();
    await door.getByTestId('checkin-list').click();
    await door.locator(`.ant-select-item-option[title="${DEMO_CHECKIN_LIST}"]`).click();
    await eventually(() => door.getByTestId('checkin-attendance').count()).toBe(1);

    await enter(door, codes[0]!);
    await door.getByTestId('scan-admitted').waitFor();
    expect(await door.getByTestId('scan-attendee').textContent()).toBe('示例旗舰店 王店长');
    await enter(door, codes[0]!);
    await door.getByTestId('scan-duplicate').waitFor();
    expect(await door.getByTestId('scan-duplicate').textContent()).toContain('重复扫码');
    expect(await door.getByTestId('scan-first').textContent()).toContain(DEMO_CHECKIN_LIST);
    if (screenshots) await door.screenshot({ path: screenshotPath('checkin-duplicate.png'), fullPage: true });

    // One changed character of the signature: refused as forged.
    const forged = codes[1]!.slice(0, -3) + (codes[1]!.at(-3) === 'A' ? 'B' : 'A') + codes[1]!.slice(-2);
    await enter(door, forged);
    await eventually(() => door.getByTestId('scan-refused').getAttribute('data-code')).toBe('BAD_SIGNATURE');
    // The workshop seat has its own list: not this door.
    await enter(door, codes[2]!);
    await eventually(() => door.getByTestId('scan-refused').getAttribute('data-code')).toBe('NOT_ON_LIST');

    // Name search finds the demo attendee.
    const search = door.locator('[data-testid="checkin-search"] input');
    await search.fill('王店长');
    await search.press('Enter');
    await eventually(() => door.getByTestId('checkin-found').count()).toBeGreaterThanOrEqual(1);
  });

  it('checks in offline with the downloaded list and key, refuses the second offline scan, then syncs', async () => {
    const holder = await signedIn('merchant@carnival.local');
    const code = (await codesOf(holder)).get('商家之夜晚宴')!;

    const staff = await signedIn('organizer@carnival.local');
    const door = await staff.newPage();
    await door.goto(`${server.url}/checkin`);
    await door.getByTestId('checkin-page').waitFor();
    await door.getByTestId('checkin-list').click();
    await door.locator(`.ant-select-item-option[title="${DEMO_CHECKIN_LIST}"]`).click();
    await door.getByTestId('checkin-offline').click();
    await door.getByTestId('checkin-offline-state').waitFor();

    await staff.setOffline(true);
    await enter(door, code);
    await door.getByTestId('scan-admitted').waitFor();
    expect(await door.getByTestId('scan-admitted').textContent()).toContain('离线验票通过');
    await enter(door, code);
    await door.getByTestId('scan-duplicate').waitFor();
    expect(await door.getByTestId('checkin-offline-state').textContent()).toContain('1 条记录待同步');
    if (screenshots) await door.screenshot({ path: screenshotPath('checkin-offline.png'), fullPage: true });

    await staff.setOffline(false);
    await door.getByTestId('checkin-sync').click();
    await eventually(() => door.getByTestId('checkin-notice').textContent()).toContain('已同步 1 条记录');
    await eventually(() => door.getByTestId('checkin-offline-state').textContent()).toContain(
      '0 条记录待同步',
    );

    // The event's console (its owner, the operator here) shows each list's live attendance.
    const operator = await signedIn(ADMIN_EMAIL, server.adminPassword);
    const manage = await operator.newPage();
    const conference = (
      await ok<{ campaign: { id: string } }>(
        operator.request.get(`${server.url}/api/campaigns/${DEMO_CHECKIN_EVENT}`),
      )
    ).campaign.id;
    await manage.goto(`${server.url}/checkin/manage?event=${conference}`);
    await manage.getByTestId('checkin-manage').waitFor();
    await eventually(() => manage.getByTestId('manage-list').count()).toBeGreaterThanOrEqual(4);
    await eventually(() => manage.getByTestId('manage-attendance').first().textContent()).toMatch(
      /^\d+ \/ \d+$/,
    );
    if (screenshots) await manage.screenshot({ path: screenshotPath('checkin-console.png'), fullPage: true });
  });

  it('buys a ticket in the shop from the event page and shows its QR code', async () => {
    const shopper = await signedIn('consumer@carnival.local');
    const page = await shopper.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${server.url}/events/${DEMO_CHECKIN_EVENT}`);
    await page.getByTestId('event-buy-tickets').click();
    await page.getByTestId('ticket-shop').waitFor();
    const early = page.locator('[data-testid="shop-type"][data-type="早鸟票"]');
    await early.locator('input').first().fill('1');
    await page.getByTestId('shop-hold').click();
    await page.getByTestId('shop-pay').waitFor();
    for (const choice of await page.getByTestId('attendee-choice').all()) {
      await choice.click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    }
    for (const answer of await page.getByTestId('attendee-answer').all())
      await answer.fill('杭州示例科技有限公司');
    if (screenshots) await page.screenshot({ path: screenshotPath('tickets-shop-form.png'), fullPage: true });
    await page.getByTestId('shop-pay').click();
    await page.locator('[data-testid="ticket-bought"], [data-testid="shop-error"]').first().waitFor();
    expect(await page.getByTestId('shop-error').count(), await page.locator('body').innerText()).toBe(0);
    await page.goto(`${server.url}/me/tickets`);
    await eventually(() => page.getByTestId('my-ticket').count()).toBeGreaterThanOrEqual(1);
    const card = page.locator('[data-testid="my-ticket"]', { hasText: '早鸟票' });
    await eventually(() => card.getByTestId('ticket-qr').count()).toBe(1);
    expect((await card.getByTestId('ticket-code').textContent())?.trim()).toMatch(/^CV1\./);
  }, 120_000);
});
