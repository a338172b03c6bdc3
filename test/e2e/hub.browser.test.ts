/**
 * The public hub in a real browser against the real server: filter by kind, open an event,
 * and check "N 人看过" counts a new visitor once and a reload not at all.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  launchBrowser,
  runBrowserTests,
  screenshotPath,
  screenshots,
  startTarget,
  type Target,
} from './browser';

const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: 'zh-CN' };

/** Opens an event page and gives the view count the server answered with. */
async function openEventAndReadViews(page: Page, url: string): Promise<number> {
  const viewed = page.waitForResponse((r) => r.url().endsWith('/views') && r.request().method() === 'POST');
  await page.goto(url);
  expect((await viewed).ok()).toBe(true);
  return readViewCount(page);
}

async function readViewCount(page: Page): Promise<number> {
  const el = page.getByTestId('view-count');
  await eventually(async () => /^\d+$/.test((await el.textContent())?.trim() ?? '')).toBe(true);
  return Number((await el.textContent())!.trim());
}

describe.runIf(runBrowserTests)('hub in the browser', () => {
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

  it('filters by kind, opens an event and counts each visitor once', async () => {
    const visitor = await browser.newContext(DESKTOP);
    const page = await visitor.newPage();
    await page.goto(`${server.url}/`);
    await eventually(() => page.getByTestId('brand').textContent()).toContain('Carnival 官方活动');

    const cards = page.getByTestId('event-card');
    await cards.first().waitFor();
    const kindsBefore = await Promise.all((await cards.all()).map((c) => c.getAttribute('data-kind')));
    expect(new Set(kindsBefore).size).toBeGreaterThan(1);
    if (screenshots) await page.screenshot({ path: screenshotPath('hub.png'), fullPage: true });

    // 购物节 only: the list narrows to shopping festivals.
    await page.getByTestId('kind-filter-shopping_festival').click();
    await eventually(() => page.url()).toContain('kind=shopping_festival');
    await eventually(async () => {
      const kinds = await Promise.all((await cards.all()).map((c) => c.getAttribute('data-kind')));
      return (
        kinds.length > 0 && kinds.length < kindsBefore.length && kinds.every((k) => k === 'shopping_festival')
      );
    }).toBe(true);

    // Open the Double 11 event.
    const double11 = page.locator('[data-testid="event-card"][data-slug^="double-11"]').first();
    const slug = await double11.getAttribute('data-slug');
    const viewed = page.waitForResponse((r) => r.url().endsWith('/views') && r.request().method() === 'POST');
    await double11.click();
    await eventually(() => page.url()).toContain(`/events/${slug}`);
    await viewed;
    await eventually(() => page.getByTestId('event-title').textContent()).toMatch(/双十一|双11/);
    const first = await readViewCount(page);
    expect(first).toBeGreaterThan(0);
    if (screenshots) await page.screenshot({ path: screenshotPath('event.png'), fullPage: true });

    // The same visitor reloading is not a new view.
    const eventUrl = `${server.url}/events/${slug}`;
    expect(await openEventAndReadViews(page, eventUrl)).toBe(first);

    // Another visitor (a new browser context, no cookies) is counted exactly once.
    const other = await browser.newContext(DESKTOP);
    const otherPage = await other.newPage();
    expect(await openEventAndReadViews(otherPage, eventUrl)).toBe(first + 1);
    expect(await openEventAndReadViews(otherPage, eventUrl)).toBe(first + 1);

    await other.close();
    await visitor.close();
  }, 120_000);

  it('switches to English and keeps the choice', async () => {
    const ctx = await browser.newContext(DESKTOP);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/`);
    await page.getByTestId('event-card').first().waitFor();
    await page.getByText('English', { exact: true }).click();
    await eventually(() => page.getByTestId('brand').textContent()).toContain('Carnival Official Events');
    await page.reload();
    await eventually(() => page.getByTestId('brand').textContent()).toContain('Carnival Official Events');
    await ctx.close();
  }, 60_000);
});
