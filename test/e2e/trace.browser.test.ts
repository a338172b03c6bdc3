/**
 * Traceability, green points and the charity console in a real browser against the real server
 * and its demo data (docs/traceability.md): the public trace page of the demo's bag of rice with
 * its QR code and verification, the checkout's green choices and a donor's 绿色积分 with the CO2
 * estimate's source, and the operators' charity console down to a disbursement.
 * Screenshots with CARNIVAL_SCREENSHOTS=1.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveDemoCampaign } from '../../src/seed/demo-campaigns';
import { DEMO_DONORS } from '../../src/seed/demo-charity';
import { DEMO_TRACE } from '../../src/seed/demo-traceability';
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
const ADMIN_EMAIL = 'admin@carnival.local';

describe.runIf(runBrowserTests)('trace page, green points and the charity console in the browser', () => {
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

  it('shows a serial’s trace with its QR code, every event and the verification against the log', async () => {
    const visitor = await browser.newContext(DESKTOP);
    const page = await visitor.newPage();
    await page.goto(`${server.url}/trace/${DEMO_TRACE.serial.code}`);
    await page.getByTestId('trace-page').waitFor();
    expect(await page.getByTestId('trace-code').textContent()).toBe(DEMO_TRACE.serial.code);
    expect(await page.getByTestId('trace-origin').textContent()).toBe(DEMO_TRACE.serial.origin);
    await eventually(() => page.getByTestId('trace-event').count()).toBe(6);
    // The QR code is drawn and loaded (an SVG of the page's own address).
    const qr = page.getByTestId('trace-qr');
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    await eventually(() =>
      qr.evaluate(
        (img) =>
          (img as unknown as { complete: boolean; naturalWidth: number }).complete &&
          (img as unknown as { naturalWidth: number }).naturalWidth > 0,
      ),
    ).toBe(true);
    expect((await qr.boundingBox())!.width).toBeGreaterThanOrEqual(150);
    await eventually(() => page.getByTestId('trace-verification').textContent()).toContain(
      '已核验：6 条记录',
    );
    if (screenshots) await page.screenshot({ path: screenshotPath('trace-page.png'), fullPage: true });
    // Each event links its offline receipt, which names the provenance log.
    const href = await page.locator('[data-testid="trace-event"] a[download]').first().getAttribute('href');
    const receipt = await (await visitor.request.get(`${server.url}${href}`)).json();
    expect(receipt).toMatchObject({ format: 'carnival-transparency-receipt/1', log: 'provenance' });
    // An unknown code is a not-found page, not an error.
    await page.goto(`${server.url}/trace/NO-SUCH-CODE`);
    await eventually(() => page.locator('body').textContent()).toContain('没有这个溯源码');
    await visitor.close();
  });

  it('offers green choices at checkout and shows a donor’s green points with each estimate’s source', async () => {
    const donor = await browser.newContext(DESKTOP);
    await ok(
      donor.request.post(`${server.url}/api/auth/login`, {
        data: { email: DEMO_DONORS[0]!.email, password: DEMO_PASSWORD },
      }),
    );
    const page = await donor.newPage();
    await page.goto(`${server.url}/me/green`);
    await page.getByTestId('green-page').waitFor();
    await eventually(async () =>
      Number(await page.getByTestId('green-points').locator('.ant-statistic-content-value').textContent()),
    ).toBeGreaterThan(0);
    await page.locator('.ant-table-row-expand-icon').first().click();
    await eventually(() => page.getByTestId('green-source').first().textContent()).toContain('数据来源');
    if (screenshots) await page.screenshot({ path: screenshotPath('green-points.png'), fullPage: true });

    const campaigns = await (await donor.request.get(`${server.url}/api/campaigns?limit=50`)).json();
    const live = (campaigns.items as { id: string; slug: string }[]).find(
      (c) => c.slug === liveDemoCampaign(new Date()).slug,
    )!;
    const venue = await (await donor.request.get(`${server.url}/api/campaigns/${live.id}/venue`)).json();
    const skuId = (venue.items as { sku: string }[])[0]!.sku;
    // 助农: the farm store's items carry their origin tag in the venue.
    await page.goto(`${server.url}/events/${live.slug}/venue`);
    await page.getByTestId('venue-page').waitFor();
    await eventually(() => page.getByTestId('origin-tag').count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('origin-tag').first().textContent()).toContain('产地 黑龙江·五常');
    await ok(
      donor.request.put(`${server.url}/api/cart/items`, {
        data: { campaignId: live.id, skuId, quantity: 1 },
      }),
    );
    await page.goto(`${server.url}/checkout?campaignId=${live.id}`);
    await page.getByTestId('green-choices').waitFor();
    expect(await page.getByTestId('green-choices').textContent()).toContain('不要额外包装');
    await donor.close();
  });

  it('lets an operator verify charities and disburse from a project in the console', async () => {
    const ctx = await browser.newContext(DESKTOP);
    const page = await ctx.newPage();
    const step = async (name: string) => {
      if (process.env.TRACE_E2E_DEBUG) await page.screenshot({ path: `/tmp/charity-e2e-${name}.png` });
    };
    await page.goto(`${server.url}/login?next=${encodeURIComponent('/console/charity')}`);
    await page.getByTestId('login-email').fill(ADMIN_EMAIL);
    await page.getByTestId('login-password').fill(server.adminPassword);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('charity-console').waitFor();
    await step('console');
    await eventually(() => page.getByTestId('charity-status').count()).toBe(1);
    expect(await page.getByTestId('charity-status').textContent()).toBe('已认证');
    if (screenshots) await page.screenshot({ path: screenshotPath('console-charities.png'), fullPage: true });

    // Register a second charity: a wrong check character is refused on its field.
    await page.getByTestId('charity-register').click();
    await page.getByTestId('charity-name-zh').fill('测试公益基金会');
    await page.getByTestId('charity-name-en').fill('Test Foundation');
    await page.getByTestId('charity-credit-code').fill('53100000500021676A');
    await page.locator('#contact_name').fill('王老师');
    await page.locator('#contact_phone').fill('010-1234-5678');
    await page.locator('#contact_email').fill('test@charity.example');
    await page.locator('#bankAccount').fill('测试银行 0000');
    await page.getByTestId('charity-register-ok').click();
    await step('register');
    await eventually(() =>
      page.locator('.ant-modal .ant-form-item-explain-error').first().textContent(),
    ).toContain('校验位');
    await page.keyboard.press('Escape');

    await page.getByRole('tab', { name: '项目与拨付' }).click();
    await page.getByTestId('console-projects').waitFor();
    await step('projects');
    await page.getByTestId('project-disburse').first().click();
    await eventually(() => page.getByTestId('disburse-escrow').textContent()).toMatch(/¥[1-9]/);
    await page.locator('.ant-modal #amount').fill('0.01');
    await page.getByTestId('disburse-purpose').fill('浏览器测试拨付');
    await page.getByTestId('disburse-reason').fill('端到端测试');
    if (screenshots) await page.screenshot({ path: screenshotPath('console-disbursement.png') });
    await page.getByTestId('disburse-ok').click();
    await eventually(() => page.locator('.ant-message').textContent()).toContain('已拨付');
    await ctx.close();
  }, 120_000);
});
