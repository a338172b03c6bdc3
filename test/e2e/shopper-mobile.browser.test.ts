/**
 * Phones (issue 9 item 8): at 390x844 the header's menu folds into a drawer behind a hamburger
 * (no sideways scrolling), and the header does not overlap the page below it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, runBrowserTests, screenshotPath, startTarget, type Target } from './browser';

describe.runIf(runBrowserTests)('the shopper on a phone', () => {
  let server: Target;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startTarget();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('folds the menu into a drawer at 390 px, with nothing scrolling sideways', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/`);
    await page.getByTestId('nav-toggle').waitFor({ timeout: 60_000 });
    expect(await page.locator('.app-header .app-nav').isVisible()).toBe(false);
    // Strings, as in the i18n walk: the test's tsconfig has no DOM types.
    const widths = (await page.evaluate(`({
      page: document.documentElement.scrollWidth,
      header: document.querySelector('.app-header').scrollWidth,
    })`)) as { page: number; header: number };
    expect(widths.page).toBeLessThanOrEqual(390);
    expect(widths.header).toBeLessThanOrEqual(390);
    const gap = (await page.evaluate(
      `document.querySelector('.app-content').getBoundingClientRect().top -
        document.querySelector('.app-header').getBoundingClientRect().bottom`,
    )) as number;
    expect(gap).toBeGreaterThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('shopper-hub-390.png') });

    await page.getByTestId('nav-toggle').click();
    const drawer = page.getByTestId('nav-drawer');
    await drawer.waitFor({ timeout: 30_000 });
    await page.screenshot({ path: screenshotPath('shopper-menu-390.png') });
    await drawer.getByTestId('nav-charity').click();
    await page.waitForURL(/\/charity$/, { timeout: 30_000 });
    await drawer.waitFor({ state: 'hidden', timeout: 30_000 });
    await ctx.close();
  }, 300_000);
});
