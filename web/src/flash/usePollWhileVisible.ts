import { useEffect, useRef, useState } from 'react';

const isVisible = () => typeof document === 'undefined' || document.visibilityState !== 'hidden';

/**
 * Calls `poll` now and every `intervalMs` while the tab is visible; a hidden tab costs the server
 * nothing (thousands of open venue tabs at midnight), and coming back polls at once. One call at a
 * time: a slow answer delays the next poll instead of piling requests up. Returns whether the
 * page is visible (the console says "paused" when not).
 */
export function usePollWhileVisible(
  poll: () => Promise<unknown>,
  intervalMs: number,
  enabled = true,
): boolean {
  const [visible, setVisible] = useState(isVisible);
  const latest = useRef(poll);
  latest.current = poll;

  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running = false;
    let stopped = false;
    const tick = async () => {
      timer = undefined;
      if (stopped || running || !isVisible()) return;
      running = true;
      try {
        await latest.current();
      } catch {
        // The caller shows its own error state; polling goes on.
      } finally {
        running = false;
      }
      if (!stopped && isVisible()) timer = setTimeout(tick, intervalMs);
    };
    const onVisibility = () => {
      setVisible(isVisible());
      if (isVisible() && !timer && !running) void tick();
      else if (!isVisible() && timer) {
        clearTimeout(timer);
        timer = undefined;
      }
    };
    document.addEventListener('visibilitychange', onVisibility);
    void tick();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [intervalMs, enabled]);

  return visible;
}
