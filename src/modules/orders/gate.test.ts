import { describe, expect, it } from 'vitest';
import { isAppError } from '../../platform/errors';
import { createGate } from './gate';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

async function refusal(p: Promise<unknown>) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isAppError(err)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

describe('checkout gate', () => {
  it('runs at most `limit` at once and admits the waiters in order', async () => {
    const gate = createGate(2);
    const hold = [deferred(), deferred(), deferred()];
    const order: number[] = [];
    let running = 0;
    let maxRunning = 0;
    const runs = hold.map((d, i) =>
      gate(async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        order.push(i);
        await d.promise;
        running--;
      }),
    );
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([0, 1]);
    hold[0]!.resolve();
    await runs[0];
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([0, 1, 2]);
    hold[1]!.resolve();
    hold[2]!.resolve();
    await Promise.all(runs);
    expect(maxRunning).toBe(2);
  });

  it('refuses with 503 BUSY and Retry-After once the queue is full, without running the work', async () => {
    const gate = createGate(1, { maxQueue: 2, maxWaitMs: 5_000 });
    const hold = deferred();
    const first = gate(() => hold.promise);
    const queued = [gate(async () => 'a'), gate(async () => 'b')];
    let ran = false;
    const err = await refusal(
      gate(async () => {
        ran = true;
      }),
    );
    expect(err).toMatchObject({ status: 503, code: 'BUSY', details: { reason: 'queue_full' } });
    expect(err.details?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(ran).toBe(false);
    hold.resolve();
    await first;
    expect(await Promise.all(queued)).toEqual(['a', 'b']);
  });

  it('refuses a call that waited longer than maxWaitMs, and the slot skips it', async () => {
    const gate = createGate(1, { maxQueue: 10, maxWaitMs: 50 });
    const hold = deferred();
    const first = gate(() => hold.promise);
    let ran = false;
    const started = Date.now();
    const err = await refusal(
      gate(async () => {
        ran = true;
      }),
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(err).toMatchObject({ status: 503, code: 'BUSY', details: { reason: 'wait_exceeded' } });
    // A later caller queues behind the holder, not behind the refused one.
    const later = gate(async () => 'later');
    hold.resolve();
    await first;
    expect(await later).toBe('later');
    expect(ran).toBe(false);
  });

  it('an expired waiter frees its queue place', async () => {
    const gate = createGate(1, { maxQueue: 1, maxWaitMs: 30 });
    const hold = deferred();
    const first = gate(() => hold.promise);
    await refusal(gate(async () => undefined));
    // The queue has room again: this one waits (and is admitted) instead of being refused as full.
    const next = gate(async () => 'next');
    hold.resolve();
    await first;
    expect(await next).toBe('next');
  });

  it('a failing call still hands its slot on', async () => {
    const gate = createGate(1);
    await expect(gate(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate(async () => 'ok')).toBe('ok');
  });
});
