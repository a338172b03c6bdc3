/**
 * 秒杀 in a real browser against the real server. The operator puts the demo merchant's coat on a
 * flash sale (¥599.00 instead of ¥899.00, 5 units) that opens a few seconds later; the consumer's
 * venue, on a clock 45 minutes slow, shows the countdown to it on the SERVER's clock with the button
 * shut; the slot opens, the consumer reserves one unit (the remaining stock shown falls from 5 to
 * 4), checks out at the flash price and pays on the order page. The operator's live view counts
 * the reservation and the refusals by reason. Then: the console's create form and pause, the
 * merchant's list, and a waiting-room slot. Pages are in zh-CN with no English and no raw ids.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveDemoCampaign } from '../../src/seed/demo-campaigns';
import { DEMO_FLASH_SLOTS } from '../../src/seed/demo-flash-sales';
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
import { ok, openFestival } from './festival';

const CONSUMER = { email: 'consumer@carnival.local', password: DEMO_PASSWORD };
const MERCHANT = { email: 'merchant@carnival.local', password: DEMO_PASSWORD };
const ADMIN_EMAIL = 'admin@carnival.local';
const DESKTOP = { viewport: { width: 1360, height: 960 }, locale: 'zh-CN' };
/** Time for the page to load and show the countdown before the slot opens (a busy 2-core machine). */
const OPENS_IN_MS = 12_000;

/** Words of Latin letters (English, or an id such as fsl_…) in a text that should be all zh-CN. */
const latinWords = (text: string) => text.match(/[A-Za-z_]{2,}/g) ?? [];

interface Slot {
  id: string;
  startsAt: string;
  remaining: number;
}

