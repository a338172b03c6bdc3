/**
 * Phone checks shared by the browser tests (issue 9 item 8): whether a page fits 390 px, and how
 * tall a touch target is. Strings evaluated in the page: the tests' TypeScript has no DOM types.
 */
import type { Locator, Page } from 'playwright-core';

export const PHONE = {
  viewport: { width: 390, height: 844 },
  locale: 'zh-CN',
  isMobile: true,
  hasTouch: true,
};

/**
 * Nothing wider than the window (outside containers that scroll sideways on purpose: the menu,
 * the coupon strip), and the header one row that nothing overlaps.
 */
const FITS_PHONE = `(() => {
  // A page too wide makes a phone's layout viewport (innerWidth) grow to fit it: the screen is the measure.
  const width = Math.min(window.innerWidth, screen.width);
  const h = document.querySelector('.app-header')?.getBoundingClientRect();
  const c = document.querySelector('.app-content')?.getBoundingClientRect();
  const clipped = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (['auto', 'scroll', 'hidden'].includes(s.overflowX) && p.getBoundingClientRect().right <= width + 1) return true;
    }
    return false;
  };
  const wide = [...document.querySelectorAll('body *')]
    .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.right > width + 1 && !clipped(el); })
    .slice(0, 3)
    .map((el) => el.tagName.toLowerCase() + '.' + String(el.className).slice(0, 40));
  return {
    scrollWidth: document.documentElement.scrollWidth,
    overflow: document.documentElement.scrollWidth > width + 1 || wide.length > 0,
    wide,
    headerOneRow: !!h && h.height <= 72 && (!c || c.top >= h.bottom - 1),
  };
})()`;

export interface PhoneFit {
  scrollWidth: number;
  overflow: boolean;
  wide: string[];
  headerOneRow: boolean;
}

export async function fitsPhone(page: Page): Promise<PhoneFit> {
  return page.evaluate(FITS_PHONE) as Promise<PhoneFit>;
}

/** A touch target's height in CSS pixels (0 when it is not laid out). */
export async function heightOf(target: Locator): Promise<number> {
  return (await target.boundingBox())?.height ?? 0;
}
