import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedServer, startServer } from '../src/server';
import { removeDir, tempDir } from './faults/support';

/**
 * The embedded server's one PGlite connection, held by background work (a long transaction, a
 * stuck one, or one that waits for the connection itself): a request behind it is answered
 * 503 DATABASE_UNAVAILABLE with Retry-After once it has waited the bound, never left without an
 * answer. The old driver queued it for as long as the holder held, which is how a payment in
 * test/e2e/flash-sale.browser.test.ts could get no answer at all within 60 s.
 */
describe('the embedded server answers when its database connection is held', () => {
  let dataDir: string;
  let server: StartedServer;
  const BOUND_MS = 1_500;

  beforeAll(async () => {
    dataDir = tempDir('carnival-pglite-queue-');
    server = await startServer(
      {
        port: 0,
        host: '127.0.0.1',
        dataDir,
        logLevel: 'silent',
        seedDemo: false,
        adminPassword: 'queue-operator-pw-2026',
        dbQueueTimeoutMs: BOUND_MS,
      },
      { env: {} },
    );
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    if (dataDir) removeDir(dataDir);
  }, 60_000);

  // A query the read caches cannot answer, so it needs the database.
  const hub = () => fetch(`${server.url}/api/campaigns?q=${Math.random().toString(36).slice(2)}`);

  /** Holds the connection (outside any request) until `until` settles or 20 s pass. */
  function holdConnection(until: Promise<unknown>, inner?: () => Promise<unknown>) {
    return server.ctx.db
      .transaction()
      .execute(async (trx) => {
        await trx.selectFrom('users').select('id').limit(1).execute();
        await inner?.();
        await Promise.race([until, new Promise((r) => setTimeout(r, 20_000))]);
      })
      .catch((e: unknown) => e);
  }

  it('a request behind a transaction that does not end is answered 503 at the bound', async () => {
    expect((await hub()).status).toBe(200);
    let answered!: (v: unknown) => void;
    const answer = new Promise((r) => {
      answered = r;
    });
    const holder = holdConnection(answer);
    const started = Date.now();
    const res = await hub();
    const waited = Date.now() - started;
    answered(null);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('DATABASE_UNAVAILABLE');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(waited).toBeGreaterThanOrEqual(BOUND_MS - 100);
    expect(waited).toBeLessThan(BOUND_MS + 8_000);
    await holder;
    // Served again once the holder is gone.
    expect((await hub()).status).toBe(200);
  }, 60_000);

  it('a transaction that waits for the connection itself is ended by the bound, and requests are served after', async () => {
    let answered!: (v: unknown) => void;
    const answer = new Promise((r) => {
      answered = r;
    });
    // The bug this guards against: a statement on `db` inside a transaction on `db`.
    const holder = holdConnection(answer, () => server.ctx.db.selectFrom('users').select('id').execute());
    const started = Date.now();
    const res = await hub();
    answered(null);
    // Served once the stuck transaction is refused and rolled back, or refused at the bound
    // itself, whichever comes first: answered either way, and soon.
    expect([200, 503]).toContain(res.status);
    expect(Date.now() - started).toBeLessThan(BOUND_MS + 8_000);
    expect(((await holder) as { code?: string }).code).toBe('CARNIVAL_DB_QUEUE_TIMEOUT');
    expect((await hub()).status).toBe(200);
  }, 60_000);
});
