/**
 * Issue 9 item 1, through the pages only: the operator creates a festival, sets its enrollment
 * rules, a cross-store promotion (checked in the live preview) and a platform coupon, publishes
 * it; the demo merchant enrolls and nominates a SKU on the merchant's page; the operator approves
 * it in the review queue. Then every console page is opened (and, with CARNIVAL_SCREENSHOTS=1,
 * photographed into docs/screenshots/).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  launchBrowser,
  runBrowserTests,
  screenshotPath,
  screenshots,
  startTarget,
  type Target,
} from './browser';

const ADMIN_EMAIL = 'admin@carnival.local';
const MERCHANT = { email: 'merchant@carnival.local', password: 'carnival-demo' };

async function shot(page: Page, name: string) {
  if (screenshots) await page.screenshot({ path: screenshotPath(name), fullPage: true });
}

async function pick(page: Page, testId: string, title: string, search = false) {
  await page.getByTestId(testId).click();
  // A long list renders only what is in view: narrow it by typing, as a person would.
  if (search) await page.keyboard.type(title);
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${title}"]`).click();
  await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
}

describe.runIf(runBrowserTests)('operator workbench in the browser', () => {
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

  async function signIn(email: string, password: string): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({ viewport: { width: 1360, height: 960 }, locale: 'zh-CN' });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await eventually(() => page.url()).not.toContain('/login');
    return { ctx, page };
  }

  it('sets up a festival, publishes it, and approves a merchant who enrolled', async () => {
    const { ctx: operator, page } = await signIn(ADMIN_EMAIL, server.adminPassword);
    await page.goto(`${server.url}/console`);
    await page.getByTestId('console-menu').waitFor();
    await page.getByTestId('console-row').first().waitFor();
    await shot(page, 'console-campaigns.png');

    // A new festival (购物节 is the form's default kind).
    const slug = `e2e-festival-${Date.now().toString(36)}`;
    await page.getByTestId('console-new').click();
    await page.getByTestId('field-slug').fill(slug);
    await page.getByTestId('field-title-zh-CN').fill('端到端购物节');
    await page.getByTestId('field-summary-zh-CN').fill('运营工作台创建的购物节。');
    await page.getByTestId('field-body-zh-CN').fill('跨店满减与平台券。');
    await page.getByTestId('lang-tab-en-US').click();
    await page.getByTestId('field-title-en-US').fill('End-to-end Festival');
    await page.getByTestId('field-organizer').fill('平台运营');
    await page.getByTestId('campaign-save').click();
    await eventually(() => page.url()).toMatch(/\/console\/campaigns\/cmp_/);
    const campaignId = page.url().split('/').pop()!;

    // 活动配置 → 报名规则: the defaults (open now, close at the festival's start), a 4.5 rating floor.
    await page.getByTestId('campaign-setup').click();
    await page.getByTestId('rules-form').waitFor();
    await page.getByTestId('rules-min-rating').fill('4.5');
    await page.getByTestId('rules-max-price').fill('90');
    await page.getByTestId('rules-save').click();
    await eventually(() => page.getByTestId('rules-open').textContent()).toBe('报名中');
    await shot(page, 'console-setup-rules.png');

    // 营销玩法: 跨店每满300减50, refused first with a code people cannot read back.
    await page.getByTestId('wb-tab-promotions').click();
    await page.getByTestId('promo-add').click();
    await page.getByTestId('promo-id').fill('跨店 满减');
    await page.getByTestId('promo-step').fill('300');
    await page.getByTestId('promo-off').fill('50');
    await page.getByTestId('promo-drawer-ok').click();
    await page.getByText('只能用小写字母、数字和短横线，3 到 60 位').waitFor();
    await page.getByTestId('promo-id').fill('cross-300-50');
    await page.getByTestId('promo-off').fill('50.001');
    await page.getByTestId('promo-drawer-ok').click();
    await page.getByText('请输入金额，最多两位小数').waitFor();
    await page.getByTestId('promo-off').fill('50');
    await page.getByTestId('promo-drawer-ok').click();
    await page.locator('[data-testid="promo-row"][data-promotion="cross-300-50"]').waitFor();
    // The preview prices ¥199 + ¥129 through the engine before anything is saved.
    await eventually(() => page.getByTestId('preview-discount').textContent()).toBe('¥50.00');
    expect(await page.getByTestId('preview-total').textContent()).toBe('¥278.00');
    await page.getByTestId('promo-save').click();
    await eventually(() => page.getByTestId('promo-save').isDisabled()).toBe(true);
    await shot(page, 'console-setup-promotions.png');

    // 平台券: 满200减20, 1000 of them.
    await page.getByTestId('wb-tab-coupons').click();
    await page.getByTestId('coupon-new').click();
    await page.getByTestId('coupon-threshold').fill('200');
    await page.getByTestId('coupon-off').fill('200');
    await page.getByTestId('coupon-submit').click();
    await page.getByText('减免须小于门槛').waitFor();
    await page.getByTestId('coupon-off').fill('20');
    await page.getByTestId('coupon-submit').click();
    await eventually(() => page.getByTestId('coupon-row').count()).toBe(1);
    expect(await page.getByTestId('coupon-row').getAttribute('data-status')).toBe('active');
    await page.getByTestId('coupon-form').waitFor({ state: 'hidden' });
    await page.waitForTimeout(400);
    await shot(page, 'console-setup-coupons.png');

    // The preview now takes the coupon too: ¥50 across stores, then ¥20 off the ¥278 left.
    await page.getByTestId('wb-tab-promotions').click();
    await eventually(() => page.getByTestId('preview-total').textContent()).toBe('¥258.00');

    // 购物津贴: a grant needs a reason; the demo shopper gets ¥30.
    await page.getByTestId('wb-tab-allowance').click();
    await page.getByTestId('allowance-email').fill('consumer@carnival.local');
    await page.getByTestId('allowance-amount').fill('30');
    await page.getByTestId('allowance-submit').click();
    await page.getByText('请填写修改原因（写入审计日志）').waitFor();
    await page.getByTestId('allowance-reason').fill('端到端测试补贴');
    await page.getByTestId('allowance-submit').click();
    await eventually(() => page.locator('[data-testid="allowance-tab"] .ant-table-row').count()).toBe(1);
    await shot(page, 'console-setup-allowance.png');

    // 预算: ¥5,000 for the cross-store promotion.
    await page.getByTestId('wb-tab-budgets').click();
    await page.getByTestId('budget-set-cross-300-50').click();
    await page.getByTestId('budget-amount').fill('5000');
    await page.getByTestId('budget-ok').click();
    await eventually(() =>
      page.locator('[data-testid="budget-row"][data-promotion="cross-300-50"]').count(),
    ).toBe(1);
    await eventually(() => page.getByTestId('budgets-tab').textContent()).toContain('¥5,000.00');
    await page.locator('.ant-modal').waitFor({ state: 'hidden' });

    // 售后政策: 15 days of price protection.
    await page.getByTestId('wb-tab-afterSale').click();
    await page.getByTestId('after-sale-days').fill('15');
    await page.getByTestId('after-sale-save').click();
    await page.getByText('已保存').first().waitFor();
    await shot(page, 'console-setup-after-sale.png');

    // Back to the editor: submit and publish.
    await page.goto(`${server.url}/console/campaigns/${campaignId}`);
    for (const [action, status] of [
      ['submit', 'in_review'],
      ['publish', 'published'],
    ] as const) {
      await page.getByTestId(`transition-${action}`).click();
      await page.getByTestId('transition-confirm').click();
      await eventually(() => page.getByTestId('campaign-status').getAttribute('data-status')).toBe(status);
    }

    // The merchant enrolls the home-goods store on the merchant's page and nominates a SKU.
    const { ctx: merchant, page: mpage } = await signIn(MERCHANT.email, MERCHANT.password);
    const stores = (await (await merchant.request.get(`${server.url}/api/stores`)).json()).items as {
      id: string;
      name: string;
    }[];
    const home = stores.find((s) => s.name === '示例家居馆')!;
    const products = (
      await (await merchant.request.get(`${server.url}/api/stores/${home.id}/products`)).json()
    ).items as { title: string; skus: { id: string }[] }[];
    const candle = products.find((p) => p.title === '香薰蜡烛礼盒')!.skus[0]!;
    await mpage.goto(`${server.url}/merchant/enroll?campaign=${slug}&store=${home.id}`);
    await mpage.getByTestId('enroll-submit').click();
    await mpage.getByTestId('nominate-card').waitFor();
    await mpage.getByTestId(`pick-${candle.id}`).click();
    await mpage.getByTestId(`price-${candle.id}`).fill('99');
    await mpage.getByTestId(`stock-${candle.id}`).fill('50');
    await mpage.getByTestId('nominate-submit').click();
    await eventually(() =>
      mpage.getByTestId(`nomination-status-${candle.id}`).getAttribute('data-status'),
    ).toBe('pending');

    // The operator approves it from the queue in the console.
    await page.goto(`${server.url}/console/nominations?status=pending&campaign=${campaignId}`);
    await page.getByTestId(`approve-${candle.id}`).waitFor();
    await shot(page, 'console-nominations.png');
    await page.getByTestId(`approve-${candle.id}`).click();
    await eventually(() => page.getByTestId(`approve-${candle.id}`).count()).toBe(0);
    await mpage.reload();
    await eventually(() =>
      mpage.getByTestId(`nomination-status-${candle.id}`).getAttribute('data-status'),
    ).toBe('approved');

    // Platform pages: users and roles, the audit log (the grant is there, with its reason), the
    // ledger's trial balance and a statement, and the settlements of the live demo festival.
    await page.goto(`${server.url}/console/users`);
    await page.getByTestId('user-row').first().waitFor();
    await pick(page, 'users-role-filter', '商家');
    await eventually(async () =>
      (
        await page
          .getByTestId('user-row')
          .evaluateAll((rows) =>
            rows.map((r) =>
              (r as unknown as { getAttribute(name: string): string | null }).getAttribute('data-email'),
            ),
          )
      ).every((e) => e?.startsWith('merchant')),
    ).toBe(true);
    await shot(page, 'console-users.png');

    await page.goto(`${server.url}/console/audit`);
    await pick(page, 'audit-action', '发放购物津贴', true);
    await page.getByTestId('audit-search').click();
    await eventually(() => page.getByTestId('audit-row').count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('audit-page').textContent()).toContain('端到端测试补贴');
    await page.getByTestId('audit-row').first().click();
    await page.getByText('操作前').waitFor();
    await page.waitForTimeout(600); // the drawer slides in
    await shot(page, 'console-audit.png');

    await page.goto(`${server.url}/console/ledger`);
    await eventually(() => page.getByTestId('trial-balanced').getAttribute('data-balanced')).toBe('true');
    await page.getByTestId('ledger-verify').click();
    await page.getByText('逐户核对完成：0 个问题').waitFor();
    await shot(page, 'console-ledger.png');
    await page.getByTestId('ledger-account').first().click();
    await page.getByTestId('ledger-statement').waitFor();
    await page.waitForTimeout(600);
    await shot(page, 'console-ledger-statement.png');

    // The live demo festival's budgets, burnt down by the demo orders.
    const live = (await (await operator.request.get(`${server.url}/api/manage/campaigns?status=live`)).json())
      .items as { id: string; kind: string }[];
    const festival = live.find((c) => c.kind === 'shopping_festival')!;
    await page.goto(`${server.url}/console/campaigns/${festival.id}/setup?tab=budgets`);
    await page.locator('[data-testid="budget-row"][data-promotion="yes-x300"]').waitFor();
    await eventually(() => page.getByTestId('budgets-tab').textContent()).toContain('¥50,000.00');
    await shot(page, 'console-setup-budgets.png');

    await page.goto(`${server.url}/console/settlements`);
    await page.getByTestId('settle-ties-out').waitFor();
    await shot(page, 'console-settlements.png');

    await merchant.close();
    await operator.close();
  }, 300_000);
});
