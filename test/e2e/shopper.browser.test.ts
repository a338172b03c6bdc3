/**
 * The shopper's journey of issue 9, in a real browser against the real server and its demo data
 * only (the live 年终好物节, its 领券中心 coupons, the demo shopper's 购物津贴 and addresses): a
 * visitor fills a cart in the venue, 登录并结算 signs in and keeps it; in the venue they claim the
 * platform and the store coupon, pick a SKU on a product's page, and the cart shows the best coupon
 * applied and the 凑单 hint; at checkout they pick an address, place the order and pay. The store
 * ships (through the API: the merchant's pages are another helper's) and the shopper confirms
 * receipt. Then the shopper's pages at 390 px wide: no sideways scrolling, the header on one row.
 */
import type { APIRequestContext, Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADDRESSES, DEMO_ALLOWANCE } from '../../src/seed/demo-shopper';
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
import { fitsPhone, PHONE } from './phone';

const CONSUMER = { email: 'consumer@carnival.local', password: DEMO_PASSWORD };
const MERCHANT = { email: 'merchant@carnival.local', password: DEMO_PASSWORD };
const DESKTOP = { viewport: { width: 1360, height: 960 }, locale: 'zh-CN' };

const yuan = (fen: number) =>
  `¥${Math.floor(fen / 100).toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`;

interface VenueItem {
  sku: string;
  productId: string;
  listPrice: number;
  campaignPrice: number;
  store: { id: string; name: string };
}

