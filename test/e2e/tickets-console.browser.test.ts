/**
 * The organizer's ticket console in a real browser against the real server and its demo data
 * (docs/tickets.md "Organizer console"): as organizer@carnival.local on the demo merchant
 * conference: a new ticket type and a quota for it show in the lists; three bulk vouchers and
 * their CSV; the attendee search finds the demo merchant; the sold-out dinner's waiting list with
 * its potential revenue; a quota resized below what it sold is refused in the catalogue's zh-CN
 * words under the field; a ticket is cancelled with a required reason. At en-US no platform text
 * is Chinese. An answered question's label is edited, its kind change and its removal refused;
 * the demo's early-bird voucher is revoked. A second organizer gets the 403 page for the demo
 * organizer's event.
 * Screenshots with CARNIVAL_SCREENSHOTS=1 (docs/screenshots/tickets-console-*.png).
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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

const DESKTOP = { viewport: { width: 1440, height: 960 } };
const DINNER = '商家之夜晚宴';

interface Setup {
  types: { id: string; name: { 'zh-CN': string }; available: number }[];
  quotas: { id: string; name: string; size: number; sold: number }[];
}

describe.runIf(runBrowserTests)('the organizer’s ticket console in the browser', () => {
  let server: Target;
  let browser: Browser;
  /** The demo merchant conference (its edition on sale), run by the demo organizer. */
  let eventId = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startTarget();
    const organizer = await signedIn('organizer@carnival.local');
    const { items } = await ok<{ items: { id: string; kind: string; slug: string }[] }>(
      organizer.request.get(`${server.url}/api/manage/campaigns`),
    );
    for (const c of items.filter((i) => i.kind === 'merchant_growth')) {
      const wl = await ok<{ types: { name: { 'zh-CN': string }; waiting: number }[] }>(
        organizer.request.get(`${server.url}/api/organizer/events/${c.id}/waitlist`),
      );
      if (wl.types.some((w) => w.name['zh-CN'] === DINNER && w.waiting > 0)) eventId = c.id;
    }
    await organizer.close();
    expect(eventId, 'the demo conference with a waiting list').not.toBe('');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedIn(
    email: string,
    password = DEMO_PASSWORD,
    locale: 'zh-CN' | 'en-US' = 'zh-CN',
  ): Promise<BrowserContext> {
    const context = await browser.newContext({ ...DESKTOP, locale, acceptDownloads: true });
    await context.addInitScript({ content: `localStorage.setItem('carnival.locale', '${locale}');` });
    await ok(context.request.post(`${server.url}/api/auth/login`, { data: { email, password } }));
    return context;
  }

  const setupOf = (context: BrowserContext) =>
    ok<Setup>(context.request.get(`${server.url}/api/organizer/events/${eventId}/tickets`));

  async function openTab(page: Page, tab: string) {
    await page.getByTestId(`tcon-tab-${tab}`).click();
    await page.getByTestId(`${tab}-tab`).waitFor({ timeout: 30_000 });
  }

  /** Picks `label` in the antd select inside `testId` (the dropdown renders at the body's end). */
  async function pick(page: Page, testId: string, label: string) {
    await page.getByTestId(testId).click();
    await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${label}"]`).click();
    // A single select closes on the pick (at once: the browser asks for reduced motion); Escape
    // would then close the dialog around it. Only a dropdown still open (a multiple select) is shut.
    const open = page.locator('.ant-select-dropdown:visible').first();
    await open.waitFor({ state: 'hidden', timeout: 1_000 }).catch(() => page.keyboard.press('Escape'));
  }

  /** The demo merchant buys the type's last seat (wallet); the demo shopper joins its waiting list. */
  async function sellOutAndWait(typeId: string) {
    const key = () => ({ 'Idempotency-Key': `e2e-${typeId}-${Math.random()}` });
    const merchant = await signedIn('merchant@carnival.local');
    const { hold } = await ok<{ hold: { id: string } }>(
      merchant.request.post(`${server.url}/api/events/${eventId}/ticket-holds`, {
        headers: key(),
        data: { items: [{ typeId, quantity: 1 }] },
      }),
    );
    await ok(
      merchant.request.post(`${server.url}/api/ticket-holds/${hold.id}/checkout`, {
        headers: key(),
        data: {
          attendees: [{ name: '示例旗舰店 王店长', email: 'merchant@carnival.local', company: '示例旗舰店' }],
        },
      }),
    );
    await merchant.close();
    const shopper = await signedIn('consumer@carnival.local');
    await ok(
      shopper.request.post(`${server.url}/api/ticket-types/${typeId}/waitlist`, { headers: key(), data: {} }),
    );
    await shopper.close();
  }

  /** An antd InputNumber's input, whichever element its data-testid landed on. */
  const numberInput = (page: Page, id: string) =>
    page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first();

  const shot = async (page: Page, name: string) => {
    if (screenshots)
      await page.screenshot({ path: screenshotPath(`tickets-console-${name}.png`), fullPage: true });
  };

  it('creates a type and a quota, bulk vouchers with their CSV, finds an attendee, shows the waiting list, refuses a quota below sold, cancels a ticket with a reason', async () => {
    const context = await signedIn('organizer@carnival.local');
    const page = await context.newPage();

    // The menu leads to the organizer's ticketed events, and on to the conference's console.
    await page.goto(`${server.url}/console`);
    await page.getByTestId('console-menu').getByText('票务').click();
    await page.getByTestId('ticket-events-page').waitFor();
    await eventually(() => page.getByTestId('ticket-event').count()).toBeGreaterThanOrEqual(2);
    await page.locator(`a[href="/console/tickets/${eventId}"]`).first().click();
    await page.getByTestId('ticket-console').waitFor({ timeout: 30_000 });
    await page.getByTestId('types-tab').waitFor();
    expect(await page.getByTestId('type-row').count()).toBeGreaterThanOrEqual(5);
    expect(await page.getByTestId('types-tab').textContent()).toContain('¥299.00');

    // 1. A new ticket type: yuan in, fen on the server.
    await page.getByTestId('type-new').click();
    await page.getByTestId('type-name-zh').fill('媒体票');
    await page.getByTestId('type-name-en').fill('Press pass');
    await page.getByTestId('type-price').fill('88');
    await page.getByTestId('type-save').click();
    await eventually(() => page.getByTestId('type-name').allTextContents()).toContain('媒体票');
    const press = (await setupOf(context)).types.find((t) => t.name['zh-CN'] === '媒体票')!;
    expect(press).toMatchObject({ price: 8_800, available: 0 });
    await shot(page, 'types');

    // 2. A quota for it: the type goes on sale with its seats.
    await openTab(page, 'quotas');
    await page.getByTestId('quota-new').click();
    await page.getByTestId('quota-name').fill('媒体区');
    await numberInput(page, 'quota-size').fill('1');
    await pick(page, 'quota-types', '媒体票');
    await page.getByTestId('quota-save').click();
    const pressQuota = page.locator('[data-testid="quota-row"][data-name="媒体区"]');
    await eventually(() => pressQuota.count()).toBe(1);
    expect(await pressQuota.getByTestId('quota-free').textContent()).toBe('1');
    expect((await setupOf(context)).types.find((t) => t.id === press.id)!.available).toBe(1);
    // The demo merchant buys the one seat and the demo shopper waits for another (API): a paid
    // type's waiting list has a potential revenue.
    await sellOutAndWait(press.id);

    // The dinner's quota sold both seats: resizing it below that is the server's refusal, in zh-CN.
    const dinnerQuota = page.locator('[data-testid="quota-row"][data-name="晚宴席位"]');
    expect(await dinnerQuota.getByTestId('quota-sold').textContent()).toBe('2');
    await dinnerQuota.getByTestId('quota-resize').click();
    await numberInput(page, 'quota-size').fill('1');
    await page.getByTestId('quota-save').click();
    const explain = page.locator('[data-testid="quota-form"] .ant-form-item-explain-error');
    await eventually(() => explain.allTextContents()).toContain('不能少于这个配额已占用和已售出的座位数');
    await shot(page, 'quota-refused');
    // Raising it instead says how many waiting-list offers go out (one person waits).
    await numberInput(page, 'quota-size').fill('4');
    await eventually(() => page.getByTestId('quota-offers').textContent()).toContain(
      '最多会立即向候补名单发出 1 个',
    );
    await page.keyboard.press('Escape');
    await page.getByTestId('quota-form').waitFor({ state: 'detached' });

    // 3. Three vouchers at once, and the CSV export with their rows.
    await openTab(page, 'vouchers');
    // The demo's two vouchers are listed before anything is added.
    await eventually(() => page.getByTestId('voucher-row').count()).toBe(2);
    await page.getByTestId('voucher-new').click();
    await page.getByTestId('voucher-mode-bulk').click();
    await numberInput(page, 'voucher-count').fill('3');
    await page.getByTestId('voucher-prefix').fill('PRESS');
    await page.getByTestId('voucher-amount').fill('20');
    await page.getByTestId('voucher-save').click();
    await eventually(() => page.getByTestId('voucher-row').count()).toBe(5);
    const codes = (await page.getByTestId('voucher-code-cell').allTextContents()).filter((c) =>
      c.startsWith('PRESS'),
    );
    expect(codes).toHaveLength(3);
    expect(await page.getByTestId('vouchers-tab').textContent()).toContain('每张减 ¥20.00');
    await shot(page, 'vouchers');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('voucher-csv').click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(csv[0]).toMatch(/^code,effect,value/);
    const pressRows = csv.filter((line) => line.startsWith('PRESS'));
    expect(pressRows).toHaveLength(3);
    for (const code of codes) expect(pressRows.some((r) => r.startsWith(`${code},amount,2000,`))).toBe(true);

    // 4. Attendees: the search (q) finds the demo merchant with the answers to the questions.
    await openTab(page, 'attendees');
    const search = page.locator('[data-testid="attendee-search"] input');
    await search.fill('王店长');
    await search.press('Enter');
    await eventually(() => page.getByTestId('attendee-count').textContent()).toMatch(
      /找到 [1-9]\d* 位参会人/,
    );
    expect(await page.getByTestId('attendee-name').allTextContents()).toContain('示例旗舰店 王店长');
    expect(await page.getByTestId('attendees-tab').textContent()).toContain('服饰');
    await shot(page, 'attendees');

    // 5. The waiting list of the sold-out dinner, with what raising its quota would earn.
    await openTab(page, 'waitlist');
    const dinnerRow = page.getByTestId('waitlist-type').filter({ hasText: DINNER });
    await eventually(() => dinnerRow.count()).toBe(1);
    expect(await dinnerRow.getByTestId('waitlist-waiting').textContent()).toBe('1');
    expect(await dinnerRow.getByTestId('waitlist-potential').textContent()).toBe('¥0.00');
    expect(await page.getByTestId('waitlist-email').allTextContents()).toContain('consumer@carnival.local');
    const pressRow = page.getByTestId('waitlist-type').filter({ hasText: '媒体票' });
    expect(await pressRow.getByTestId('waitlist-waiting').textContent()).toBe('1');
    expect(await pressRow.getByTestId('waitlist-potential').textContent()).toBe('¥88.00');
    expect(await pressRow.getByTestId('waitlist-what-if').textContent()).toBe(
      '配额增加 1 个座位可多收 ¥88.00',
    );
    // Move the shopper up the press pass's line.
    const pressEntry = page.getByTestId('waitlist-entry').filter({ hasText: '媒体票' });
    await numberInput(page, 'waitlist-priority').waitFor();
    await pressEntry.locator('input').fill('5');
    await pressEntry.getByTestId('waitlist-priority-save').click();
    await eventually(async () => {
      const { entries } = await ok<{ entries: { typeId: string; priority: number }[] }>(
        context.request.get(`${server.url}/api/organizer/events/${eventId}/waitlist`),
      );
      return entries.find((e) => e.typeId === press.id)?.priority;
    }).toBe(5);
    await shot(page, 'waitlist');

    // 6. Cancel the partner's dinner seat: a reason is required, and the seat goes to the waiting list.
    await openTab(page, 'orders');
    const partnerOrder = page.getByTestId('order-row').filter({ hasText: 'partner@carnival.local' });
    await eventually(() => partnerOrder.count()).toBeGreaterThanOrEqual(1);
    await partnerOrder.first().click();
    const ticket = page.getByTestId('order-ticket').filter({ hasText: 'partner@carnival.local' }).first();
    await ticket.getByTestId('ticket-cancel').click();
    await page.getByTestId('cancel-confirm').click();
    await eventually(() =>
      page.locator('[data-testid="cancel-form"] .ant-form-item-explain-error').allTextContents(),
    ).toContain('请填写取消原因');
    await page.getByTestId('cancel-reason').fill('合作方改期，无法出席晚宴');
    await shot(page, 'cancel');
    await page.getByTestId('cancel-confirm').click();
    await eventually(() =>
      page
        .getByTestId('order-ticket')
        .filter({ hasText: 'partner@carnival.local' })
        .first()
        .getAttribute('data-status'),
    ).toBe('cancelled');
    await openTab(page, 'waitlist');
    const offered = page
      .getByTestId('waitlist-entry')
      .filter({ hasText: 'consumer@carnival.local' })
      .filter({ hasText: DINNER });
    await eventually(() => offered.textContent()).toContain('已发邀请');

    // 8. Check-in: the lists' live attendance and the way to the check-in page.
    await openTab(page, 'checkin');
    await eventually(() => page.getByTestId('checkin-progress').count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('checkin-manage-link').getAttribute('href')).toBe(
      `/checkin/manage?event=${eventId}`,
    );
    await shot(page, 'checkin');
    await context.close();
  }, 300_000);

  it('edits a question (an answered one keeps its kind), refuses deleting it, revokes a voucher', async () => {
    const context = await signedIn('organizer@carnival.local');
    const page = await context.newPage();
    await page.goto(`${server.url}/console/tickets/${eventId}?tab=settings`);
    await page.getByTestId('settings-tab').waitFor({ timeout: 30_000 });
    // The demo merchant answered 您的行业 (服饰): its kind stays, its label may change.
    const industry = () => page.getByTestId('question-row').filter({ hasText: '行业' });
    await eventually(() => industry().count()).toBe(1);
    await industry().getByTestId('question-edit').click();
    await page.getByTestId('question-label-zh').waitFor();
    expect(await page.getByTestId('question-label-zh').inputValue()).toBe('您的行业');
    await pick(page, 'question-kind', '文本');
    await page.getByTestId('question-save').click();
    await eventually(() =>
      page.locator('[data-testid="question-form"] .ant-form-item-explain-error').allTextContents(),
    ).toContain('已有参会人回答，题型不能再改');
    await pick(page, 'question-kind', '单选');
    await page.getByTestId('question-label-zh').fill('您所在的行业');
    await page.getByTestId('question-save').click();
    await eventually(() => industry().textContent()).toContain('您所在的行业');
    await page.getByTestId('question-form').waitFor({ state: 'detached', timeout: 30_000 });

    // Deleting it is confirmed first, then refused in the catalogue's words; the row stays.
    await industry().getByTestId('question-delete').click();
    await page.getByTestId('question-delete-confirm').click();
    await page
      .locator('.ant-message-error')
      .filter({ hasText: '已有参会人回答这个问题' })
      .first()
      .waitFor({ timeout: 30_000 });
    expect(await industry().count()).toBe(1);
    await shot(page, 'questions');

    // 作废 the demo's early-bird code, with a reason: it shows as 已作废 with no 作废 left.
    await openTab(page, 'vouchers');
    const early = page.getByTestId('voucher-row').filter({ hasText: 'EARLY50' });
    await eventually(() => early.count()).toBe(1);
    await early.getByTestId('voucher-revoke').click();
    await page.getByTestId('revoke-reason').fill('早鸟码在外部渠道流传');
    await page.getByTestId('revoke-confirm').click();
    await eventually(() => early.getByTestId('voucher-status').textContent()).toBe('已作废');
    expect(await early.getByTestId('voucher-revoke').count()).toBe(0);
    await page.getByTestId('revoke-form').waitFor({ state: 'detached', timeout: 30_000 });
    await shot(page, 'revoke');
    await context.close();
  }, 300_000);

  it('shows no Chinese platform text at en-US on any tab', async () => {
    const context = await signedIn('organizer@carnival.local', DEMO_PASSWORD, 'en-US');
    const page = await context.newPage();
    const found: Record<string, string[]> = {};
    for (const tab of [
      'types',
      'quotas',
      'vouchers',
      'orders',
      'attendees',
      'waitlist',
      'settings',
      'checkin',
    ]) {
      await page.goto(`${server.url}/console/tickets/${eventId}?tab=${tab}`);
      await page.getByTestId(`${tab}-tab`).waitFor({ timeout: 30_000 });
      await page.waitForLoadState('networkidle').catch(() => {});
      if (tab === 'orders') await page.getByTestId('order-row').first().click();
      // What the platform says: everything but what people typed (names, quota names, codes).
      const text = await page.evaluate(`(() => {
        const root = document.body.cloneNode(true);
        root.querySelectorAll('[data-user-content], [translate="no"], [lang]:not([lang="en"]):not([lang="en-US"]), code, pre, script, style')
          .forEach((el) => el.remove());
        return root.innerText || root.textContent || '';
      })()`);
      const han =
        String(text)
          .replaceAll('简体中文', '')
          .replaceAll('中文', '')
          .match(/\p{Script=Han}+/gu) ?? [];
      if (han.length) found[tab] = [...new Set(han)];
      if (tab === 'waitlist') await shot(page, 'en-US');
    }
    expect(found).toEqual({});
    await page.goto(`${server.url}/console/tickets`);
    await page.getByTestId('ticket-events-page').waitFor();
    expect(await page.getByTestId('ticket-events-page').textContent()).toContain('Tickets');
    await context.close();
  }, 300_000);

  it('shows another organizer the 403 page for the demo organizer’s event', async () => {
    const operator = await signedIn('admin@carnival.local', server.adminPassword);
    const other = await browser.newContext({ ...DESKTOP, locale: 'zh-CN' });
    const email = `organizer-${Date.now()}@example.com`;
    const password = 'Second-Organizer-77';
    const { user } = await ok<{ user: { id: string } }>(
      other.request.post(`${server.url}/api/auth/signup`, {
        data: { email, password, displayName: '另一位主办方' },
      }),
    );
    await ok(
      operator.request.put(`${server.url}/api/admin/users/${user.id}/role`, {
        data: { role: 'organizer', reason: 'runs another conference' },
      }),
    );
    await ok(other.request.post(`${server.url}/api/auth/login`, { data: { email, password } }));
    // The API says no, and the page says so.
    const res = await other.request.get(`${server.url}/api/organizer/events/${eventId}/tickets`);
    expect(res.status()).toBe(403);
    const page = await other.newPage();
    await page.goto(`${server.url}/console/tickets`);
    await page.getByTestId('ticket-events-page').waitFor();
    await eventually(() => page.locator('.ant-table-placeholder').count()).toBe(1);
    expect(await page.getByTestId('ticket-event').count()).toBe(0);
    await page.goto(`${server.url}/console/tickets/${eventId}`);
    await page.getByTestId('tickets-forbidden').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('tickets-forbidden').textContent()).toContain('这不是你主办的活动');
    await shot(page, 'forbidden');
    await operator.close();
    await other.close();
  }, 120_000);
});
