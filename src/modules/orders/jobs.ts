import type { Kysely } from 'kysely';
import type { Logger } from '../../platform/logger';
import type { DB } from '../../schema';
import { closeOverdueBalance, closeUnpaid } from './lifecycle';
import type { OrdersDeps } from './service';

export interface SweepResult {
  /** Unpaid orders closed after pay_by, their holdings given back. */
  closedUnpaid: number;
  /** Pre-sale orders closed because the balance window ended unpaid. */
  closedBalance: number;
  /** Delivered sub-orders completed without the customer's confirmation. */
  autoConfirmed: number;
}

const BATCH = 200;

async function dueIds(db: Kysely<DB>, status: 'created' | 'deposit_paid', now: Date) {
  const column = status === 'created' ? 'pay_by' : 'balance_due_until';
  const rows = await db
    .selectFrom('orders')
    .select('id')
    .where('status', '=', status)
    .where(column, '<=', now)
    .orderBy(column)
    .limit(BATCH)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * One pass of the order jobs at `now`. Each order is closed in its own transaction by a
 * conditional UPDATE, so sweeps running at once (two processes, or a sweep beside a payment)
 * each close an order at most once between them; the loser changes nothing.
 */
export function createSweep(deps: OrdersDeps, autoConfirm: (now: Date) => Promise<number>) {
  return async function sweep(now: Date = deps.clock.now()): Promise<SweepResult> {
    const result: SweepResult = { closedUnpaid: 0, closedBalance: 0, autoConfirmed: 0 };
    for (;;) {
      const ids = await dueIds(deps.db, 'created', now);
      for (const id of ids)
        if (
          await deps.db
            .transaction()
            .execute((trx) => closeUnpaid(trx, deps, id, 'payment_timeout', null, now))
        )
          result.closedUnpaid++;
      if (ids.length < BATCH) break;
    }
    for (;;) {
      const ids = await dueIds(deps.db, 'deposit_paid', now);
      for (const id of ids)
        if (await deps.db.transaction().execute((trx) => closeOverdueBalance(trx, deps, id, now)))
          result.closedBalance++;
      if (ids.length < BATCH) break;
    }
    result.autoConfirmed = await autoConfirm(now);
    if (result.closedUnpaid + result.closedBalance > 0) deps.onEventsRecorded?.();
    return result;
  };
}

export interface OrderJobs {
  /** Stops the timer and waits for a sweep in flight. */
  stop(): Promise<void>;
}

/** Runs `sweep` every `intervalMs` (default 5 s) on an unref'd timer; one sweep at a time. */
export function startOrderJobs(
  sweep: (now?: Date) => Promise<SweepResult>,
  options: { intervalMs?: number; logger?: Logger } = {},
): OrderJobs {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = sweep()
      .then((r) => {
        if (r.closedUnpaid + r.closedBalance + r.autoConfirmed > 0) options.logger?.info(r, 'order jobs');
      })
      .catch((err) => options.logger?.error({ err }, 'order jobs failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, options.intervalMs ?? 5000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
