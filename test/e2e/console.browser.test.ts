/**
 * The operator console in a real browser against the real server: sign in, create a draft,
 * submit it for review, publish it, and find it on the public hub.
 */
import type { Browser, Page } from 'playwright-core';
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
const ADMIN_PASSWORD = 'e2e-operator-pass-1';

async function transition(page: Page, action: string, expected: string) {
  await page.getByTestId(`transition-${action}`).click();
  await page.getByTestId('transition-confirm').click();
  await eventually(() => page.getByTestId('campaign-status').getAttribute('data-status')).toBe(expected);
}

describe.runIf(runBrowserTests)('operator console in the browser', () => {
  let server: Target;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startTarget(ADMIN_PASSWORD);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates, submits and publishes an event that then shows on the hub', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await ctx.newPage();

    // Signed out: the console sends you to sign in, and back afterwards.
    await page.goto(`${server.url}/console`);
    await eventually(() => page.url()).toContain('/login');
    await page.getByTestId('login-email').fill(ADMIN_EMAIL);
    await page.getByTestId('login-password').fill(server.adminPassword);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('console-page').waitFor();
    await page.getByTestId('console-row').first().waitFor();

    // A new draft.
    const slug = `e2e-summit-${Date.now().toString(36)}`;
    await page.getByTestId('console-new').click();
    await page.getByTestId('campaign-form').waitFor();
    await page.getByTestId('field-slug').fill(slug);
    await page.locator('#kind').click();
    await page.locator('.ant-select-item-option[title="科技峰会"]').click();
    await page.getByTestId('field-title-zh-CN').fill('端到端测试峰会');
    await page.getByTestId('field-summary-zh-CN').fill('浏览器测试创建的活动。');
    await page.getByTestId('field-body-zh-CN').fill('第一段。\n\n第二段。');
    await page.getByTestId('lang-tab-en-US').click();
    await page.getByTestId('field-title-en-US').fill('End-to-end Test Summit');
    await page.getByTestId('field-organizer').fill('E2E 主办方');
    await page.getByTestId('campaign-save').click();
    await eventually(() => page.url()).toMatch(/\/console\/campaigns\/cmp_/);
    await eventually(() => page.getByTestId('campaign-status').getAttribute('data-status')).toBe('draft');

    // Through review to published.
    await transition(page, 'submit', 'in_review');
    await transition(page, 'publish', 'published');
    await eventually(() => page.getByTestId('transition-item').count()).toBeGreaterThanOrEqual(2);
    if (screenshots) await page.screenshot({ path: screenshotPath('console-editor.png'), fullPage: true });

    // On the hub for everyone, and its page opens.
    const visitor = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const hub = await visitor.newPage();
    await hub.goto(`${server.url}/?kind=tech_summit`);
    const card = hub.locator(`[data-testid="event-card"][data-slug="${slug}"]`);
    await card.waitFor();
    expect(await card.getByTestId('event-card-title').textContent()).toBe('端到端测试峰会');
    await card.click();
    await eventually(() => hub.getByTestId('event-title').textContent()).toBe('端到端测试峰会');
    expect(await hub.getByTestId('event-body').locator('p').count()).toBe(2);

    await visitor.close();
    await ctx.close();
  }, 120_000);

  it('shows a 403 page to a signed-in consumer', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/signup`);
    await page.getByTestId('signup-name').fill('小明');
    await page.getByTestId('signup-email').fill(`consumer-${Date.now()}@example.com`);
    await page.getByTestId('signup-password').fill('Velvet-Orbit-Harbor-7');
    await page.getByTestId('signup-submit').click();
    await page.getByTestId('user-menu').waitFor();
    await page.goto(`${server.url}/console`);
    await page.getByTestId('console-forbidden').waitFor();
    await ctx.close();
  }, 60_000);
});
