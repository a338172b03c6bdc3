/**
 * Public welfare in a real browser against the real server and its demo data (docs/charity.md):
 * the live festival's venue shows the 公益宝贝 badge on charity items, a demo donor's 爱心足迹
 * lists their donations with log entries (and their order shows what each line gave), and the project page shows the running total, donors,
 * the disbursement and the quarterly disclosure. Screenshots with CARNIVAL_SCREENSHOTS=1.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveDemoCampaign } from '../../src/seed/demo-campaigns';
import { DEMO_DONORS } from '../../src/seed/demo-charity';
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

const DESKTOP = { viewport: { width: 1360, height: 960 }, locale: 'zh-CN' };

describe.runIf(runBrowserTests)('charity items, 爱心足迹 and a project page in the browser', () => {
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

  it('shows the badge in the venue, the donor’s 爱心足迹, and the project’s public page', async () => {
    // The venue: anyone sees which items give, and how much.
    const visitor = await browser.newContext(DESKTOP);
    const venue = await visitor.newPage();
    await venue.goto(`${server.url}/events/${liveDemoCampaign(new Date()).slug}/venue`);
    await venue.getByTestId('venue-page').waitFor();
    await eventually(() => venue.getByTestId('charity-badge').count()).toBeGreaterThanOrEqual(1);
    expect(await venue.getByTestId('charity-badge').first().textContent()).toMatch(
      /公益宝贝 · (每件捐|成交额)/,
    );
    if (screenshots)
      await venue.screenshot({ path: screenshotPath('charity-venue-badge.png'), fullPage: true });
    const skuWithBadge = (await venue
      .locator('[data-testid="venue-item"]:has([data-testid="charity-badge"])')
      .first()
      .getAttribute('data-sku'))!;

    // A demo donor's 爱心足迹: each donation with its project and log entry.
    const donor = await browser.newContext(DESKTOP);
    await ok(
      donor.request.post(`${server.url}/api/auth/login`, {
        data: { email: DEMO_DONORS[0]!.email, password: DEMO_PASSWORD },
      }),
    );
    const page = await donor.newPage();
    await page.goto(`${server.url}/me/donations`);
    await page.getByTestId('footprint-page').waitFor();
    await eventually(() => page.getByTestId('donation-row').count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('footprint-total').textContent()).toMatch(/^¥\d/);
    expect(await page.getByTestId('donation-log-index').first().textContent()).toMatch(/^#\d+$/);
    if (screenshots) await page.screenshot({ path: screenshotPath('charity-footprint.png'), fullPage: true });
    const download = page.waitForEvent('download');
    await page.getByTestId('donation-receipt').first().click();
    expect((await download).suggestedFilename()).toMatch(/^donation-don_.+\.json$/);

    // The order shows its charity lines and what they gave.
    const orderHref = await page
      .locator('[data-testid="donation-row"] a[href^="/orders/"]')
      .first()
      .getAttribute('href');
    await page.goto(`${server.url}${orderHref}`);
    await eventually(() => page.getByTestId('order-charity').count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('order-charity').first().textContent()).toMatch(/已捐 ¥\d/);
    await page.goBack();
    await page.getByTestId('footprint-page').waitFor();

    // The cart shows the badge and what the line would give.
    const campaigns = await (await donor.request.get(`${server.url}/api/campaigns?limit=50`)).json();
    const live = (campaigns.items as { id: string; slug: string }[]).find(
      (c) => c.slug === liveDemoCampaign(new Date()).slug,
    )!;
    await ok(
      donor.request.put(`${server.url}/api/cart/items`, {
        data: { campaignId: live.id, skuId: skuWithBadge, quantity: 2 },
      }),
    );
    await page.goto(`${server.url}/cart?campaignId=${live.id}`);
    await page.getByTestId('cart-page').waitFor();
    await eventually(() => page.getByTestId('cart-charity').count()).toBe(1);
    expect(await page.getByTestId('cart-charity').textContent()).toMatch(/本单约捐 ¥\d/);
    if (screenshots) await page.screenshot({ path: screenshotPath('charity-cart.png'), fullPage: true });
    await page.goto(`${server.url}/me/donations`);
    await page.getByTestId('footprint-page').waitFor();
    await eventually(() => page.getByTestId('donation-row').count()).toBeGreaterThanOrEqual(2);

    // The public list of projects, from the header.
    await page.getByTestId('nav-charity').click();
    await page.getByTestId('projects-page').waitFor();
    await eventually(() => page.getByTestId('project-card').count()).toBe(1);
    await page.goto(`${server.url}/me/donations`);
    await page.getByTestId('footprint-page').waitFor();
    await eventually(() => page.getByTestId('donation-row').count()).toBeGreaterThanOrEqual(2);

    // The project page, reached from the footprint.
    await page.getByTestId('donation-project').first().click();
    await page.getByTestId('project-page').waitFor();
    await eventually(() => page.getByTestId('project-title').textContent()).toContain('山区小学营养午餐');
    expect(await page.getByTestId('project-donors').textContent()).toBe(String(DEMO_DONORS.length));
    expect(await page.getByTestId('project-raised').textContent()).toMatch(/^¥\d/);
    expect(await page.getByTestId('disbursement-row').count()).toBe(1);
    expect(await page.getByTestId('disclosure-row').count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('project-update').count()).toBe(1);
    const csv = await donor.request.get(
      `${server.url}${await page.getByTestId('disclosure-csv').getAttribute('href')}`,
    );
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split('\n')[0]).toContain('quarter,donated_cny');
    if (screenshots) await page.screenshot({ path: screenshotPath('charity-project.png'), fullPage: true });
    await visitor.close();
    await donor.close();
  });
});
