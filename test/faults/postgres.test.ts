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
import {
  createTopUp,
  openPage,
  payTopUp,
  type StartedTopUp,
  settleTopUps,
  startTopUp,
  submitPage,
  tokenOf,
  topUpStatus,
} from './top-ups';

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
      // The load writes far more than a person does (each top-up is two writes, a third for the
      // gateway's notification from this host).
      CARNIVAL_LIMITS: JSON.stringify({ writesPerActor: { max: 100_000 }, writesPerIp: { max: 100_000 } }),
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

  /**
   * Customers topping up and watching their wallets: each worker starts a top-up, pays it on the
   * gateway's page, then polls it and the wallet until the notification credited it. Every
   * answer must be 2xx or a fast 503; `started` is every top-up that was created.
   */
  function load(workers: number) {
    const results: ApiResult[] = [];
    const started: StartedTopUp[] = [];
    let stopping = false;
    const runs = Array.from({ length: workers }, async (_, w) => {
      while (!stopping) {
        const topUp = await startTopUp(serve.url, consumer, 100 + w, results);
        if (!topUp) continue;
        started.push(topUp);
        await payTopUp(serve.url, topUp, results);
        while (!stopping) {
          const r = await topUpStatus(serve.url, consumer, topUp.id);
          results.push(r);
          if (r.status === 200 && (r.body as { topUp: { status: string } }).topUp.status !== 'pending') break;
          results.push(await api(serve.url, 'GET', '/api/wallet?limit=1', { cookie: consumer }));
          await new Promise((res) => setTimeout(res, 20));
        }
      }
    });
    return {
      results,
      started,
      async stop() {
        stopping = true;
        await Promise.all(runs);
      },
    };
  }

  /**
   * Every created top-up was paid, so each must end `succeeded` (credited once its notification
   * got through, retried by the gateway if the outage ate an attempt), and the wallet holds
   * exactly those. 90 s: a delivery whose failure could not even be recorded waits out the
   * queue's 60 s lease before its retry.
   */
  async function expectMoneyAddsUp(before: number, started: StartedTopUp[]) {
    expect(started.length).toBeGreaterThan(0);
    const final = await settleTopUps(serve.url, consumer, started, 90_000);
    expect(
      started.filter((t) => final.get(t.id) !== 'succeeded').map((t) => [t.id, final.get(t.id)]),
    ).toEqual([]);
    const added = started.reduce((sum, t) => sum + t.amount, 0);
    expect(await walletBalance()).toBe(before + added);
    await expectBooksBalance();
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
    await expectMoneyAddsUp(before, traffic.started);
  }, 180_000);

  it('answers 503 DATABASE_UNAVAILABLE fast while PostgreSQL is stopped, /healthz stays up, then serves again', async () => {
    const before = await walletBalance();
    // A top-up started before the outage, its page open; the customer presses Pay during it.
    const noResults: ApiResult[] = [];
    const started = (await startTopUp(serve.url, consumer, 700, noResults, 0))!;
    expect(started).toBeDefined();
    const token = tokenOf(await openPage(serve.url, started.redirectUrl));
    expect(token).toBeDefined();
    const refusedKey = randomUUID();
    pgCtl('-m', 'fast', '-w', 'stop');
    try {
      const wallet = await api(serve.url, 'GET', '/api/wallet?limit=1', { cookie: consumer });
      expect(wallet.status).toBe(503);
      expect(errorCode(wallet)).toBe('DATABASE_UNAVAILABLE');
      expect(Number(wallet.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(wallet.ms).toBeLessThan(3_000);

      const topUp = await createTopUp(serve.url, consumer, 500, refusedKey);
      expect([topUp.status, errorCode(topUp)]).toEqual([503, 'DATABASE_UNAVAILABLE']);
      expect(topUp.ms).toBeLessThan(3_000);
      const pay = await submitPage(serve.url, started.redirectUrl, token!);
      expect([pay.status, errorCode(pay)]).toEqual([503, 'DATABASE_UNAVAILABLE']);
      expect(pay.ms).toBeLessThan(3_000);
      const status = await topUpStatus(serve.url, consumer, started.id);
      expect([status.status, errorCode(status)]).toEqual([503, 'DATABASE_UNAVAILABLE']);

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
    // The refused top-up was never created, and nothing was paid while the database was away.
    const db = new pg.Client(`postgres://postgres@127.0.0.1:${port}/carnival`);
    await db.connect();
    const { rows } = await db.query('select count(*)::int as n from top_ups where idempotency_key = $1', [
      refusedKey,
    ]);
    await db.end();
    expect(rows[0].n).toBe(0);
    expect(await walletBalance()).toBe(before);
    // Pressing Pay again (a fresh page: the refused post consumed nothing) pays it.
    await payTopUp(serve.url, started, noResults, 10_000);
    expectOnly2xxOr503(noResults);
    await expectMoneyAddsUp(before, [started]);
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
    await expectMoneyAddsUp(before, traffic.started);
    expect(serve.output()).not.toMatch(/uncaught exception/);
  }, 180_000);

  it('a frozen PostgreSQL (SIGSTOP for 10 s): requests are answered within the bounds, /healthz at once', async () => {
    const postmaster = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]!.trim();
    const childrenOf = (pid: string) =>
      execFileSync('ps', ['-o', 'pid=', '--ppid', pid], { encoding: 'utf8' })
        .split('\n')
        .map((p) => p.trim())
        .filter(Boolean);
    let pids: string[] = [];
    const kill = (pid: string, sig: string) => {
      try {
        process.kill(Number(pid), sig as NodeJS.Signals);
      } catch {
        // a backend that exited meanwhile
      }
    };
    const signal = (sig: string) => {
      if (sig === 'SIGSTOP') {
        // The postmaster first, so it forks no backend after the list below is taken (a pool
        // that opens a connection meanwhile would otherwise keep a live backend).
        kill(postmaster, sig);
        pids = [postmaster, ...childrenOf(postmaster)];
      }
      for (const pid of pids) kill(pid, sig);
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
