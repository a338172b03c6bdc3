/**
 * Shared set-up of the browser tests: a built web bundle, Debian's Chromium, and the rule
 * for a machine without it (skip with a warning; fail when CARNIVAL_REQUIRE_BROWSER=1, as CI sets).
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { afterEach, expect } from 'vitest';
import type { Clock } from '../../src/platform/clock';
import { startServer } from '../../src/server';
import { copyDemoTemplate, TEMPLATE_ADMIN_PASSWORD } from './demo-template';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const requireBrowser = process.env.CARNIVAL_REQUIRE_BROWSER === '1';
/** Run the browser tests (or fail them) unless the browser is missing and not required. */
export const runBrowserTests = hasChromium || requireBrowser;
export const screenshots = process.env.CARNIVAL_SCREENSHOTS === '1';

if (!hasChromium && !requireBrowser) {
  console.warn(
    `[e2e] ${CHROMIUM} not found: browser tests skipped (apt-get install chromium; CI sets CARNIVAL_REQUIRE_BROWSER=1)`,
  );
}

/**
 * Builds web/dist when it is missing. Two test files may start at once: each builds into its
 * own folder and the first rename wins, so neither sees a half-written bundle.
 */
export function ensureWebBuilt(): void {
  const dist = join(ROOT, 'web', 'dist');
  if (existsSync(join(dist, 'index.html'))) return;
  const tmp = join(ROOT, 'web', `.dist-${process.pid}`);
  execSync(`npx vite build --config web/vite.config.ts --outDir ${JSON.stringify(tmp)} --emptyOutDir`, {
    cwd: ROOT,
    stdio: 'pipe',
  });
  try {
    if (!existsSync(join(dist, 'index.html'))) {
      rmSync(dist, { recursive: true, force: true });
      renameSync(tmp, dist);
    }
  } catch {
    // Another worker got there first; its bundle is the same.
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export async function launchBrowser(): Promise<Browser> {
  if (!hasChromium)
    throw new Error(`CARNIVAL_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing: apt-get install chromium`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  // Every context (browser.newPage() makes one through newContext too) reports its console, and
  // asks for reduced motion unless a test says otherwise: antd then opens a dialog or a dropdown
  // in place. With motion, a loaded runner let Playwright press a button in a dialog still at its
  // zoom's first frame (the position holds for two frames there, which passes as stable) and
  // release it beside the button once the zoom ran: the click was lost.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext({ reducedMotion: 'reduce', ...options });
    await watchConsole(context);
    return context;
  };
  return browser;
}

/**
 * What the pages said on the console during the current test. A Content Security Policy
 * violation fails the test (the policy must fit the app, not be loosened by accident); other
 * console errors (a 401 probe of /api/auth/me, a refusal a test provokes) are only collected,
 * for a test to inspect and for the log.
 */
export const consoleLog: { cspViolations: string[]; errors: string[] } = { cspViolations: [], errors: [] };

const mentionsCsp = (text: string) => /content[- ]security[- ]policy/i.test(text);

async function watchConsole(context: BrowserContext): Promise<void> {
  // Violations the browser does not print (a blocked inline handler, a report-only rule) still
  // fire this DOM event; it is written to the console so the listener below sees it.
  // (A string: the test code is compiled without the DOM types.)
  await context.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) => console.error(
      'Content Security Policy violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') +
      ' in ' + e.sourceFile + ':' + e.lineNumber));`,
  });
  context.on('page', (page) => {
    page.on('console', (message) => {
      const text = message.text();
      if (mentionsCsp(text)) consoleLog.cspViolations.push(`${page.url()}: ${text}`);
      else if (message.type() === 'error') consoleLog.errors.push(`${page.url()}: ${text}`);
    });
    page.on('pageerror', (error) => {
      const text = `${page.url()}: ${error.name}: ${error.message}`;
      if (mentionsCsp(error.message)) consoleLog.cspViolations.push(text);
      else consoleLog.errors.push(text);
    });
  });
}

afterEach(() => {
  const violations = consoleLog.cspViolations.splice(0);
  const errors = consoleLog.errors.splice(0);
  if (errors.length > 0 && process.env.CARNIVAL_E2E_VERBOSE === '1')
    console.warn(`[e2e] console errors:\n  ${errors.join('\n  ')}`);
  expect(violations, 'Content Security Policy violations in the browser console').toEqual([]);
});

export function screenshotPath(name: string): string {
  const dir = join(ROOT, 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

export interface Target {
  url: string;
  adminPassword: string;
  close(): Promise<void>;
}

/**
 * The real server, in-process, on an in-memory database with the demo data. CARNIVAL_E2E_URL
 * points the tests at a server that is already running instead (with CARNIVAL_E2E_ADMIN_PASSWORD).
 * `env` holds the operator settings a test needs (e.g. CARNIVAL_WEBHOOKS_ALLOW_PRIVATE).
 */
export async function startTarget(
  adminPassword = TEMPLATE_ADMIN_PASSWORD,
  env: NodeJS.ProcessEnv = {},
  options: { clock?: Clock; freshDemo?: boolean } = {},
): Promise<Target> {
  const external = process.env.CARNIVAL_E2E_URL;
  if (external) {
    return {
      url: external.replace(/\/$/, ''),
      adminPassword: process.env.CARNIVAL_E2E_ADMIN_PASSWORD ?? adminPassword,
      close: async () => {},
    };
  }
  ensureWebBuilt();
  // A throwaway data folder of its own for each test file. (`dataDir: 'memory://'` is what we
  // want, but loadConfig resolve()s it into a real ./memory: folder that parallel files share.)
  const dataDir = mkdtempSync(join(tmpdir(), 'carnival-e2e-'));
  // The run's seeded demo year, copied (test/e2e/demo-template.ts); a file on its own clock or
  // settings, or one that times things from the seed, seeds its own.
  const { freshDemo, ...serverOptions } = options;
  const plain = !freshDemo && !options.clock && Object.keys(env).length === 0;
  if (plain && adminPassword === TEMPLATE_ADMIN_PASSWORD) await copyDemoTemplate(dataDir);
  const server = await startServer(
    { port: 0, dataDir, seedDemo: true, logLevel: 'silent', adminPassword },
    { env, ...serverOptions }, // never the DATABASE_URL the contract suites use
  );
  return {
    url: server.url,
    adminPassword,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * expect.poll with room for a busy machine (two cores shared with the other suites): the
 * default one second is too short for a page that waits on PGlite.
 */
export const eventually = <T>(fn: () => T | Promise<T>) =>
  expect.poll(fn, { timeout: 20_000, interval: 100 });