describe.runIf(runBrowserTests)('a flash sale (秒杀) in the browser', () => {
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

  async function signedIn(email: string, password: string): Promise<BrowserContext> {
    const ctx = await browser.newContext(DESKTOP);
    await ok(ctx.request.post(`${server.url}/api/auth/login`, { data: { email, password } }));
    return ctx;
  }

  it('counts down on the server clock, opens, reserves, checks out at the flash price', async () => {
    const operator = await signedIn(ADMIN_EMAIL, server.adminPassword);
    const merchant = await signedIn(MERCHANT.email, MERCHANT.password);
    const f = await openFestival(server.url, operator.request, merchant.request, 'e2e-flash');

    // The slot opens a few seconds from the SERVER's now (what the countdown is measured against).
    const { epochMs } = await ok<{ epochMs: number }>(operator.request.get(`${server.url}/api/time`));
    const { slot } = await ok<{ slot: Slot }>(
      operator.request.post(`${server.url}/api/flash-sales`, {
        headers: { 'Idempotency-Key': `e2e-flash-${epochMs}` },
        data: {
          campaignId: f.id,
          skuId: f.coat,
          startsAt: new Date(epochMs + OPENS_IN_MS).toISOString(),
          endsAt: new Date(epochMs + 60 * 60 * 1000).toISOString(),
          flashPrice: 59900,
          stock: 5,
          perCustomerLimit: 1,
          checkoutMinutes: 5,
        },
      }),
    );

    // Before the start: the countdown (to the start) and a shut button. The visitor's clock is 45
    // minutes slow: the countdown must still read the seconds to the SERVER's start.
    const consumer = await signedIn(CONSUMER.email, CONSUMER.password);
    await consumer.addInitScript({
      content: 'const realNow = Date.now; Date.now = () => realNow() - 45 * 60 * 1000;',
    });
    const page = await consumer.newPage();
    await page.goto(`${server.url}/events/${f.slug}/venue`);
    const card = page.locator(`[data-testid="flash-slot"][data-slot="${slot.id}"]`);
    await card.waitFor();
    await eventually(() => page.getByTestId('flash-strip').getAttribute('data-synced')).toBe('true');
    expect(await card.getByTestId('flash-countdown').getAttribute('data-phase')).toBe('start');
    expect(await card.getByTestId('flash-countdown').textContent()).toMatch(/^00:00:\d\d$/);
    expect(await card.getByTestId('flash-buy').isDisabled()).toBe(true);
    expect(await card.getByTestId('flash-price').textContent()).toBe('¥599.00');
    expect(await card.getByTestId('flash-list-price').textContent()).toBe('¥899.00');
    expect(await card.getByTestId('flash-remaining').getAttribute('data-remaining')).toBe('5');
    // The server agrees: too early is NOT_STARTED (counted by reason in the operator's view).
    const reserveByApi = (key: string) =>
      consumer.request.post(`${server.url}/api/flash-sales/${slot.id}/reservations`, {
        headers: { 'Idempotency-Key': key },
        data: {},
      });
    const early = await reserveByApi(`e2e-early-${epochMs}`);
    expect(early.status()).toBe(409);
    expect((await early.json()).error.code).toBe('NOT_STARTED');
    const strip = page.getByTestId('flash-strip');
    expect(latinWords((await strip.textContent()) ?? '')).toEqual([]);
    if (screenshots) await strip.screenshot({ path: screenshotPath('flash-venue-strip.png') });

    // At the start the button opens by itself and the countdown turns to the end.
    await expect
      .poll(() => card.getByTestId('flash-buy').isEnabled(), { timeout: OPENS_IN_MS + 20_000, interval: 100 })
      .toBe(true);
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(slot.startsAt) - 2_000);
    await eventually(() => card.getByTestId('flash-countdown').getAttribute('data-phase')).toBe('end');

    // 立即抢购: one unit held, with its checkout deadline; the stock shown falls to 4.
    const reserved = page.waitForResponse(
      (r) => r.url().endsWith(`/api/flash-sales/${slot.id}/reservations`) && r.request().method() === 'POST',
    );
    await card.getByTestId('flash-buy').click();
    const answer = await reserved;
    expect(answer.status()).toBe(201);
    expect(answer.request().headers()['idempotency-key']).toBeTruthy();
    await card.getByTestId('flash-reservation').waitFor();
    expect(await card.getByTestId('flash-reservation-total').textContent()).toContain('¥599.00');
    expect(await card.getByTestId('flash-deadline').textContent()).toMatch(/^00:0[45]:\d\d$/);
    await eventually(() => card.getByTestId('flash-remaining').getAttribute('data-remaining')).toBe('4');
    if (screenshots) await strip.screenshot({ path: screenshotPath('flash-venue-reserved.png') });
    // One live reservation per customer per slot: a second go (a new key) is refused.
    const second = await reserveByApi(`e2e-second-${epochMs}`);
    expect(second.status()).toBe(409);
    expect((await second.json()).error).toMatchObject({
      code: 'LIMIT_REACHED',
      details: { reason: 'live_reservation' },
    });

    // The operator's live view counts it (polled every second).
    const live = await operator.newPage();
    await live.goto(`${server.url}/console/flash-sales/${slot.id}`);
    await live.getByTestId('flash-live').waitFor();
    await eventually(async () =>
      Number(((await live.getByTestId('flash-live-reserved').textContent()) ?? '').replace(/\D/g, '')),
    ).toBeGreaterThanOrEqual(1);
    await eventually(async () =>
      ((await live.getByTestId('flash-live-remaining').textContent()) ?? '').includes('4'),
    ).toBe(true);
    await eventually(() => live.getByTestId('flash-refused-row').count()).toBe(2);
    expect(latinWords((await live.getByTestId('flash-live').textContent()) ?? '')).toEqual([]);
    if (screenshots)
      await live.screenshot({ path: screenshotPath('flash-console-live.png'), fullPage: true });

    // 去结算: the order at the flash price on the existing order page, paid from the wallet.
    await card.getByTestId('flash-checkout').click();
    await page.waitForURL(/\/orders\/ord_/);
    await page.getByTestId('order-page').waitFor();
    expect(await page.getByTestId('order-total').textContent()).toBe('¥599.00');
    await page.getByTestId('order-pay').click();
    expect(await page.getByTestId('pay-amount').textContent()).toBe('¥599.00');
    // Await the payment's own answer (a loaded machine can take longer than a poll's 20 s on
    // PGlite), and name it when it is not a success rather than timing out on the page.
    const paid = page.waitForResponse(
      (r) => /\/api\/orders\/ord_[^/]+\/pay$/.test(r.url()) && r.request().method() === 'POST',
      { timeout: 60_000 },
    );
    await page.getByTestId('pay-submit').click();
    const payment = await paid;
    expect(payment.status(), await payment.text()).toBeLessThan(300);
    await eventually(() => page.getByTestId('order-status').getAttribute('data-status')).toBe('paid');

    // Back in the venue: still 4 left (the order keeps the unit), and the customer's limit is reached.
    await page.goto(`${server.url}/events/${f.slug}/venue`);
    await card.waitFor();
    await eventually(() => card.getByTestId('flash-remaining').getAttribute('data-remaining')).toBe('4');
    await card.getByTestId('flash-buy').click();
    await eventually(() => card.getByTestId('flash-refusal').getAttribute('data-code')).toBe('LIMIT_REACHED');
    expect(latinWords((await card.getByTestId('flash-refusal').textContent()) ?? '')).toEqual([]);

    await consumer.close();
    await merchant.close();
    await operator.close();
  }, 240_000);

  it('operator creates a slot in the console (yuan to fen, the campaign zone), pauses it; the merchant sees it', async () => {
    const operator = await signedIn(ADMIN_EMAIL, server.adminPassword);
    const merchant = await signedIn(MERCHANT.email, MERCHANT.password);
    const f = await openFestival(server.url, operator.request, merchant.request, 'e2e-flash-console');

    const page = await operator.newPage();
    await page.goto(`${server.url}/console/flash-sales?campaignId=${f.id}`);
    await page.getByTestId('flash-console').waitFor();
    await page.getByTestId('flash-console-new').click();
    await page.getByTestId('flash-form').waitFor();
    await page.locator('#skuId').click();
    await page.locator('.ant-select-item-option[title^="桑蚕丝衬衫"]').click();
    await page.getByTestId('flash-form-price').fill('299.5');
    await page.getByTestId('flash-form-stock').fill('3');
    if (screenshots) {
      await page.locator('.ant-select-dropdown').waitFor({ state: 'hidden' });
      await page.screenshot({ path: screenshotPath('flash-console-form.png') });
    }
    const created = page.waitForResponse(
      (r) => r.url().endsWith('/api/flash-sales') && r.request().method() === 'POST',
    );
    await page.getByTestId('flash-form-submit').click();
    const answer = await created;
    expect(answer.status()).toBe(201);
    // 299.5 yuan is sent as 29950 fen; the times carry the campaign's zone (Asia/Shanghai).
    const body = answer.request().postDataJSON();
    expect(body).toMatchObject({ campaignId: f.id, skuId: f.shirt, flashPrice: 29950, stock: 3 });
    expect(body.startsAt).toMatch(/\+08:00$/);
    expect(Date.parse(body.startsAt) - Date.now()).toBeGreaterThan(8 * 60_000);
    expect(Date.parse(body.startsAt) - Date.now()).toBeLessThan(11 * 60_000);
    expect(answer.request().headers()['idempotency-key']).toBeTruthy();

    const row = page.getByTestId('flash-console-row');
    await eventually(() => row.count()).toBe(1);
    expect(await row.getAttribute('data-status')).toBe('scheduled');
    expect(await page.getByTestId('flash-console-remaining').textContent()).toBe('剩 3 / 共 3');
    const table = page.locator('.ant-table');
    expect(await table.textContent()).toContain('¥299.50');
    expect(latinWords((await table.textContent()) ?? '')).toEqual([]);
    if (screenshots)
      await page.screenshot({ path: screenshotPath('flash-console-list.png'), fullPage: true });

    // Pause, with the reason the audit log keeps.
    await page.getByTestId('flash-console-pause').click();
    await page.getByTestId('flash-pause-reason').fill('库存核对');
    await page.getByTestId('flash-pause-ok').click();
    await eventually(() => row.getAttribute('data-status')).toBe('paused');

    // The store's merchant sees the slot (read-only).
    const shop = await merchant.newPage();
    await shop.goto(`${server.url}/merchant/flash-sales`);
    const mine = shop.locator('[data-testid="merchant-flash-row"]');
    await eventually(() => mine.count()).toBeGreaterThanOrEqual(1);
    const list = shop.getByTestId('merchant-flash-page');
    expect(await list.textContent()).toContain('¥299.50');
    expect(latinWords((await list.locator('.ant-table').textContent()) ?? '')).toEqual([]);

    await merchant.close();
    await operator.close();
  }, 180_000);

  it('a waiting-room slot queues an early arrival and reserves with the admission token at the start', async () => {
    const operator = await signedIn(ADMIN_EMAIL, server.adminPassword);
    const merchant = await signedIn(MERCHANT.email, MERCHANT.password);
    const f = await openFestival(server.url, operator.request, merchant.request, 'e2e-flash-queue');
    const { epochMs } = await ok<{ epochMs: number }>(operator.request.get(`${server.url}/api/time`));
    const { slot } = await ok<{ slot: Slot }>(
      operator.request.post(`${server.url}/api/flash-sales`, {
        headers: { 'Idempotency-Key': `e2e-flash-queue-${epochMs}` },
        data: {
          campaignId: f.id,
          skuId: f.shirt,
          startsAt: new Date(epochMs + OPENS_IN_MS).toISOString(),
          endsAt: new Date(epochMs + 60 * 60 * 1000).toISOString(),
          flashPrice: 19900,
          stock: 2,
          waitingRoom: true,
        },
      }),
    );

    const consumer = await signedIn(CONSUMER.email, CONSUMER.password);
    const page = await consumer.newPage();
    await page.goto(`${server.url}/events/${f.slug}/venue`);
    const card = page.locator(`[data-testid="flash-slot"][data-slot="${slot.id}"]`);
    await card.waitFor();
    // Before the start the button joins the queue (early arrivals are shuffled at the start).
    expect(await card.getByTestId('flash-buy').textContent()).toContain('提前排队');
    expect(await card.getByTestId('flash-status').textContent()).toBe('未开始');
    // (Listening from now: at the start the page reserves by itself, with the token.)
    const reserved = page.waitForResponse(
      (r) => r.url().endsWith(`/api/flash-sales/${slot.id}/reservations`) && r.request().method() === 'POST',
      { timeout: OPENS_IN_MS + 30_000 },
    );
    await card.getByTestId('flash-buy').click();
    await card.getByTestId('flash-queue-position').waitFor();
    expect(await card.getByTestId('flash-queue-position').getAttribute('data-position')).toBe('1');
    expect(latinWords((await card.textContent()) ?? '')).toEqual([]);
    if (screenshots) await card.screenshot({ path: screenshotPath('flash-venue-queue.png') });

    // At the start the visitor is admitted and the reservation is made with the token.
    const answer = await reserved;
    expect(answer.status()).toBe(201);
    expect(answer.request().headers()['x-admission-token']).toBeTruthy();
    await card.getByTestId('flash-reservation').waitFor();
    expect(await card.getByTestId('flash-reservation-total').textContent()).toContain('¥199.00');
    await eventually(() => card.getByTestId('flash-remaining').getAttribute('data-remaining')).toBe('1');

    // Giving it up returns the unit (the bar goes back to 2).
    await card.getByTestId('flash-cancel').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await card.getByTestId('flash-done').waitFor();
    await eventually(() => card.getByTestId('flash-remaining').getAttribute('data-remaining')).toBe('2');

    await consumer.close();
    await merchant.close();
    await operator.close();
  }, 180_000);

  it("the demo festival's venue shows the demo slots: running, counting down, with a waiting room", async () => {
    const page = await browser.newPage(DESKTOP);
    await page.goto(`${server.url}/events/${liveDemoCampaign(new Date()).slug}/venue`);
    const strip = page.getByTestId('flash-strip');
    await strip.waitFor();
    await eventually(() => page.getByTestId('flash-slot').count()).toBe(DEMO_FLASH_SLOTS.length);
    expect(await page.locator('[data-testid="flash-slot"][data-status="running"]').count()).toBeGreaterThan(
      0,
    );
    expect(await page.locator('[data-testid="flash-countdown"][data-phase="start"]').count()).toBeGreaterThan(
      0,
    );
    expect(latinWords((await strip.textContent()) ?? '')).toEqual([]);
    if (screenshots) await strip.screenshot({ path: screenshotPath('flash-venue-demo.png') });

    // en-US is complete: the same strip in English (the product titles are the merchant's own).
    await page.evaluate("localStorage.setItem('carnival.locale', 'en-US')");
    await page.reload();
    await strip.waitFor();
    await eventually(async () => (await strip.textContent()) ?? '').toContain('Flash sale');
    const english = (await strip.textContent()) ?? '';
    for (const words of ['Starts in', 'Ends in', 'Sign in to buy', 'Join the queue', 'left'])
      expect(english).toContain(words);
    expect(english).not.toMatch(/限时秒杀|距开抢|立即抢购|剩余/);
    await page.close();
  });
});
