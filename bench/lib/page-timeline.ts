/**
 * Where a cold page load's time goes, for `--detail` in the browser benches: one visit in a
 * fresh context, with Chromium's own timeline (navigation timing, every resource's request →
 * response end and transfer size, the long tasks that held the main thread) and the moment the
 * awaited selector appeared, all relative to navigation start. Printed, not asserted: it is
 * for finding the cause when a figure is off, not for the figure itself.
 */
import { writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** The browser's globals these scripts use (the bench compiles without the DOM's types). */
interface TimingEntry {
  name: string;
  startTime: number;
  duration: number;
  responseEnd: number;
  transferSize: number;
  decodedBodySize: number;
  initiatorType: string;
  domContentLoadedEventEnd: number;
}
interface BrowserGlobals {
  __longTasks: Array<[number, number]>;
  localStorage: { setItem(key: string, value: string): void };
  performance: { getEntriesByType(type: string): TimingEntry[] };
}

interface ResourceRow {
  name: string;
  start: number;
  end: number;
  kb: number;
  type: string;
}

export interface PageTimeline {
  url: string;
  renderedMs: number;
  responseEndMs: number;
  domContentLoadedMs: number;
  longTasksMs: number;
  longTasks: Array<[number, number]>;
  resources: ResourceRow[];
  /** Bytes on the wire (sum of transferSize) and after decoding, in KiB. */
  transferKb: number;
  decodedKb: number;
}

export async function pageTimeline(
  browser: Browser,
  url: string,
  selector: string,
  locale = 'zh-CN',
  cpuProfile?: string,
): Promise<PageTimeline> {
  const context = await browser.newContext({ locale, viewport: { width: 1360, height: 960 } });
  try {
    const page = await context.newPage();
    // A V8 CPU profile of the renderer from navigation to the selector (open it in DevTools).
    const cdp = cpuProfile ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    // The app's locale is the stored choice (web/src/app/i18n), not the browser's language.
    await page.addInitScript(
      (l) => (globalThis as unknown as BrowserGlobals).localStorage.setItem('carnival.locale', l),
      locale,
    );
    // Long tasks are only reported to an observer that exists before they happen.
    await page.addInitScript(() => {
      const w = globalThis as unknown as BrowserGlobals;
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push([e.startTime, e.duration]);
      }).observe({ type: 'longtask' as never, buffered: true });
    });
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForSelector(selector, { timeout: 30_000 });
    const renderedMs = await page.evaluate(() => performance.now());
    if (cdp && cpuProfile) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(cpuProfile, JSON.stringify(profile));
    }
    return await page.evaluate(
      ({ renderedMs, url }) => {
        const perf = (globalThis as unknown as BrowserGlobals).performance;
        const nav = perf.getEntriesByType('navigation')[0]!;
        const resources = perf.getEntriesByType('resource').map((r) => ({
          name: r.name.replace(/^https?:\/\/[^/]+/, ''),
          start: Math.round(r.startTime),
          end: Math.round(r.responseEnd),
          kb: Math.round(r.transferSize / 102.4) / 10,
          type: r.initiatorType,
        }));
        const all = [nav, ...perf.getEntriesByType('resource')];
        const longTasks = (globalThis as unknown as BrowserGlobals).__longTasks.map(
          ([s, d]) => [Math.round(s), Math.round(d)] as [number, number],
        );
        return {
          url,
          renderedMs: Math.round(renderedMs),
          responseEndMs: Math.round(nav.responseEnd),
          domContentLoadedMs: Math.round(nav.domContentLoadedEventEnd),
          longTasksMs: longTasks.reduce((sum, [, d]) => sum + d, 0),
          longTasks,
          resources,
          transferKb: Math.round(all.reduce((s, r) => s + r.transferSize, 0) / 1024),
          decodedKb: Math.round(all.reduce((s, r) => s + r.decodedBodySize, 0) / 1024),
        };
      },
      { renderedMs, url },
    );
  } finally {
    await context.close();
  }
}

export function printTimeline(t: PageTimeline): void {
  console.log(`\n${t.url}`);
  console.log(
    `  rendered ${t.renderedMs} ms · html ${t.responseEndMs} ms · DOMContentLoaded ${t.domContentLoadedMs} ms · ` +
      `${t.resources.length} resources, ${t.transferKb} KiB on the wire (${t.decodedKb} KiB decoded) · ` +
      `long tasks ${t.longTasksMs} ms`,
  );
  for (const r of [...t.resources].sort((a, b) => a.start - b.start))
    console.log(
      `  ${String(r.start).padStart(5)} → ${String(r.end).padStart(5)} ms  ${String(r.kb).padStart(6)} KiB  ${r.type.padEnd(6)} ${r.name}`,
    );
  console.log(`  long tasks (start, ms): ${t.longTasks.map(([s, d]) => `${s}+${d}`).join(' ') || 'none'}`);
}
