import type { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBus } from '../bus/memory';
import type { Logger } from '../logger';
import { withRequestContext } from '../request-context';
import { isDatabaseUnavailableError } from './availability';
import { DB_QUEUE_TIMEOUT, PgliteDialect, type PgliteQueueOptions } from './pglite-driver';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A logger that keeps what was logged at warn and error. */
function recordingLogger() {
  const lines: { level: string; msg: string; detail: unknown }[] = [];
  const at = (level: string) => (detail: unknown, msg: string) => lines.push({ level, msg, detail });
  return { logger: { warn: at('warn'), error: at('error') } as unknown as Logger, lines };
}

const REQUEST = { ip: '127.0.0.1', userAgent: null, credentialId: null, credentialKind: null } as const;

describe('the embedded database queue (pglite-driver)', () => {
  let client: PGlite;
  // Several drivers (each its own queue) on one PGlite: one WASM start for the file.
  const open = (options: PgliteQueueOptions) => {
    const dialect = new PgliteDialect(client, options);
    return { db: new Kysely<unknown>({ dialect }), driver: dialect.driver };
  };
  const one = (db: Kysely<unknown>) => sql<{ n: number }>`select 1 as n`.execute(db);

  beforeAll(async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    client = await PGlite.create();
  }, 60_000);
  afterAll(async () => {
    await client?.close();
  });

  it('refuses a caller that waited past the bound with an error answered as 503, and serves the next', async () => {
    const { logger, lines } = recordingLogger();
    const { db, driver } = open({ acquireTimeoutMs: 200, logger });
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const holder = db.transaction().execute(async (trx) => {
      await one(trx);
      await held;
    });
    await sleep(10);
    const started = Date.now();
    const refused = await one(db).then(
      () => null,
      (e: unknown) => e,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((refused as { code?: string }).code).toBe(DB_QUEUE_TIMEOUT);
    expect(isDatabaseUnavailableError(refused)).toBe(true);
    expect(lines.some((l) => l.msg.includes('waited too long'))).toBe(true);
    release();
    await holder;
    expect((await one(db)).rows).toEqual([{ n: 1 }]);
    expect(driver.stats()).toMatchObject({ waiting: 0, heldForMs: null, timedOut: 1 });
  });

  it('a query on db from inside a transaction on it is named and ends at the bound instead of hanging forever', async () => {
    const { logger, lines } = recordingLogger();
    const { db, driver } = open({ acquireTimeoutMs: 300, logger });
    // The old driver (kysely-pglite-dialect) queued the inner query behind its own transaction:
    // neither ever finished, and every later caller waited behind them.
    const outcome = await db
      .transaction()
      .execute(async (trx) => {
        await one(trx);
        await one(db);
      })
      .then(
        () => 'committed',
        (e: { code?: string }) => e.code,
      );
    expect(outcome).toBe(DB_QUEUE_TIMEOUT);
    expect(driver.stats().selfWaits).toBe(1);
    const named = lines.find((l) => l.level === 'error');
    expect(named?.msg).toContain('inside');
    expect(JSON.stringify(named?.detail)).toContain('pglite-driver.test.ts');
    // The connection is free again.
    expect((await one(db)).rows).toEqual([{ n: 1 }]);
  });

  it('work a transaction starts without awaiting it (a bus delivery) is not taken for a self-wait', async () => {
    const { logger, lines } = recordingLogger();
    const { db, driver } = open({ acquireTimeoutMs: 2_000, logger });
    const bus = createMemoryBus();
    const handled: number[] = [];
    await bus.subscribe('test-consumer', ['test.topic'], async () => {
      handled.push((await one(db)).rows[0]!.n);
    });
    await db.transaction().execute(async (trx) => {
      await one(trx);
      await bus.publish({
        id: 'evt_1',
        topic: 'test.topic',
        occurredAt: new Date().toISOString(),
        payload: {},
      });
      await sleep(20); // the delivery starts and waits for the connection meanwhile
    });
    await bus.idle();
    expect(handled).toEqual([1]);
    expect(driver.stats().selfWaits).toBe(0);
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
    await bus.close();
  });

  it('serves callers inside a request before background work, and background work that waited long first', async () => {
    const { db } = open({ acquireTimeoutMs: 5_000, backgroundAgingMs: 150 });
    const order: string[] = [];
    const run = async (name: string, request: boolean) => {
      const q = () => one(db).then(() => order.push(name));
      return request ? withRequestContext({ ...REQUEST }, q) : q();
    };
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const holder = db.transaction().execute(async (trx) => {
      await one(trx);
      await held;
    });
    await sleep(10);
    // Young background work queued before a request: the request goes first.
    const waits = [run('background-1', false), run('background-2', false)];
    await sleep(5);
    waits.push(run('request-1', true));
    await sleep(5);
    release();
    await Promise.all([holder, ...waits]);
    expect(order[0]).toBe('request-1');

    // Background work that has waited past backgroundAgingMs goes before a later request.
    order.length = 0;
    const held2 = new Promise<void>((r) => {
      release = r;
    });
    const holder2 = db.transaction().execute(async (trx) => {
      await one(trx);
      await held2;
    });
    await sleep(10);
    const waits2 = [run('background-old', false)];
    await sleep(200);
    waits2.push(run('request-2', true));
    await sleep(5);
    release();
    await Promise.all([holder2, ...waits2]);
    expect(order).toEqual(['background-old', 'request-2']);
  });
});
