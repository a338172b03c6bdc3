import type { Logger } from '../../platform/logger';
import type { NotificationDelivery } from './sandbox/gateway';
import type { Payments } from './service-factory';

/** Delivers over real HTTP, with a timeout, as the sandbox gateway would from its own servers. */
export const httpDelivery: NotificationDelivery = async ({ url, headers, body }) => {
  const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
  await res.arrayBuffer();
  return { status: res.status };
};

/**
 * The in-process pollers: the sandbox gateway's notification queue (every second) and the expiry
 * of unpaid top-ups (every minute). Several processes may run them on one database: every step is
 * a conditional write.
 */
export function startPaymentJobs(
  payments: Payments,
  {
    deliver = httpDelivery,
    logger,
    intervalMs = 1000,
  }: { deliver?: NotificationDelivery; logger?: Logger; intervalMs?: number } = {},
) {
  let running: Promise<unknown> | null = null;
  let ticks = 0;
  const tick = () => {
    if (running) return;
    running = (async () => {
      await payments.sandbox.deliverDue(deliver);
      if (ticks++ % 60 === 0) await payments.topUps.expireStale();
    })()
      .catch((e) => logger?.warn({ err: e }, 'payment jobs failed; retrying'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref?.();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
