/**
 * Phones (issue 9 item 8): at 390x844 the header's menu folds into a drawer behind a hamburger
 * (no sideways scrolling), and the header does not overlap the page below it. The demo shopper
 * then walks the shop on the phone: venue (with the products' pictures) → product → cart →
 * checkout → pay → orders → order → wallet, each page fitting 390 px, tables turned into lists,
 * the touch targets at least 40 px high; and one refusal shows one toast (issue 9 item 7).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/seed';
import {
  eventually,
  launchBrowser,
  runBrowserTests,
  screenshotPath,
  startTarget,
  type Target,
} from './browser';
import { ok } from './festival';
import { fitsPhone, heightOf, PHONE } from './phone';

const CONSUMER = { email: 'consumer@carnival.local', password: DEMO_PASSWORD };
const yuan = (fen: number) =>
  `¥${Math.floor(fen / 100).toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`;
/** The smallest touch target we accept, in CSS pixels. */
const TOUCH = 40;

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
    // The header's controls are big enough for a thumb.
    for (const target of [
      page.getByTestId('nav-toggle'),
      page.locator('.app-header .ant-segmented-item').first(),
    ])
      expect(await heightOf(target)).toBeGreaterThanOrEqual(TOUCH);
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

  it('walks venue → cart → checkout → pay → orders → order at 390 px, one toast per refusal', async () => {
    const ctx = await browser.newContext(PHONE);
    await ok(ctx.request.post(`${server.url}/api/auth/login`, { data: CONSUMER }));
    const list = await ok<{ items: { id: string; slug: string }[] }>(
      ctx.request.get(`${server.url}/api/campaigns?status=live&kind=shopping_festival`),
    );
    const live = list.items.find((c) => c.slug.startsWith('year-end-festival-'))!;
    // A product with a choice of SKUs (颜色 / 尺码...), for the product page.
    const venue = await ok<{ items: { sku: string; productId: string; campaignPrice: number }[] }>(
      ctx.request.get(`${server.url}/api/campaigns/${live.id}/venue?limit=100`),
    );
    const skusOf = (productId: string) => venue.items.filter((i) => i.productId === productId);
    const [first, choice] = skusOf(venue.items.find((i) => skusOf(i.productId).length > 1)!.productId);
    const page = await ctx.newPage();
    const fits = async (name: string) => {
      await page.waitForLoadState('networkidle');
      // Settled: no list still loading behind its spinner, no skeleton in place of the page.
      await eventually(() => page.locator('.ant-spin-spinning, .ant-skeleton').count()).toBe(0);
      // ...and its transitions over (a list fades in from its loading blur), toasts aside.
      await eventually(() => page.evaluate(SETTLING)).toBe(0);
      const fit = await fitsPhone(page);
      expect(fit, `${name}: ${JSON.stringify(fit)}`).toMatchObject({ overflow: false, headerOneRow: true });
      expect(fit.scrollWidth).toBeLessThanOrEqual(390);
    };
    const shot = (name: string, fullPage = false) =>
      page.screenshot({ path: screenshotPath(`shopper-${name}-390.png`), fullPage });

    // The venue: two items a row, each with its picture (drawn by the demo seed, no download).
    await page.goto(`${server.url}/events/${live.slug}/venue`);
    const card = page.getByTestId('venue-item').first();
    await card.waitFor({ timeout: 60_000 });
    const picture = card.locator('.venue-card-image img');
    expect(await picture.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    await eventually(() => picture.evaluate(loadedWidth)).toBeGreaterThan(0);
    await page.getByTestId('coupon-centre').waitFor();
    await fits('venue');
    const sku = (await card.getAttribute('data-sku'))!;
    expect(await heightOf(page.getByTestId(`add-${sku}`))).toBeGreaterThanOrEqual(TOUCH);

    // One refusal, one toast: the coupon was claimed elsewhere (another tab, the API) meanwhile.
    const ticket = page.locator('[data-testid="coupon-ticket"][data-scope="platform"]').first();
    const couponId = (await ticket.getAttribute('data-coupon'))!;
    await ok(
      ctx.request.post(`${server.url}/api/coupons/${couponId}/claim`, {
        headers: { 'Idempotency-Key': `mobile-${Date.now()}` },
      }),
    );
    expect(await heightOf(ticket.getByTestId('coupon-claim'))).toBeGreaterThanOrEqual(TOUCH);
    await ticket.getByTestId('coupon-claim').click();
    await page.locator('.ant-message-notice').first().waitFor();
    expect(await page.locator('.ant-message-notice').textContent()).toContain('每人限领');
    await waitForToasts(page, 1);
    expect(await page.locator('.ant-message-notice').count()).toBe(1);

    // A product's page: its picture, its SKUs, add the one chosen.
    await page
      .locator(`[data-testid="venue-item"][data-sku="${choice!.sku}"]`)
      .getByTestId('venue-item-open')
      .click();
    const drawer = page.getByTestId('product-drawer');
    await drawer.getByTestId('product-sku').first().waitFor();
    const big = drawer.locator('.product-image img');
    expect(await big.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    await eventually(() => big.evaluate(loadedWidth)).toBeGreaterThan(0);
    expect(
      await heightOf(drawer.getByTestId('product-sku').first().locator('xpath=ancestor::label')),
    ).toBeGreaterThanOrEqual(TOUCH);
    // Slid fully in (its animation done) before the picture is taken.
    await eventually(
      async () =>
        (
          await drawer
            .locator('xpath=ancestor-or-self::*[contains(@class,"ant-drawer-content-wrapper")]')
            .boundingBox()
        )?.x,
    ).toBe(0);
    // The card's SKU is the one chosen; choosing another shows its price.
    expect(await drawer.getByTestId('product-price').textContent()).toBe(yuan(choice!.campaignPrice));
    await drawer.locator(`[data-testid="product-sku"][data-sku="${first!.sku}"]`).click();
    await eventually(() => drawer.getByTestId('product-price').textContent()).toBe(
      yuan(first!.campaignPrice),
    );
    await shot('product');
    await drawer.getByTestId('product-add').click();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await eventually(() => page.getByTestId('cart-line').count()).toBe(1);
    // The cart box is under the whole grid: a bar at the bottom says what is in it and goes there.
    const bar = page.getByTestId('venue-cart-bar');
    await eventually(() => bar.textContent()).toContain('1 件');
    expect(await bar.textContent()).toContain(yuan(first!.campaignPrice));
    // (fitsPhone compares the content's top with the header's: measured from the top of the page.)
    await page.evaluate('window.scrollTo(0, 0)');
    await fits('venue with a cart');
    await card.scrollIntoViewIfNeeded();
    await shot('venue');
    expect(await heightOf(page.getByTestId('venue-cart-bar-open'))).toBeGreaterThanOrEqual(TOUCH);
    await page.getByTestId('venue-cart-bar-open').click();
    await eventually(() => page.getByTestId('venue-go-cart').isVisible()).toBe(true);
    await eventually(async () => {
      const box = await page.getByTestId('venue-go-cart').boundingBox();
      return !!box && box.y >= 0 && box.y + box.height <= 844;
    }).toBe(true);

    // The cart: lines stacked, a stepper and a remove button big enough for a thumb.
    await page.getByTestId('venue-go-cart').click();
    await page.getByTestId('cart-page').waitFor();
    await page.getByTestId('cart-total').waitFor();
    await fits('cart');
    expect(await heightOf(page.locator('.shop-line .ant-input-number').first())).toBeGreaterThanOrEqual(
      TOUCH,
    );
    expect(await heightOf(page.locator('[data-testid^="remove-"]').first())).toBeGreaterThanOrEqual(TOUCH);
    expect(await heightOf(page.getByTestId('cart-checkout'))).toBeGreaterThanOrEqual(TOUCH);
    await shot('cart', true);

    // Checkout: the address picker and the pay button within reach.
    await page.getByTestId('cart-checkout').click();
    await page.getByTestId('checkout-page').waitFor();
    await page.getByTestId('address-option').first().waitFor();
    await fits('checkout');
    const option = page.locator('.address-option').first();
    expect(await heightOf(option)).toBeGreaterThanOrEqual(TOUCH);
    expect(await page.locator('.address-option.ant-radio-wrapper-checked').count()).toBe(1);
    await page.locator('.address-option').nth(1).click();
    await eventually(() => page.locator('.address-option').nth(1).getAttribute('class')).toContain('checked');
    const submit = page.getByTestId('checkout-submit');
    await eventually(() => submit.isEnabled()).toBe(true);
    expect(await heightOf(submit)).toBeGreaterThanOrEqual(TOUCH);
    await shot('checkout', true);
    await submit.click();
    const pay = page.getByTestId('pay-submit');
    await pay.waitFor();
    expect(await heightOf(pay)).toBeGreaterThanOrEqual(TOUCH);
    await fits('pay');
    await shot('pay');
    await pay.click();
    await page.getByTestId('checkout-done').waitFor();
    // One payment, one 已支付 toast (the refusal's toast may still be fading out).
    const paid = page.locator('.ant-message-notice').filter({ hasText: '已支付' });
    await paid.first().waitFor();
    await waitForToasts(page, 1);
    expect(await paid.count()).toBe(1);
    const orderId = (await page.getByTestId('checkout-order-id').textContent())!;

    // 我的订单 through the menu: cards, not a table; then the order itself.
    await page.getByTestId('nav-toggle').click();
    await page.getByTestId('nav-drawer').getByTestId('nav-orders').click();
    await page.getByTestId('orders-page').waitFor();
    await page.getByTestId('order-row').first().waitFor();
    expect(await page.locator('[data-testid="orders-page"] .ant-table').count()).toBe(0);
    await fits('orders');
    const row = page.getByTestId('order-row').first();
    expect(await row.getAttribute('data-order')).toBe(orderId);
    expect(await heightOf(row.getByTestId('order-link'))).toBeGreaterThanOrEqual(TOUCH);
    await shot('orders');
    await row.getByTestId('order-link').click();
    await page.getByTestId('order-page').waitFor();
    await eventually(() => page.getByTestId('order-status').getAttribute('data-status')).toBe('paid');
    await fits('order');
    await shot('order', true);

    // The wallet's statement: a list on a phone too.
    await page.goto(`${server.url}/wallet`);
    await page.getByTestId('statement-row').first().waitFor();
    expect(await page.locator('[data-testid="wallet-page"] .ant-table').count()).toBe(0);
    await fits('wallet');
    expect(await heightOf(page.getByTestId('topup-submit'))).toBeGreaterThanOrEqual(TOUCH);
    await shot('wallet');
    await ctx.close();
  }, 300_000);
});

/** How many finite animations and transitions are running outside the toasts (a string: no DOM types). */
const SETTLING = `document.getAnimations().filter((a) =>
  a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity &&
  !a.effect?.target?.closest?.('.ant-message')).length`;

/** An <img>'s drawn width, 0 until it has loaded (typed by hand: the tests have no DOM types). */
const loadedWidth = (img: unknown) => {
  const i = img as { complete: boolean; naturalWidth: number };
  return i.complete ? i.naturalWidth : 0;
};

/** Waits for the toasts on screen to settle (antd adds a second one in the next frames, if any). */
async function waitForToasts(page: Page, atLeast: number): Promise<void> {
  await eventually(() => page.locator('.ant-message-notice').count()).toBeGreaterThanOrEqual(atLeast);
  // The refusal's requests done and two frames drawn: a second toast of the same event shows by then.
  await page.waitForLoadState('networkidle');
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
}
