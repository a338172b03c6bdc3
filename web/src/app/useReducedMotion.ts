import { useSyncExternalStore } from 'react';

const QUERY = '(prefers-reduced-motion: reduce)';

function subscribe(onChange: () => void): () => void {
  if (typeof window === 'undefined' || !window.matchMedia) return () => undefined;
  const media = window.matchMedia(QUERY);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

const reducedNow = () => typeof window !== 'undefined' && !!window.matchMedia?.(QUERY).matches;

/**
 * Whether the visitor asked the system for less motion (WCAG 2.3.3). antd then opens dialogs,
 * dropdowns and drawers where they end up, without their zoom and slide: nothing moves under a
 * pointer between its press and its release. (The browser tests ask for it too: a click that
 * lands while a dialog is still growing is pressed on a button and released beside it.)
 */
export function useReducedMotion(): boolean {
  return useSyncExternalStore(subscribe, reducedNow, () => false);
}
