/**
 * Buying and getting money back, in a real browser against the real server and its demo data.
 * The demo year's festivals are over or not yet on at the real date, so the test first opens a
 * festival of its own through the API (live from an hour ago, 跨店每满300减50, two SKUs of the
 * demo merchant's store approved at campaign prices). Then the demo consumer tops up the wallet
 * through the sandbox payment gateway's hosted page, adds both SKUs in the venue (the server-side
 * cart), sees the priced cart with its 凑单 hint,
 * checks out (the store lowers a price meanwhile: 409 PRICE_CHANGED, the new total confirmed under a
 * new Idempotency-Key) and pays, asks for a refund of one line; the store's merchant approves it in a
 * second browser context, and the consumer's wallet shows the money back. The store then ships and
 * delivers the rest from its orders page, and the consumer confirms receipt.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_WALLET } from '../../src/seed/seed';
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

/** "¥1,234.56" from fen, as the web app shows money. */
const yuan = (fen: number) =>
  `¥${Math.floor(fen / 100).toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`;

describe.runIf(runBrowserTests)('checkout, payment and a refund in the browser', () => {
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

  async function signedIn(email: string, password: string): Promise<BrowserContext> {
    const ctx = await browser.newContext(DESKTOP);
    await ok(ctx.request.post(`${server.url}/api/auth/login`, { data: { email, password } }));
    return ctx;
  }

  const balanceOf = async (page: Page) => {
    await page.goto(`${server.url}/wallet`);
    const el = page.getByTestId('wallet-balance');
    await eventually(async () => /¥/.test((await el.textContent()) ?? '')).toBe(true);
    return (await el.textContent())!;
  };

  it('tops up, buys from the venue, pays, and gets a refund approved by the store', async () => {
    const operator = await signedIn(ADMIN_EMAIL, server.adminPassword);
    const merchant = await signedIn(MERCHANT.email, MERCHANT.password);
    const f = await openFestival(server.url, operator.request, merchant.request);

    // The consumer signs in through the page and lands on the wallet they asked for.
    const consumer = await browser.newContext(DESKTOP);
    const page = await consumer.newPage();
    await page.goto(`${server.url}/wallet`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByTestId('login-email').fill(CONSUMER.email);
    await page.getByTestId('login-password').fill(CONSUMER.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('wallet-page').waitFor();
    // The demo shopper starts with the seed's demo money (DEMO_WALLET) and one statement row.
    const startFen = DEMO_WALLET;
    expect(await balanceOf(page)).toBe(yuan(startFen));
    await eventually(() => page.getByTestId('statement-row').count()).toBe(1);

    // A top-up of 2,000.00 through the sandbox gateway: its hosted page, Pay, back to the wallet,
    // which shows the money once the gateway's signed notification has arrived.
    await page.getByTestId('topup-amount').fill('2000');
    await page.getByTestId('topup-submit').click();
    await page.waitForURL(/\/sandbox-gateway\/checkout\/chg_/);
    expect(await page.getByTestId('sandbox-amount').textContent()).toBe('¥2,000.00');
    if (screenshots) await page.screenshot({ path: screenshotPath('sandbox-gateway.png'), fullPage: true });
    await page.getByTestId('sandbox-pay').click();
    await page.waitForURL(/\/wallet\?topUp=tpu_/);
    await eventually(() => page.getByTestId('topup-status').getAttribute('data-status')).toBe('succeeded');
    await eventually(() => page.getByTestId('wallet-balance').textContent()).toBe(yuan(startFen + 200000));
    await eventually(() => page.getByTestId('statement-row').count()).toBe(2);

    // The venue puts both SKUs in the server-side cart: 799.00 + 399.00 = 1,198.00, 3 × 50.00 off.
    await page.goto(`${server.url}/events/${f.slug}/venue`);
    await page.locator('[data-testid="venue-cart"][data-server="true"]').waitFor();
    await page.getByTestId(`add-${f.coat}`).click();
    await eventually(() => page.getByTestId('cart-line').count()).toBe(1);
    await page.getByTestId(`add-${f.shirt}`).click();
    await eventually(() => page.getByTestId('cart-total').textContent()).toBe('¥1,048.00');

    // The cart page prices it the same, with the 凑单 hint: 2.00 more saves 50.00 more.
    await page.getByTestId('venue-go-cart').click();
    await page.getByTestId('cart-page').waitFor();
    await eventually(() => page.getByTestId('cart-total').textContent()).toBe('¥1,048.00');
    expect(await page.getByTestId('cart-subtotal').textContent()).toBe('¥1,358.00');
    expect(await page.getByTestId('cart-hint').first().textContent()).toContain('再买 ¥2.00 可再减 ¥50.00');
    expect(await page.getByTestId('cart-applied').first().textContent()).toContain('跨店每满300减50');
    expect(await page.getByTestId('cart-line').count()).toBe(2);
    if (screenshots) await page.screenshot({ path: screenshotPath('cart.png'), fullPage: true });

    // Checkout confirms the total shown. The store lowers the shirt to 389.00 meanwhile: the order
    // is refused with the new total (1,038.00), which the customer then confirms.
    await page.getByTestId('cart-checkout').click();
    await page.getByTestId('checkout-page').waitFor();
    await eventually(() => page.getByTestId('checkout-submit').textContent()).toContain('¥1,048.00');
    await ok(
      merchant.request.post(`${server.url}/api/nominations/${f.shirtNomination}/price-drops`, {
        data: { campaignPrice: 38900, reason: '限时直降' },
      }),
    );
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/checkout'));
    await page.getByTestId('checkout-submit').click();
    expect((await refused).status()).toBe(409);
    await eventually(() => page.getByTestId('checkout-price-changed').textContent()).toContain('¥1,038.00');
    await eventually(() => page.getByTestId('checkout-submit').textContent()).toContain('¥1,038.00');
    const placed = page.waitForResponse((r) => r.url().endsWith('/api/checkout'));
    await page.getByTestId('checkout-submit').click();
    const checkout = await placed;
    expect(checkout.status()).toBe(201);
    expect(checkout.request().postDataJSON()).toMatchObject({ expectedTotal: 103800 });
    // A refusal is stored under its key, so confirming the new price is a new intent with a new key.
    const firstKey = (await refused).request().headers()['idempotency-key'];
    expect(checkout.request().headers()['idempotency-key']).toBeTruthy();
    expect(checkout.request().headers()['idempotency-key']).not.toBe(firstKey);
    await page.getByTestId('pay-panel').waitFor();
    expect(await page.getByTestId('pay-amount').textContent()).toBe('¥1,038.00');
    await page.getByTestId('pay-submit').click();
    await page.getByTestId('checkout-done').waitFor();
    await page.getByTestId('checkout-view-order').click();
    await page.getByTestId('order-page').waitFor();
    const orderId = (await page.getByTestId('order-page').getAttribute('data-order'))!;
    await eventually(() => page.getByTestId('order-status').getAttribute('data-status')).toBe('paid');
    expect(await page.getByTestId('order-paid').textContent()).toBe('¥1,038.00');
    await eventually(() => page.getByTestId('adjustment').count()).toBeGreaterThan(0);

    // Ask for the shirt back.
    const shirtLine = page.locator(`[data-testid="order-line"][data-sku="${f.shirt}"]`);
    await shirtLine.getByTestId('refund-line').click();
    await page.getByTestId('refund-reason').fill('尺码不合适');
    // The dialog shows the server's exact quote, not an estimate.
    await page.getByTestId('refund-quote').waitFor();
    const quoted = await page.getByTestId('refund-quote').textContent();
    const asked = page.waitForResponse(
      (r) => r.url().endsWith(`/api/orders/${orderId}/refunds`) && r.request().method() === 'POST',
    );
    await page.getByTestId('refund-submit').click();
    const refund = (await (await asked).json()).refund as { id: string; amount: number; status: string };
    expect(refund.status).toBe('requested');
    expect(quoted).toContain(yuan(refund.amount));
    await eventually(() => page.getByTestId('refund-row').getAttribute('data-status')).toBe('requested');

    // The store's merchant approves it from the refunds page, in a browser of their own.
    const shop = await merchant.newPage();
    await shop.goto(`${server.url}/merchant/refunds?store=${f.storeId}`);
    const row = shop.locator(`[data-testid="merchant-refund"][data-refund="${refund.id}"]`);
    await row.waitFor();
    expect(await row.getByTestId('refund-amount').textContent()).toBe(yuan(refund.amount));
    await row.getByTestId('refund-approve').click();
    await shop.getByTestId('refund-approve-confirm').click(); // money goes back: asked first
    await eventually(() => row.count()).toBe(0);

    // The consumer's order shows the refund, and the wallet has the money back.
    await page.reload();
    await eventually(() => page.getByTestId('refund-row').getAttribute('data-status')).toBe('approved');
    await eventually(() => shirtLine.getByTestId('line-refunded').count()).toBe(1);
    if (screenshots) await page.screenshot({ path: screenshotPath('order.png'), fullPage: true });
    expect(await balanceOf(page)).toBe(yuan(startFen + 200000 - 103800 + refund.amount));
    expect(await page.getByTestId('statement-change').first().textContent()).toBe(`+${yuan(refund.amount)}`);

    // The store ships what is left and marks it delivered from its orders page; the customer sees
    // the tracking on the order and confirms receipt (确认收货).
    await page.goto(`${server.url}/orders/${orderId}`);
    const subOrderId = (await page.getByTestId('sub-order').first().getAttribute('data-sub-order'))!;
    await shop.goto(`${server.url}/merchant/orders?store=${f.storeId}`);
    const shipment = shop.locator(`[data-testid="merchant-order"][data-sub-order="${subOrderId}"]`);
    await eventually(() => shipment.getAttribute('data-status')).toBe('paid');
    await shipment.getByTestId('ship').click();
    // The carrier comes from the list (顺丰速运 preselected).
    await shop.getByTestId('ship-tracking').fill('SF1234567890');
    await shop.getByTestId('ship-submit').click();
    await eventually(() => shipment.getAttribute('data-status')).toBe('shipped');
    await shipment.getByTestId('deliver').click();
    await eventually(() => shipment.getAttribute('data-status')).toBe('delivered');
    await page.reload();
    await eventually(() => page.getByTestId('tracking').textContent()).toContain('SF1234567890');
    await page.getByTestId('confirm-receipt').click();
    await eventually(() => page.getByTestId('confirm-receipt').count()).toBe(0);

    await consumer.close();
    await merchant.close();
    await operator.close();
  }, 240_000);

  it('shows the coupons and the 购物津贴 the customer holds in the cart', async () => {
    const operator = await signedIn(ADMIN_EMAIL, server.adminPassword);
    const merchant = await signedIn(MERCHANT.email, MERCHANT.password);
    const f = await openFestival(server.url, operator.request, merchant.request, 'e2e-coupons');
    const hour = 3_600_000;
    const { coupon } = await ok<{ coupon: { id: string } }>(
      operator.request.post(`${server.url}/api/coupons`, {
        data: {
          campaignId: f.id,
          scope: 'platform',
          promotion: { layer: 'platform', type: 'coupon', threshold: 100000, off: 10000 },
          claimStartsAt: new Date(Date.now() - hour).toISOString(),
          claimEndsAt: new Date(Date.now() + 24 * hour).toISOString(),
          totalQuantity: 100,
        },
      }),
    );
    await ok(
      operator.request.post(`${server.url}/api/campaigns/${f.id}/allowance-grants`, {
        data: { email: CONSUMER.email, amount: 5000, reason: 'e2e' },
        headers: { 'Idempotency-Key': `grant-${f.id}` },
      }),
    );
    const consumer = await signedIn(CONSUMER.email, CONSUMER.password);
    await ok(
      consumer.request.post(`${server.url}/api/coupons/${coupon.id}/claim`, {
        headers: { 'Idempotency-Key': `claim-${coupon.id}` },
      }),
    );
    await ok(
      consumer.request.put(`${server.url}/api/cart/items`, {
        data: { campaignId: f.id, skuId: f.coat, quantity: 1 },
      }),
    );

    const page = await consumer.newPage();
    await page.goto(`${server.url}/cart?campaignId=${f.id}`);
    await page.getByTestId('cart-page').waitFor();
    await eventually(() => page.getByTestId('cart-line').count()).toBe(1);
    await eventually(async () => (await page.getByTestId('cart-coupons').textContent()) ?? '').toContain(
      '平台券',
    );
    expect(await page.getByTestId('cart-coupons').textContent()).toContain('×1');
    expect(await page.getByTestId('cart-allowance').textContent()).toContain('¥50.00');

    await consumer.close();
    await merchant.close();
    await operator.close();
  }, 240_000);
});
