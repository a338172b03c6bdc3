/**
 * The call for proposals in a real browser against the real server and its demo data
 * (docs/cfp.md, issue 12): a new speaker submits a proposal through /events/:slug/cfp; an
 * appointed demo reviewer scores it on /me/reviews with anonymised review on, and neither the
 * page nor the API answer names the speaker; the organizer accepts it in the console's review
 * dashboard (through the confirmation); the speaker confirms it on /me/proposals. The en-US
 * pages show no Chinese outside what people typed. Screenshots with CARNIVAL_SCREENSHOTS=1.
 */
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

const DESKTOP = { viewport: { width: 1360, height: 960 } };
const ORGANIZER = 'organizer@carnival.local';
const REVIEWER = 'reviewer1@carnival.local';
const SPEAKER_NAME = '林晓岚';
const SPEAKER_COMPANY = '晓岚云计算';
const TITLE = '在边缘节点上运行大模型推理的十个教训';

interface Conference {
  id: string;
  slug: string;
}

/** The visible platform text of a page: what people typed (data-user-content) and codes excluded. */
async function platformText(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('[data-user-content], [translate="no"], code, pre, script, style, textarea')) continue;
      if (typeof el.checkVisibility === 'function' && !el.checkVisibility({ checkVisibilityCSS: true })) continue;
      const text = n.textContent.trim();
      if (text) out.push(text);
    }
    return out.join('\\n');
  })()`);
}

/** The input or textarea of a field, wherever antd put the test id (on it, or on its wrapper). */
const field = (page: Page, testId: string) =>
  page
    .locator(`[data-testid="${testId}"]`)
    .locator('xpath=descendant-or-self::*[self::input or self::textarea]')
    .first();

const han = (text: string) => (text.replace(/简体中文|中文/g, '').match(/\p{Script=Han}+/gu) ?? []).sort();

describe.runIf(runBrowserTests)('the call for proposals in the browser', () => {
  let server: Target;
  let browser: Browser;
  let organizer: BrowserContext;
  let conference: Conference;
  let trackName: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startTarget();
    organizer = await signedIn(ORGANIZER);
    conference = await demoConference();
    // The demo's call is closed: reopen it (anonymised) for this run, keeping its criteria and types.
    const { cfp } = await ok<{ cfp: { criteria: unknown[] } }>(
      organizer.request.get(`${server.url}/api/organizer/events/${conference.id}/cfp`),
    );
    const now = Date.now();
    await ok(
      organizer.request.put(`${server.url}/api/organizer/events/${conference.id}/cfp`, {
        data: {
          opensAt: new Date(now - 3600_000).toISOString(),
          closesAt: new Date(now + 7 * 86400_000).toISOString(),
          anonymisedReview: true,
          criteria: cfp.criteria,
        },
      }),
    );
    const reviewers = await ok<{
      items: { email: string; track: { name: Record<string, string> } }[];
    }>(organizer.request.get(`${server.url}/api/organizer/events/${conference.id}/cfp/reviewers`));
    const mine = reviewers.items.find((r) => r.email === REVIEWER);
    expect(mine, `${REVIEWER} is an appointed demo reviewer`).toBeDefined();
    trackName = mine!.track.name['zh-CN']!;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedIn(
    email: string,
    locale = 'zh-CN',
    password = DEMO_PASSWORD,
  ): Promise<BrowserContext> {
    const context = await browser.newContext({ ...DESKTOP, locale });
    await context.addInitScript({ content: `localStorage.setItem('carnival.locale', '${locale}');` });
    await ok(context.request.post(`${server.url}/api/auth/login`, { data: { email, password } }));
    return context;
  }

  /** The organizer's conference that has the demo's call for proposals. */
  async function demoConference(): Promise<Conference> {
    const { items } = await ok<{ items: { id: string; slug: string; kind: string }[] }>(
      organizer.request.get(`${server.url}/api/manage/campaigns`),
    );
    for (const c of items.filter((i) => i.kind === 'tech_summit')) {
      const res = await organizer.request.get(`${server.url}/api/organizer/events/${c.id}/cfp`);
      if (res.ok() && (await res.json()).cfp) return { id: c.id, slug: c.slug };
    }
    throw new Error('no demo conference with a call for proposals');
  }

  it('a speaker submits, an anonymised reviewer scores, the organizer accepts, the speaker confirms', async () => {
    // A new speaker, signed up for this run.
    const speaker = await browser.newContext({ ...DESKTOP, locale: 'zh-CN' });
    const email = `cfp-speaker-${Date.now()}@example.com`;
    await ok(
      speaker.request.post(`${server.url}/api/auth/signup`, {
        data: { email, password: 'Qv7-plum-harbor-zenith-93', displayName: SPEAKER_NAME },
      }),
    );

    // The event page points at the open call.
    const page = await speaker.newPage();
    await page.goto(`${server.url}/events/${conference.slug}`);
    await page.getByTestId('event-cfp-link').click();
    await page.getByTestId('cfp-form').waitFor();
    expect(await page.getByTestId('cfp-status').getAttribute('data-status')).toBe('open');

    await field(page, 'proposal-title').fill(TITLE);
    await page.locator('[data-testid="proposal-type"] [data-kind="talk"]').first().click();
    await page.getByTestId('proposal-track').click();
    await page.locator(`.ant-select-item-option[title="${trackName}"]`).click();
    await field(page, 'proposal-abstract').fill(
      '边缘节点的显存、散热与网络都和数据中心不同。本议题分享我们在 300 个边缘站点部署推理服务的经验。',
    );
    await field(page, 'proposal-description').fill('一、选型；二、量化；三、调度；四、监控。');
    await field(page, 'profile-name').fill(SPEAKER_NAME);
    await field(page, 'profile-company').fill(SPEAKER_COMPANY);
    await field(page, 'profile-bio').fill('边缘计算平台负责人，十年分布式系统经验。');
    if (screenshots) await page.screenshot({ path: screenshotPath('cfp-submit.png'), fullPage: true });
    await page.getByTestId('proposal-submit').click();
    await page.getByTestId('cfp-submitted').waitFor({ timeout: 30_000 });
    const proposalId = (await page.getByTestId('cfp-submitted').getAttribute('data-proposal-id'))!;
    expect(proposalId).toMatch(/^prp_/);

    // The appointed reviewer, anonymised: the queue and the drawer show no name, and neither does the API.
    const reviewer = await signedIn(REVIEWER);
    const queueAnswer = await (
      await reviewer.request.get(`${server.url}/api/me/reviews?eventId=${conference.id}`)
    ).text();
    expect(queueAnswer).toContain(proposalId);
    expect(queueAnswer).not.toContain(SPEAKER_NAME);
    expect(queueAnswer).not.toContain(SPEAKER_COMPANY);
    const review = await reviewer.newPage();
    await review.goto(`${server.url}/me/reviews?event=${conference.id}`);
    await review.getByTestId('review-queue').waitFor();
    await review.getByTestId('reviews-anonymised').waitFor();
    const trackTab = review.locator('.ant-tabs-tab').filter({ hasText: trackName });
    await trackTab.click();
    const row = review.locator(`[data-testid="review-item"][data-proposal-id="${proposalId}"]`);
    await row.getByTestId('review-open').click();
    const drawer = review.getByTestId('review-drawer');
    await drawer.waitFor();
    const criteria = await review.locator('[data-testid^="review-score-"]').count();
    expect(criteria).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < criteria; i++)
      await review.locator('[data-testid^="review-score-"]').nth(i).locator('li').nth(3).click();
    await field(review, 'review-comment').fill('选题扎实，案例丰富，建议压缩开场。');
    const whole = (await review.locator('body').textContent()) ?? '';
    expect(whole).not.toContain(SPEAKER_NAME);
    expect(whole).not.toContain(SPEAKER_COMPANY);
    if (screenshots) await review.screenshot({ path: screenshotPath('cfp-review.png') }); // the drawer: the viewport (a full-page capture repeats the sticky header mid-page)
    await review.getByTestId('review-save').click();
    await eventually(() => row.getAttribute('data-reviewed')).toBe('yes');

    // The organizer accepts it on the review dashboard, through the confirmation.
    const console_ = await organizer.newPage();
    await console_.goto(`${server.url}/console/cfp/${conference.id}?tab=dashboard`);
    await console_.getByTestId('cfp-dashboard').waitFor();
    const ranked = console_.locator(`[data-testid="cfp-ranked-row"][data-proposal-id="${proposalId}"]`);
    await eventually(() => ranked.getByTestId('cfp-ranked-average').textContent()).toBe('4.0');
    if (screenshots) await console_.screenshot({ path: screenshotPath('cfp-dashboard.png'), fullPage: true });
    await ranked.getByTestId('cfp-accept').click();
    await console_.getByTestId('cfp-decision-dialog').waitFor();
    await field(console_, 'cfp-decision-reason').fill('欢迎加入人工智能专题！');
    await console_.getByTestId('cfp-decision-send').click();
    await eventually(() => ranked.getByTestId('proposal-state').getAttribute('data-state')).toBe('accepted');

    // The speaker confirms.
    const mine = await speaker.newPage();
    await mine.goto(`${server.url}/me/proposals`);
    const card = mine.locator(`[data-testid="my-proposal"][data-proposal-id="${proposalId}"]`);
    await eventually(() => card.getAttribute('data-state')).toBe('accepted');
    await mine.getByTestId('cfp-notices').waitFor();
    await card.getByTestId('proposal-confirm').click();
    await mine.getByTestId('confirm-ok').click();
    await eventually(() => card.getAttribute('data-state')).toBe('confirmed');
    if (screenshots) await mine.screenshot({ path: screenshotPath('cfp-my-proposals.png'), fullPage: true });
    await speaker.close();
    await reviewer.close();
  }, 240_000);

  it('the console tabs and the speaker pages show no Chinese in en-US', async () => {
    const org = await signedIn(ORGANIZER, 'en-US');
    const page = await org.newPage();
    const found: Record<string, string[]> = {};
    for (const tab of ['settings', 'reviewers', 'dashboard', 'proposals']) {
      await page.goto(`${server.url}/console/cfp/${conference.id}?tab=${tab}`);
      await page.getByTestId(`cfp-${tab}`).waitFor();
      await page.waitForLoadState('networkidle');
      found[tab] = han(await platformText(page));
      if (screenshots && tab === 'settings')
        await page.screenshot({ path: screenshotPath('cfp-settings.png'), fullPage: true });
    }
    await page.goto(`${server.url}/events/${conference.slug}/cfp`);
    await page.getByTestId('cfp-facts').waitFor();
    await page.waitForLoadState('networkidle');
    found.cfp = han(await platformText(page));
    if (screenshots) await page.screenshot({ path: screenshotPath('cfp-submit-en.png'), fullPage: true });

    const reviewer = await signedIn(REVIEWER, 'en-US');
    const review = await reviewer.newPage();
    await review.goto(`${server.url}/me/reviews?event=${conference.id}`);
    await review.getByTestId('review-queue').waitFor();
    found.reviews = han(await platformText(review));
    for (const [where, words] of Object.entries(found)) expect(words, where).toEqual([]);
    await org.close();
    await reviewer.close();
  }, 180_000);
});
