import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiResult,
  api,
  asPostgres,
  binariesOrSkip,
  DEMO_PASSWORD,
  errorCode,
  login,
  postgresBinDir,
  removeDir,
  type ServeProcess,
  sparePort,
  startServe,
  tempDir,
  trialBalanceTotal,
  waitFor,
} from './support';

/**
 * PostgreSQL goes away under a running `carnival serve`: its backends are terminated
 * (pg_terminate_backend), the server is restarted, and it is stopped for a while and started
 * again. The process must survive all of it, answer 503 DATABASE_UNAVAILABLE fast while the
 * database is gone, serve 2xx by itself afterwards, and the books must balance.
 */
const bin = postgresBinDir();
const enabled = binariesOrSkip('PostgreSQL', [bin && join(bin, 'initdb'), bin && join(bin, 'pg_ctl')]);

describe.skipIf(!enabled)('PostgreSQL outages under carnival serve', () => {
  let dataDir: string;
  let port: number;
  let serve: ServeProcess;
  let consumer: string;
  const pgCtl = (...args: string[]) => asPostgres(join(bin!, 'pg_ctl'), ['-D', dataDir, ...args]);
  const adminUrl = () => `postgres://postgres@127.0.0.1:${port}/postgres`;

  beforeAll(async () => {
    port = await sparePort();
    dataDir = tempDir('carnival-faults-pg-');
    execFileSync('chown', ['-R', 'postgres', dataDir]);
    asPostgres(join(bin!, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    writeFileSync(
      join(dataDir, 'postgresql.auto.conf'),
      `port = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dataDir}'\nfsync = off\n`,
    );
    execFileSync('chown', ['-R', 'postgres', dataDir]);
    pgCtl('-l', join(dataDir, 'server.log'), '-w', 'start');
    const admin = new pg.Client(adminUrl());
    await admin.connect();
    await admin.query('create database carnival');
    await admin.end();
    serve = await startServe({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/carnival`,
      CARNIVAL_DB_CONNECT_TIMEOUT_MS: '2000',
      CARNIVAL_DB_STATEMENT_TIMEOUT_MS: '2000',
    });
    consumer = await login(serve.url, 'consumer@carnival.local', DEMO_PASSWORD);
  }, 180_000);

  afterAll(async () => {
    await serve?.stop();
    if (dataDir) {
      try {
        pgCtl('-m', 'immediate', '-w', 'stop');
      } catch {
        // already stopped
      }
      removeDir(dataDir);
    }
  });

  /** Top-ups (money) and wallet reads in a loop; every answer is 2xx or a fast 503. */
  function load(workers: number) {
    const results: ApiResult[] = [];
    const confirmed = new Map<string, number>();
    let stopping = false;
    const runs = Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; !stopping; i++) {
        const key = randomUUID();
        const amount = 100 + w;
        // Retried with the same key until it is answered: a 503 did nothing, and a retry of one
        // that did commit is replayed, so each key adds its amount once.
        for (;;) {
          const r = await api(serve.url, 'POST', '/api/wallet/top-ups', {
            cookie: consumer,
            key,
            body: { amount },
          });
          results.push(r);
          if (r.status === 201) {
            confirmed.set(key, amount);
            break;
          }
          if (r.status !== 503) break;
          await new Promise((res) => setTimeout(res, 50));
        }
        results.push(await api(serve.url, 'GET', '/api/wallet?limit=1', { cookie: consumer }));
        if (i % 5 === 0) await new Promise((res) => setTimeout(res, 10));
      }
    });
    return {
      results,
      confirmed,
      async stop() {
        stopping = true;
        await Promise.all(runs);
      },
    };
  }

  function expectOnly2xxOr503(results: ApiResult[]) {
    const bad = results.filter(
      (r) =>
        !(r.status >= 200 && r.status < 300) &&
        !(r.status === 503 && errorCode(r) === 'DATABASE_UNAVAILABLE'),
    );
    expect(bad.map((r) => `${r.status} ${JSON.stringify(r.body).slice(0, 200)}`)).toEqual([]);
    const slow503 = results.filter((r) => r.status === 503 && r.ms > 3_000);
    expect(slow503.map((r) => Math.round(r.ms))).toEqual([]);
  }

  async function walletBalance(): Promise<number> {
    const r = await api(serve.url, 'GET', '/api/wallet?limit=1', { cookie: consumer });
    expect(r.status).toBe(200);
    return (r.body as { wallet: { balance: number } }).wallet.balance;
  }

  async function expectBooksBalance() {
    const tb = (await trialBalanceTotal(serve.url)) as {
      trialBalance: { total: number; balanced: boolean };
      issues: unknown[];
    };
    expect(tb.trialBalance).toMatchObject({ total: 0, balanced: true });
    expect(tb.issues).toEqual([]);
  }

  it('survives pg_terminate_backend of its backends under load; money adds up', async () => {
    const before = await walletBalance();
    const traffic = load(6);
    const admin = new pg.Client(adminUrl());
    await admin.connect();
    let terminated = 0;
    for (let round = 0; round < 5; round++) {
      await waitFor('some traffic', () => traffic.results.length > (round + 1) * 20, 20_000, 20);
      const { rows } = await admin.query(
        `select pg_terminate_backend(pid) as ok from pg_stat_activity
         where datname = 'carnival' and pid <> pg_backend_pid()`,
      );
      terminated += rows.filter((r) => r.ok).length;
    }
    await admin.end();
    const after = traffic.results.length;
    await waitFor('traffic after the terminations', () => traffic.results.length > after + 20, 20_000, 20);
    await traffic.stop();

    expect(terminated).toBeGreaterThan(0);
    expect(serve.isAlive()).toBe(true);
    expectOnly2xxOr503(traffic.results);
    const added = [...traffic.confirmed.values()].reduce((a, b) => a + b, 0);
    expect(await walletBalance()).toBe(before + added);
    await expectBooksBalance();
  }, 120_000);

  it('answers 503 DATABASE_UNAVAILABLE fast while PostgreSQL is stopped, /healthz stays up, then serves again', async () => {
    const before = await walletBalance();
    pgCtl('-m', 'fast', '-w', 'stop');
    try {
      const wallet = await api(serve.url, 'GET', '/api/wallet?limit=1', { cookie: consumer });
      expect(wallet.status).toBe(503);
      expect(errorCode(wallet)).toBe('DATABASE_UNAVAILABLE');
      expect(Number(wallet.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(wallet.ms).toBeLessThan(3_000);

      const topUp = await api(serve.url, 'POST', '/api/wallet/top-ups', {
        cookie: consumer,
        key: randomUUID(),
        body: { amount: 500 },
      });
      expect([topUp.status, errorCode(topUp)]).toEqual([503, 'DATABASE_UNAVAILABLE']);
      expect(topUp.ms).toBeLessThan(3_000);

      const live = await api(serve.url, 'GET', '/healthz');
      expect(live.status).toBe(200);
      expect(live.body).toEqual({ status: 'ok' });
      const ready = await api(serve.url, 'GET', '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.ms).toBeLessThan(2_000);
      expect(ready.body).toMatchObject({ status: 'unavailable', checks: { database: { ok: false } } });
    } finally {
      pgCtl('-l', join(dataDir, 'server.log'), '-w', 'start');
    }
    await waitFor(
      'a 2xx once PostgreSQL is back',
      async () => (await api(serve.url, 'GET', '/api/wallet?limit=1', { cookie: consumer })).status === 200,
      30_000,
      200,
    );
    expect((await api(serve.url, 'GET', '/readyz')).status).toBe(200);
    expect(serve.isAlive()).toBe(true);
    expect(await walletBalance()).toBe(before);
    await expectBooksBalance();
  }, 120_000);

  it('survives pg_ctl restart under load and serves 2xx after it; money adds up', async () => {
    const before = await walletBalance();
    const traffic = load(4);
    await waitFor('some traffic', () => traffic.results.length > 20, 20_000, 20);
    pgCtl('-m', 'fast', '-l', join(dataDir, 'server.log'), '-w', 'restart');
    const after = traffic.results.length;
    await waitFor(
      '2xx after the restart',
      () => traffic.results.slice(after).filter((r) => r.status >= 200 && r.status < 300).length > 20,
      30_000,
      50,
    );
    await traffic.stop();
    expect(serve.isAlive()).toBe(true);
    expectOnly2xxOr503(traffic.results);
    const added = [...traffic.confirmed.values()].reduce((a, b) => a + b, 0);
    expect(await walletBalance()).toBe(before + added);
    await expectBooksBalance();
    expect(serve.output()).not.toMatch(/uncaught exception/);
  }, 120_000);

  it('a frozen PostgreSQL (SIGSTOP for 10 s): requests are answered within the bounds, /healthz at once', async () => {
    const postmaster = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]!.trim();
    const children = execFileSync('ps', ['-o', 'pid=', '--ppid', postmaster], { encoding: 'utf8' })
      .split('\n')
      .map((p) => p.trim())
      .filter(Boolean);
    const pids = [postmaster, ...children];
    const signal = (sig: string) => {
      for (const pid of pids) {
        try {
          process.kill(Number(pid), sig as NodeJS.Signals);
        } catch {
          // a backend that exited meanwhile
        }
      }
    };
    const traffic = load(4);
    await waitFor('some traffic', () => traffic.results.length > 10, 20_000, 20);
    const frozenAt = traffic.results.length;
    signal('SIGSTOP');
    const live: ApiResult[] = [];
    try {
      const until = Date.now() + 10_000;
      while (Date.now() < until) {
        live.push(await api(serve.url, 'GET', '/healthz'));
        await new Promise((r) => setTimeout(r, 250));
      }
      const ready = await api(serve.url, 'GET', '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.ms).toBeLessThan(2_000);
    } finally {
      signal('SIGCONT');
    }
    await waitFor(
      '2xx after the stall',
      () => traffic.results.slice(frozenAt).filter((r) => r.status >= 200 && r.status < 300).length > 10,
      30_000,
      50,
    );
    await traffic.stop();
    expect(live.every((r) => r.status === 200 && r.ms < 500)).toBe(true);
    // statement timeout 2 s: the client gives up after 3 s, and once more for the ROLLBACK.
    const during = traffic.results.slice(frozenAt);
    expect(during.filter((r) => r.ms > 8_000).map((r) => Math.round(r.ms))).toEqual([]);
    expect(during.some((r) => r.status === 503)).toBe(true);
    const bad = during.filter((r) => !(r.status >= 200 && r.status < 300) && r.status !== 503);
    expect(bad.map((r) => `${r.status} ${JSON.stringify(r.body).slice(0, 200)}`)).toEqual([]);
    expect(serve.isAlive()).toBe(true);
    await expectBooksBalance();
  }, 120_000);
});
