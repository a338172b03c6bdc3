/**
 * The merchant's 商品溯源 page in a real browser against the real server and its demo data
 * (docs/traceability.md): the farm store 山野农场's merchant sees its lot and serial, registers a
 * new serial in the lot, appends two provenance events from the list, opens the QR code, and the
 * public trace page verifies every event against the signed provenance log.
 * Screenshot (docs/screenshots/merchant-trace.png) with CARNIVAL_SCREENSHOTS=1.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const DESKTOP = { viewport: { width: 1440, height: 960 }, locale: 'zh-CN' };
const FARM_MERCHANT = 'merchant2@carnival.local';
const FARM_STORE = '山野农场';
const SERIAL = 'WC2026R0002';

/** Picks an option of the dialog's n-th select by its label. */
async function pick(page: Page, n: number, label: string) {
  await page.locator('.ant-modal .ant-select').nth(n).click();
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${label}"]`).click();
}

describe.runIf(runBrowserTests)('the merchant’s trace page in the browser', () => {
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

  it('registers a serial in the lot, appends two events, and the public page verifies them', async () => {
    const ctx = await browser.newContext(DESKTOP);
    await ok(
      ctx.request.post(`${server.url}/api/auth/login`, {
        data: { email: FARM_MERCHANT, password: DEMO_PASSWORD },
      }),
    );
    const stores = (await (await ctx.request.get(`${server.url}/api/stores`)).json()).items as {
      id: string;
      name: string;
    }[];
    const farm = stores.find((s) => s.name === FARM_STORE)!;
    const page = await ctx.newPage();
    await page.goto(`${server.url}/merchant/trace?store=${farm.id}`);
    await page.getByTestId('merchant-trace-page').waitFor();
    expect(await page.getByTestId('nav-merchant-trace').textContent()).toBe('商品溯源');
    // The demo's lot and bag of rice, with their events.
    await eventually(() => page.getByTestId('trace-code-row').count()).toBe(2);
    expect(await page.getByTestId(`trace-events-${DEMO_TRACE.lot.code}`).textContent()).toBe('3 条');
    expect(await page.getByTestId(`trace-events-${DEMO_TRACE.serial.code}`).textContent()).toBe('3 条');

    // Register a second bag of the same lot.
    await page.getByTestId('trace-register').click();
    await page.getByTestId('trace-code-code').fill(SERIAL);
    await page.getByTestId('trace-code-product').fill('五常稻花香大米 5kg');
    await page.getByTestId('trace-code-origin').fill(DEMO_TRACE.lot.origin);
    await pick(page, 1, `${DEMO_TRACE.lot.code} · ${DEMO_TRACE.lot.productName}`);
    await page.getByTestId('trace-code-submit').click();
    await eventually(() => page.getByTestId('trace-code-row').count()).toBe(3);
    expect(await page.getByTestId(`trace-events-${SERIAL}`).textContent()).toBe('0 条');

    // The same code again is refused, in words, on its field.
    await page.getByTestId('trace-register').click();
    await page.getByTestId('trace-code-code').fill(SERIAL);
    await page.getByTestId('trace-code-product').fill('五常稻花香大米 5kg');
    await page.getByTestId('trace-code-origin').fill(DEMO_TRACE.lot.origin);
    await page.getByTestId('trace-code-submit').click();
    await eventually(() =>
      page.locator('.ant-modal .ant-form-item-explain-error').first().textContent(),
    ).toBe('该溯源码已被登记');
    await page.locator('.ant-modal-footer button').first().click();
    await eventually(() => page.locator('.ant-modal:visible').count()).toBe(0);

    // Two events, each of a kind picked from the list, with place and note.
    const events = [
      { kind: '出库', place: '五常产地仓', note: '现磨现发，真空包装' },
      { kind: '发货', place: '黑龙江五常', note: '顺丰速运 SF1026000002' },
    ];
    for (const [i, e] of events.entries()) {
      await page.getByTestId(`trace-add-event-${SERIAL}`).click();
      await pick(page, 0, e.kind);
      await page.getByTestId('trace-event-place').fill(e.place);
      await page.getByTestId('trace-event-note').fill(e.note);
      await page.getByTestId('trace-event-submit').click();
      await eventually(() => page.getByTestId(`trace-events-${SERIAL}`).textContent()).toBe(`${i + 1} 条`);
      await eventually(() => page.locator('.ant-modal:visible').count()).toBe(0);
    }

    // The QR code leads to the public trace page.
    await eventually(() => page.locator('.ant-message-notice').count()).toBe(0);
    await page.getByTestId(`trace-qr-${SERIAL}`).click();
    const qr = page.getByTestId('merchant-trace-qr');
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    await eventually(() =>
      qr.evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth > 0),
    ).toBe(true);
    await eventually(async () => (await qr.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(200);
    await page.waitForTimeout(500); // the dialog's opening animation
    const href = await page.getByTestId('merchant-trace-qr-link').getAttribute('href');
    expect(href).toBe(`${server.url}/trace/${SERIAL}`);
    if (screenshots) await page.screenshot({ path: screenshotPath('merchant-trace.png') });
    await page.keyboard.press('Escape');

    // Anyone opening it sees the lot's three events and the bag's two, verified against the log.
    const visitor = await browser.newContext(DESKTOP);
    const pub = await visitor.newPage();
    await pub.goto(href!);
    await pub.getByTestId('trace-page').waitFor();
    expect(await pub.getByTestId('trace-code').textContent()).toBe(SERIAL);
    await eventually(() => pub.getByTestId('trace-event').count()).toBe(5);
    await eventually(() => pub.getByTestId('trace-verification').textContent()).toContain('已核验：5 条记录');
    expect(await pub.locator('body').textContent()).toContain('顺丰速运 SF1026000002');
    await visitor.close();

    // The same page in English: every label from the en-US catalogue, the kinds named in English.
    await page.evaluate("localStorage.setItem('carnival.locale', 'en-US')");
    await page.reload();
    await page.getByTestId('merchant-trace-page').waitFor();
    await eventually(() => page.getByTestId('trace-code-row').count()).toBe(3);
    const text = (await page.getByTestId('merchant-trace-page').textContent()) ?? '';
    expect(text).toContain('Register a serial or lot');
    expect(text).toContain('Item serial');
    expect(text).not.toMatch(/merchant\.trace\.|单品序列号|追加记录/);
    await ctx.close();
  }, 180_000);
});
