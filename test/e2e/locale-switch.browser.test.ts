/**
 * The locale switch with the catalogues split (web/src/app/i18n/catalogues.ts): a zh-CN visit
 * never fetches the en-US catalogue; choosing English fetches it once and the page turns
 * English; a reload starts in English (the stored choice, loaded before the first render);
 * and back to 中文 without another request.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, launchBrowser, runBrowserTests, startTarget, type Target } from './browser';

describe.runIf(runBrowserTests)('locale switch in the browser', () => {
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

  it('loads the en-US catalogue only when English is chosen, and keeps the choice', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const catalogueRequests: string[] = [];
    page.on('request', (r) => {
      if (/\/assets\/en-US\.catalogue-[\w-]+\.js$/.test(r.url())) catalogueRequests.push(r.url());
    });

    await page.goto(`${server.url}/`);
    await eventually(() => page.getByTestId('brand').textContent()).toContain('Carnival 官方活动');
    await page.getByTestId('event-card').first().waitFor({ timeout: 30_000 });
    expect(catalogueRequests).toEqual([]);
    expect(await page.evaluate('document.documentElement.lang')).toBe('zh-CN');

    await page.getByTestId('locale-switch').getByText('English').click();
    await eventually(() => page.getByTestId('brand').textContent()).toContain('Carnival Official Events');
    expect(catalogueRequests).toHaveLength(1);
    expect(await page.evaluate('document.documentElement.lang')).toBe('en-US');

    // The stored choice: the first render after a reload is already English.
    await page.reload();
    await eventually(() => page.getByTestId('brand').textContent()).toContain('Carnival Official Events');
    expect(await page.evaluate('document.documentElement.lang')).toBe('en-US');

    const before = catalogueRequests.length;
    await page.getByTestId('locale-switch').getByText('中文').click();
    await eventually(() => page.getByTestId('brand').textContent()).toContain('Carnival 官方活动');
    expect(catalogueRequests).toHaveLength(before);
    await context.close();
  }, 180_000);
});
