import type { Logger } from '../../platform/logger';
import type { FlashSalesService } from './service';

export interface FlashSaleJobs {
  stop(): Promise<void>;
}

/**
 * The flash-sale jobs of one process (started by server.ts beside the order jobs): the expiry
 * sweeper every second, the reconciler and the close job every five. Every step is a
 * conditional write, so N processes running them at once do each thing once between them.
 * The reservation writer is closed by the server after the app (in-flight requests finish first).
 */
export function startFlashSaleJobs(
  flash: Pick<FlashSalesService, 'expireDue' | 'maintain'>,
  options: { sweepMs?: number; maintainMs?: number; logger?: Logger } = {},
): FlashSaleJobs {
  let stopped = false;
  const loop = (name: string, everyMs: number, run: () => Promise<unknown>) => {
    let running: Promise<void> | null = null;
    const tick = () => {
      if (running || stopped) return;
      running = run()
        .then(() => undefined)
        .catch((err) => options.logger?.error({ err }, `flash-sale ${name} failed`))
        .finally(() => {
          running = null;
        });
    };
    const timer = setInterval(tick, everyMs);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await running;
    };
  };
  const stops = [
    loop('expiry', options.sweepMs ?? 1_000, () => flash.expireDue()),
    loop('maintenance', options.maintainMs ?? 5_000, () => flash.maintain()),
  ];
  return {
    async stop() {
      stopped = true;
      await Promise.all(stops.map((s) => s()));
    },
  };
}
