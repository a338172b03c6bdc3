/**
 * Accounts in a real browser: a weak password is refused with the reason, changing the password
 * signs out the other browser and can revoke API keys, and repeated wrong passwords show the
 * wait instead of "wrong password".
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { eventually, launchBrowser, runBrowserTests, startTarget, type Target } from './browser';

const STRONG = 'Velvet-Orbit-Harbor-7';
const NEWER = 'Quiet-Lantern-Meadow-42';

describe.runIf(runBrowserTests)('accounts in the browser', () => {
  let server: Target;
  let browser: Browser;
  const email = `auth-e2e-${Date.now().toString(36)}@example.com`;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startTarget();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const context = () => browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  async function login(page: Page, password: string) {
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
  }

  let first: BrowserContext;
  it('refuses a weak password at sign-up with the reason, then signs up with a strong one', async () => {
    first = await context();
    const page = await first.newPage();
    await page.goto(`${server.url}/signup`);
    await page.getByTestId('signup-name').fill('测试用户');
    await page.getByTestId('signup-email').fill(email);
    await page.getByTestId('signup-password').fill('password1234');
    await page.getByTestId('signup-submit').click();
    await page.getByText('密码太弱').first().waitFor();
    await page.getByTestId('signup-password').fill(STRONG);
    await page.getByTestId('signup-submit').click();
    await page.getByTestId('user-menu').waitFor();
  }, 60_000);

  it('changing the password signs out the other browser and says how many sessions ended', async () => {
    const second = await context();
    const other = await second.newPage();
    await login(other, STRONG);
    await other.getByTestId('user-menu').waitFor();

    const page = await first.newPage();
    await page.goto(`${server.url}/account/password`);
    await page.getByTestId('pw-current').fill(STRONG);
    await page.getByTestId('pw-new').fill(NEWER);
    await page.getByTestId('pw-confirm').fill(NEWER);
    await page.getByTestId('revoke-api-keys').check();
    await page.getByTestId('pw-submit').click();
    await page.getByText('已退出其他 1 个登录会话').waitFor();

    await other.goto(`${server.url}/account/password`);
    await eventually(() => other.url()).toContain('/login');
    await second.close();
  }, 60_000);

  it('shows the wait after repeated wrong passwords, not "wrong password"', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await login(page, 'wrong-password-0');
    await page.getByText('邮箱或密码不正确').waitFor();
    // Someone keeps guessing (waiting out each delay) until the wait outlasts a page load.
    for (;;) {
      const res = await ctx.request.post(`${server.url}/api/auth/login`, {
        data: { email, password: 'attacker-guess' },
      });
      if (res.status() !== 429) continue;
      const wait = Number(res.headers()['retry-after']);
      if (wait >= 8) break;
      await new Promise((r) => setTimeout(r, wait * 1000 + 50));
    }
    await login(page, NEWER);
    await page.getByText(/登录失败次数过多，请 \d+ 秒后再试/).waitFor();
    await ctx.close();
    await first.close();
  }, 60_000);
});