describe.runIf(runBrowserTests)('the shopper’s journey in the browser', () => {
  let server: Target;
  let browser: Browser;
  let slug: string;
  let campaignId: string;
  let items: VenueItem[];
  let storeId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startTarget();
    // Reads only: which festival is live and what the demo merchant's store sells in it.
    const probe = await browser.newContext();
    const list = await ok<{ items: { id: string; slug: string }[] }>(
      probe.request.get(`${server.url}/api/campaigns?status=live&kind=shopping_festival`),
    );
    const live = list.items.find((c) => c.slug.startsWith('year-end-festival-'))!;
    slug = live.slug;
    campaignId = live.id;
    const venue = await ok<{ items: VenueItem[]; facets: { stores: { id: string; name: string }[] } }>(
      probe.request.get(`${server.url}/api/campaigns/${campaignId}/venue?limit=100`),
    );
    storeId = venue.facets.stores.find((s) => s.name === '示例旗舰店')!.id;
    items = venue.items
      .filter((i) => i.store.id === storeId)
      .sort((a, b) => b.campaignPrice - a.campaignPrice);
    await probe.close();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function merchantRequest(): Promise<APIRequestContext> {
    const ctx = await browser.newContext();
    await ok(ctx.request.post(`${server.url}/api/auth/login`, { data: MERCHANT }));
    return ctx.request;
  }

  it('keeps a visitor’s cart through sign-in, claims coupons, checks out to an address, pays and confirms receipt', async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    const venueUrl = `${server.url}/events/${slug}/venue?store=${storeId}`;
    const first = items[0]!;

    // A visitor: the cart is kept in the browser, and 登录并结算 signs in and carries it over.
    await page.goto(venueUrl);
    await page.getByTestId('venue-cart').waitFor();
    await page.getByTestId(`add-${first.sku}`).click();
    await eventually(() => page.getByTestId('cart-line').count()).toBe(1);
    // The visitor's panel adds up: list total − 活动价立减 − other discounts = what is paid.
    const sum = async (id: string) =>
      Number(((await page.getByTestId(id).first().textContent()) ?? '').replace(/[^0-9.]/g, ''));
    await page.getByTestId('cart-total').waitFor();
    if (first.listPrice > first.campaignPrice) {
      const campaignOff = await sum('cart-campaign-prices');
      expect(Math.round(campaignOff * 100)).toBe(first.listPrice - first.campaignPrice);
    }
    await page.reload();
    await eventually(() => page.getByTestId('cart-line').count()).toBe(1);
    await page.getByTestId('venue-login-checkout').click();
    await page.waitForURL(/\/login\?next=/);
    await page.getByTestId('login-email').fill(CONSUMER.email);
    await page.getByTestId('login-password').fill(CONSUMER.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('cart-page').waitFor();
    expect(page.url()).toContain(`/cart?campaignId=${campaignId}`);
    await eventually(() => page.getByTestId('cart-line').count()).toBe(1);

    // 领券中心 in the venue: the allowance granted, a platform coupon and a store coupon to claim.
    await page.goto(venueUrl);
    const centre = page.getByTestId('coupon-centre');
    await centre.waitFor();
    await eventually(() => page.getByTestId('allowance-balance').getAttribute('data-fen')).toBe(
      String(DEMO_ALLOWANCE),
    );
    expect(await page.getByTestId('allowance-balance').textContent()).toContain(yuan(DEMO_ALLOWANCE));
    for (const scope of ['platform', 'store']) {
      const ticket = page.locator(`[data-testid="coupon-ticket"][data-scope="${scope}"]`);
      await ticket.getByTestId('coupon-claim').click();
      await ticket.getByTestId('coupon-claimed').waitFor();
    }
    if (screenshots) await page.screenshot({ path: screenshotPath('coupon-centre.png') });

    // A product's page: its image, its SKUs to choose from, add the one chosen.
    const second = items.find((i) => i.productId !== first.productId) ?? items[1]!;
    await page
      .locator(`[data-testid="venue-item"][data-sku="${second.sku}"]`)
      .getByTestId('venue-item-open')
      .click();
    const drawer = page.getByTestId('product-drawer');
    await drawer.getByTestId('product-sku').first().waitFor();
    await drawer.locator(`[data-testid="product-sku"][data-sku="${second.sku}"]`).click();
    expect(await drawer.getByTestId('product-price').textContent()).toBe(yuan(second.campaignPrice));
    if (screenshots) await page.screenshot({ path: screenshotPath('product-detail.png') });
    await drawer.getByTestId('product-add').click();
    await page.keyboard.press('Escape');
    await eventually(() => page.getByTestId('cart-line').count()).toBe(2);

    // The cart: the best coupon applied, its saving, and the 凑单 hint.
    await page.getByTestId('venue-go-cart').click();
    await page.getByTestId('cart-page').waitFor();
    await page.getByTestId('cart-best-coupon').waitFor();
    expect(await page.getByTestId('cart-best-coupon').textContent()).toMatch(/平台券|店铺券/);
    await eventually(() => page.getByTestId('cart-hint').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('cart-hint').first().textContent()).toMatch(
      /再买 ¥[\d,.]+ 可再减 ¥[\d,.]+/,
    );
    const total = (await page.getByTestId('cart-total').textContent())!;
    if (screenshots) await page.screenshot({ path: screenshotPath('cart-coupons.png'), fullPage: true });

    // Checkout: the default address is picked; the order keeps it; pay from the wallet.
    await page.getByTestId('cart-checkout').click();
    await page.getByTestId('checkout-page').waitFor();
    await eventually(() => page.getByTestId('address-option').count()).toBe(DEMO_ADDRESSES.length);
    expect(await page.locator('.address-option.ant-radio-wrapper-checked').textContent()).toContain('西湖区');
    await eventually(() => page.getByTestId('checkout-submit').textContent()).toContain(total);
    if (screenshots) await page.screenshot({ path: screenshotPath('checkout-address.png'), fullPage: true });
    const placed = page.waitForResponse((r) => r.url().endsWith('/api/checkout'));
    await page.getByTestId('checkout-submit').click();
    const checkout = await placed;
    expect(checkout.status()).toBe(201);
    expect(checkout.request().postDataJSON().addressId).toMatch(/^adr_/);
    await page.getByTestId('pay-submit').click();
    await page.getByTestId('checkout-done').waitFor();
    await page.getByTestId('checkout-view-order').click();
    await page.getByTestId('order-page').waitFor();
    const orderId = (await page.getByTestId('order-page').getAttribute('data-order'))!;
    await eventually(() => page.getByTestId('order-status').getAttribute('data-status')).toBe('paid');
    expect(await page.getByTestId('order-address').textContent()).toContain('杭州市 西湖区');

    // The store ships (API); the shopper confirms receipt on the shipped order.
    const merchant = await merchantRequest();
    const subOrderId = (await page.getByTestId('sub-order').first().getAttribute('data-sub-order'))!;
    await ok(
      merchant.post(`${server.url}/api/sub-orders/${subOrderId}/ship`, {
        data: { carrier: '顺丰速运', trackingNumber: 'SF20261203001' },
      }),
    );
    await page.reload();
    await eventually(() => page.getByTestId('tracking').textContent()).toContain('SF20261203001');
    await page.getByTestId('confirm-receipt').click();
    await eventually(() => page.getByTestId('confirm-receipt').count()).toBe(0);
    if (screenshots) await page.screenshot({ path: screenshotPath('order-received.png'), fullPage: true });
    const order = await ok<{ order: { subOrders: { status: string }[] } }>(
      context.request.get(`${server.url}/api/orders/${orderId}`),
    );
    expect(order.order.subOrders[0]!.status).toBe('completed');
    await context.close();
  }, 240_000);

  it('says plainly when a festival has ended or not started, and offers no add-to-cart', async () => {
    const context = await browser.newContext(DESKTOP);
    await ok(context.request.post(`${server.url}/api/auth/login`, { data: CONSUMER }));
    const page = await context.newPage();
    // The demo year's Double 11 and 618 (fixed dates): whichever state each is in today, if not live.
    for (const s of ['double-11-2026', '618-2027']) {
      const { campaign } = await ok<{ campaign: { id: string; status: string } }>(
        context.request.get(`${server.url}/api/campaigns/${s}`),
      );
      if (campaign.status === 'live') continue;
      await page.goto(`${server.url}/events/${s}/venue`);
      const banner = page.getByTestId('venue-not-live');
      await banner.waitFor();
      expect(await banner.getAttribute('data-status')).toBe(campaign.status);
      expect(await banner.textContent()).toMatch(campaign.status === 'published' ? /尚未开始/ : /已结束/);
      await page.getByTestId('venue-item').first().waitFor();
      expect(await page.locator('[data-testid^="add-"]').count()).toBe(0);
      expect(await page.getByTestId('venue-not-selling').count()).toBeGreaterThan(0);
      if (screenshots) await page.screenshot({ path: screenshotPath(`venue-${campaign.status}.png`) });
      // The cart API says the same, with its code.
      const venue = await ok<{ items: { sku: string }[] }>(
        context.request.get(`${server.url}/api/campaigns/${campaign.id}/venue?limit=1`),
      );
      const refused = await context.request.put(`${server.url}/api/cart/items`, {
        data: { campaignId: campaign.id, skuId: venue.items[0]!.sku, quantity: 1 },
      });
      expect(refused.status()).toBe(409);
      expect((await refused.json()).error.code).toBe('CAMPAIGN_NOT_LIVE');
      // Its cart page names the festival and its state, not an id, and does not check out.
      await page.goto(`${server.url}/cart?campaignId=${campaign.id}`);
      await page.getByTestId('cart-not-live').waitFor();
      // The festival's name and state arrive after the cart itself (the selector shows 选择活动 until then).
      await eventually(() => page.getByTestId('cart-campaign').textContent()).toMatch(/已结束|未开始/);
      expect(await page.getByTestId('cart-campaign').textContent()).not.toContain(campaign.id);
    }
    await context.close();
  }, 180_000);

  it('is usable at 390 px: no sideways scrolling, the header on one row, the orders as a list', async () => {
    const context = await browser.newContext(PHONE);
    await ok(context.request.post(`${server.url}/api/auth/login`, { data: CONSUMER }));
    const page = await context.newPage();
    const orders = await ok<{ items: { id: string }[] }>(context.request.get(`${server.url}/api/orders`));
    const pages: [string, string, string][] = [
      ['hub', '/', 'hub-page'],
      ['venue', `/events/${slug}/venue`, 'venue-page'],
      ['cart', `/cart?campaignId=${campaignId}`, 'cart-page'],
      ['checkout', `/checkout?campaignId=${campaignId}`, 'checkout-page'],
      ['orders', '/orders', 'orders-page'],
      ['order', `/orders/${orders.items[0]!.id}`, 'order-page'],
      ['addresses', '/me/addresses', 'addresses-page'],
    ];
    // Something in the cart, so the cart and checkout pages show their figures.
    await ok(
      context.request.put(`${server.url}/api/cart/items`, {
        data: { campaignId, skuId: items[0]!.sku, quantity: 1 },
      }),
    );
    for (const [name, path, testId] of pages) {
      await page.goto(`${server.url}${path}`);
      await page.getByTestId(testId).waitFor();
      await page.waitForLoadState('networkidle');
      const fit = await fitsPhone(page);
      expect(fit, `${name}: ${JSON.stringify(fit)}`).toMatchObject({ overflow: false, headerOneRow: true });
      if (screenshots) await page.screenshot({ path: screenshotPath(`mobile-${name}.png`), fullPage: true });
    }
    // The orders page lists cards, not a table.
    await page.goto(`${server.url}/orders`);
    await page.getByTestId('order-row').first().waitFor();
    expect(await page.locator('.ant-table').count()).toBe(0);
    await context.close();
  }, 180_000);
});
