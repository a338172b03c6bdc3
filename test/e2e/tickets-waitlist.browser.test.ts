/**
 * The waiting list in a real browser (issue 11's acceptance, docs/tickets.md): on an event of the
 * test's own (a tech summit a week out, one 1-seat type, made through the API as the demo
 * organizer), the demo merchant holds the only seat; the demo shopper opens the shop, sees
 * 已售罄 and 加入候补, joins and sees 候补中; the merchant cancels; the shopper sees the offer
 * (候补名额已为你保留, with its expiry) on /me/tickets, the dev mailbox has the mail with the
 * voucher code, and buying with the offer ends with the ticket's QR code on /me/tickets.
 * Screenshots docs/screenshots/tickets-waitlist-*.png with CARNIVAL_SCREENSHOTS=1.
 */
import type { APIRequestContext, Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
const DAY = 24 * 60 * 60 * 1000;
const TYPE_NAME = '候补测试票';

describe.runIf(runBrowserTests)('the waiting list in the browser', () => {
  let server: Target;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startTarget();
  }, 420_000); // a loaded machine: the demo seed on PGlite alone took over three minutes

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedIn(email: string, password = DEMO_PASSWORD): Promise<BrowserContext> {
    const context = await browser.newContext(DESKTOP);
    await ok(context.request.post(`${server.url}/api/auth/login`, { data: { email, password } }));
    return context;
  }

  /** A published tech summit a week out with one free type of a 1-seat quota. */
  async function summitWithOneSeat(organizer: APIRequestContext, operator: APIRequestContext) {
    const now = Date.now();
    const slug = `e2e-waitlist-${now}`;
    const { campaign } = await ok<{ campaign: { id: string } }>(
      organizer.post(`${server.url}/api/campaigns`, {
        data: {
          slug,
          kind: 'tech_summit',
          audiences: ['developers'],
          title: { 'zh-CN': '候补测试峰会', 'en-US': 'Waiting-list summit' },
          summary: { 'zh-CN': '只有一个座位', 'en-US': 'One seat only' },
          body: { 'zh-CN': '', 'en-US': '' },
          theme: { primaryColor: '#13c2c2', bannerUrl: null },
          organizer: { name: 'Carnival' },
          timezone: 'Asia/Shanghai',
          startsAt: new Date(now + 7 * DAY).toISOString(),
          endsAt: new Date(now + 8 * DAY).toISOString(),
          phases: [],
          seriesId: null,
        },
      }),
    );
    await ok(
      organizer.post(`${server.url}/api/campaigns/${campaign.id}/transitions`, { data: { to: 'in_review' } }),
    );
    await ok(
      operator.post(`${server.url}/api/campaigns/${campaign.id}/transitions`, { data: { to: 'published' } }),
    );
    const base = `${server.url}/api/organizer/events/${campaign.id}`;
    const { type } = await ok<{ type: { id: string } }>(
      organizer.post(`${base}/ticket-types`, {
        data: { name: { 'zh-CN': TYPE_NAME, 'en-US': 'Waiting-list ticket' }, price: 0, maxPerOrder: 1 },
      }),
    );
    await ok(
      organizer.post(`${base}/ticket-quotas`, { data: { name: '唯一座位', size: 1, typeIds: [type.id] } }),
    );
    return { eventId: campaign.id, slug, typeId: type.id };
  }

  it('joins a sold-out type’s waiting list, gets the offer after a cancellation, and buys with it', async () => {
    const organizer = await signedIn('organizer@carnival.local');
    const operator = await signedIn('admin@carnival.local', server.adminPassword);
    const holder = await signedIn('merchant@carnival.local');
    const { eventId, slug, typeId } = await summitWithOneSeat(organizer.request, operator.request);

    // The merchant takes the only seat, through the API.
    const { hold } = await ok<{ hold: { id: string } }>(
      holder.request.post(`${server.url}/api/events/${eventId}/ticket-holds`, {
        data: { items: [{ typeId, quantity: 1 }] },
      }),
    );
    const { order } = await ok<{ order: { tickets: { id: string }[] } }>(
      holder.request.post(`${server.url}/api/ticket-holds/${hold.id}/checkout`, {
        data: { attendees: [{ name: '示例商家', email: 'merchant@carnival.local' }] },
      }),
    );

    // The shopper finds it sold out and joins the waiting list.
    const shopper = await signedIn('consumer@carnival.local');
    const page = await shopper.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${server.url}/events/${slug}/tickets`);
    await page.getByTestId('ticket-shop').waitFor();
    const row = page.locator(`[data-testid="shop-type"][data-type="${TYPE_NAME}"]`);
    await eventually(() => row.getByTestId('shop-sold-out').textContent()).toBe('已售罄');
    expect((await row.getByTestId('shop-waitlist').textContent())?.replace(/\s/g, '')).toBe('加入候补');
    await row.getByTestId('shop-waitlist').click();
    await eventually(() => row.getByTestId('shop-waiting').count()).toBe(1);
    expect(await row.getByTestId('shop-waiting').textContent()).toContain('候补中');
    if (screenshots)
      await page.screenshot({ path: screenshotPath('tickets-waitlist-1-waiting.png'), fullPage: true });

    // The merchant cancels: the freed seat is offered to the shopper.
    await ok(
      holder.request.post(`${server.url}/api/tickets/${order.tickets[0]!.id}/cancel`, {
        data: { reason: '行程有变' },
      }),
    );

    await page.goto(`${server.url}/me/tickets`);
    await page.getByTestId('my-tickets-page').waitFor();
    const notice = page.getByTestId('waitlist-offer');
    await eventually(() => notice.count()).toBe(1);
    const text = (await notice.textContent()) ?? '';
    expect(text).toContain('候补名额已为你保留');
    expect(text).toMatch(/\d{4}.\d{1,2}.\d{1,2}/); // its expiry
    if (screenshots)
      await page.screenshot({ path: screenshotPath('tickets-waitlist-2-offer.png'), fullPage: true });

    // The mail is in the dev mailbox, with the offer's voucher code.
    const { items: waitlist } = await ok<{
      items: { typeId: string; offer: { voucherCode: string } | null }[];
    }>(shopper.request.get(`${server.url}/api/me/waitlist`));
    const code = waitlist.find((e) => e.typeId === typeId)?.offer?.voucherCode;
    expect(code).toMatch(/^WL/);
    const { items: mails } = await ok<{ items: { to: string; kind: string; text: string }[] }>(
      shopper.request.get(`${server.url}/api/dev/mailbox`),
    );
    expect(
      mails.some(
        (m) =>
          m.kind === 'ticket.waitlist_offer' && m.to === 'consumer@carnival.local' && m.text.includes(code!),
      ),
    ).toBe(true);

    // 去购买 leads to the shop, whose offer holds the kept seat with the voucher code.
    await notice.getByRole('button').click();
    await page.getByTestId('ticket-shop').waitFor();
    await page.getByTestId('offer-buy').click();
    await page.getByTestId('shop-pay').waitFor();
    await page.getByTestId('shop-pay').click();
    await page.locator('[data-testid="ticket-bought"], [data-testid="shop-error"]').first().waitFor();
    expect(await page.getByTestId('shop-error').count(), await page.locator('body').innerText()).toBe(0);

    await page.goto(`${server.url}/me/tickets`);
    const card = page.locator('[data-testid="my-ticket"]', { hasText: TYPE_NAME });
    await eventually(() => card.getByTestId('ticket-qr').count()).toBe(1);
    expect((await card.getByTestId('ticket-code').textContent())?.trim()).toMatch(/^CV1\./);
    await eventually(() => page.getByTestId('waitlist-offer').count()).toBe(0);
    if (screenshots)
      await page.screenshot({ path: screenshotPath('tickets-waitlist-3-ticket.png'), fullPage: true });
  }, 300_000);
});
