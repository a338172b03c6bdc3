import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { connect } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNatsBus, type DomainEvent, type NatsBus } from '../../src/platform/bus';
import { silentLogger } from '../../src/platform/logger';
import {
  api,
  binariesOrSkip,
  removeDir,
  type ServeProcess,
  scratchDatabase,
  sparePort,
  startServe,
  tempDir,
  waitFor,
  which,
} from './support';
import { topUpAndWait } from './top-ups';

/**
 * NATS goes away for 60 s while a running `carnival serve` records events (wallet top-ups
 * write `wallet.topped_up` to the outbox). The bus reports not ready meanwhile, writes keep
 * working, and once NATS is back the backlog reaches the stream and a subscriber, each event
 * once. A process started while NATS is unreachable retries visibly and exits non-zero when it
 * gives up.
 */
const natsServer = which('nats-server');
const enabled = binariesOrSkip('NATS', [natsServer]);
const OUTAGE_MS = 60_000;

class NatsInstance {
  private child: ChildProcess | undefined;
  readonly storeDir = tempDir('carnival-faults-nats-');
  constructor(readonly port: number) {}
  get url() {
    return `nats://127.0.0.1:${this.port}`;
  }
  async start() {
    const child = spawn(
      natsServer!,
      ['-js', '-a', '127.0.0.1', '-p', String(this.port), '-sd', this.storeDir],
      {
        stdio: 'ignore',
      },
    );
    this.child = child;
    await waitFor('nats-server to accept connections', async () => {
      if (child.exitCode !== null) throw new Error('nats-server exited');
      const nc = await connect({ servers: this.url, timeout: 500, maxReconnectAttempts: 0 }).catch(
        () => undefined,
      );
      if (!nc) return false;
      await (await nc.jetstreamManager()).getAccountInfo();
      await nc.close();
      return true;
    });
  }
  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

type TopUpEvent = DomainEvent<{ txnId: string; topUpId: string }>;

describe.skipIf(!enabled)('NATS outages', () => {
  let nats: NatsInstance;
  let database: Awaited<ReturnType<typeof scratchDatabase>>;
  let unreachable: Promise<ServeProcess>;
  const dropLater: Awaited<ReturnType<typeof scratchDatabase>>[] = [];
  beforeAll(async () => {
    nats = new NatsInstance(await sparePort());
    await nats.start();
    database = await scratchDatabase();
    unreachable = startServe(
      {
        ...(await scratchDatabase().then((d) => {
          dropLater.push(d);
          return d.env;
        })),
        NATS_URL: `nats://127.0.0.1:${await sparePort()}`,
        CARNIVAL_BUS_CONNECT_TIMEOUT_MS: '3000',
        CARNIVAL_SEED_DEMO: 'false',
      },
      { waitReady: false },
    );
  });
  afterAll(async () => {
    await nats?.stop();
    if (nats) removeDir(nats.storeDir);
    await (await unreachable)?.stop();
    await database?.drop();
    for (const d of dropLater) await d.drop();
  });

  describe('under carnival serve', () => {
    let serve: ServeProcess;
    let bus: NatsBus;
    const delivered: TopUpEvent[] = [];
    let cookie: string;

    beforeAll(async () => {
      serve = await startServe({ ...database.env, NATS_URL: nats.url, CARNIVAL_SEED_DEMO: 'false' });
      // The test's own subscriber, on its own connection: it lives through the outage too.
      bus = await createNatsBus({
        servers: nats.url,
        stream: 'CARNIVAL',
        subjectPrefix: 'carnival',
        logger: silentLogger,
      });
      await bus.subscribe<{ txnId: string; topUpId: string }>(
        'faults_test',
        ['wallet.topped_up'],
        async (e) => {
          delivered.push(e);
        },
      );
      const email = `faults-${randomUUID().slice(0, 8)}@test.local`;
      const res = await fetch(`${serve.url}/api/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: `Faults-${randomUUID()}`, displayName: 'Faults' }),
      });
      expect(res.status).toBe(201);
      cookie = res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
    }, 180_000);
    afterAll(async () => {
      await bus?.close();
      await serve?.stop();
    });

    /**
     * A sandbox top-up, paid and credited (the credit records `wallet.topped_up` in the outbox);
     * returns the top-up id, which the event's payload carries beside its txnId.
     */
    const topUp = () => topUpAndWait(serve.url, cookie, 100);
    const eventsOf = (topUpId: string) => delivered.filter((e) => e.payload.topUpId === topUpId);

    it('a 60 s outage: /readyz names the bus, writes go on, the backlog is delivered once afterwards', async () => {
      const first = await topUp();
      await waitFor('the first event', () => eventsOf(first).length > 0, 15_000);
      expect((await api(serve.url, 'GET', '/readyz')).status).toBe(200);

      const topUpIds = [first];
      await nats.stop();
      const downAt = Date.now();
      try {
        await waitFor(
          '/readyz to report the bus down',
          async () => {
            const r = await api(serve.url, 'GET', '/readyz');
            const checks = (r.body as { checks?: { bus?: { ok: boolean } } }).checks;
            return r.status === 503 && checks?.bus?.ok === false;
          },
          15_000,
          200,
        );
        // Events keep being recorded through the whole outage.
        while (Date.now() - downAt < OUTAGE_MS) {
          topUpIds.push(await topUp());
          expect((await api(serve.url, 'GET', '/healthz')).status).toBe(200);
          await new Promise((r) => setTimeout(r, 3_000));
        }
        const ready = await api(serve.url, 'GET', '/readyz');
        expect(ready.status).toBe(503);
        expect(ready.ms).toBeLessThan(2_000);
      } finally {
        await nats.start();
      }

      await waitFor(
        'the backlog to be delivered',
        () => topUpIds.every((id) => eventsOf(id).length > 0),
        30_000,
        200,
      );
      await waitFor(
        '/readyz to be ready again',
        async () => (await api(serve.url, 'GET', '/readyz')).status === 200,
        15_000,
      );
      // Each event once: on the stream (deduplicated by event id) and to the subscriber.
      const nc = await connect({ servers: nats.url });
      const info = await (await nc.jetstreamManager()).streams.info('CARNIVAL', {
        subjects_filter: 'carnival.wallet.topped_up',
      });
      await nc.close();
      expect(info.state.subjects?.['carnival.wallet.topped_up']).toBe(topUpIds.length);
      const perTxn = new Map<string, number>();
      for (const e of delivered) perTxn.set(e.payload.txnId, (perTxn.get(e.payload.txnId) ?? 0) + 1);
      expect([...perTxn.values()].every((n) => n === 1)).toBe(true);
      expect(perTxn.size).toBe(topUpIds.length);
      // One event per top-up, and one credit transaction each.
      expect(topUpIds.map((id) => eventsOf(id).length)).toEqual(topUpIds.map(() => 1));
      expect(new Set(topUpIds.map((id) => eventsOf(id)[0]!.payload.txnId)).size).toBe(topUpIds.length);
      expect(serve.isAlive()).toBe(true);

      // And delivery goes on as normal.
      const after = await topUp();
      await waitFor('an event after the outage', () => eventsOf(after).length > 0, 15_000);
    }, 150_000);
  });
  // Started in beforeAll, so its start-up overlaps the outage test instead of adding to it.
  it('a process started while NATS is unreachable retries visibly, then exits non-zero', async () => {
    const serve = await unreachable;
    const code = await Promise.race([
      serve.exited,
      new Promise((r) => setTimeout(() => r('still running'), 120_000)),
    ]);
    await serve.stop();
    expect(code, serve.output()).toBe(1);
    expect(serve.output()).toMatch(/NATS unreachable at start; retrying/);
    expect(serve.output()).toMatch(/giving up/);
  }, 150_000);
});
