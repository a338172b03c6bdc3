/**
 * The live screen's freshness under load (issue 16). `carnival serve` runs in its own process
 * (embedded, or on a fresh database of DATABASE_URL's server and REDIS_URL when set, and on a
 * JetStream stream of its own when NATS_URL is set), `carnival simulate` drives it
 * from a second process, and this one holds N Server-Sent-Event clients on the festival's
 * screen. For every snapshot a client receives: the time from the newest event it counts being
 * recorded (in the payment's transaction, `lastEventAt`) to its arrival here. Phases of growing
 * client counts say how many screens one process serves at that freshness.
 *
 *   npm run bench:screen [-- --clients 10,200,1000] [--seconds 20] [--shoppers 20] [--rate 150] [--json f]
 *
 * The latency is measured for the newest event of each snapshot; older events coalesced into
 * the same snapshot waited longer, by at most the hub's poll (200 ms) when another process
 * committed them. Both ends read the same machine's clock.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { benchServerEnv, repoRoot, startServerProcess } from './lib/server-process';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '10,200,1000' },
    seconds: { type: 'string', default: '20' },
    shoppers: { type: 'string', default: '20' },
    rate: { type: 'string', default: '150' },
    json: { type: 'string' },
  },
});
const PHASES = values.clients.split(',').map(Number);
const SECONDS = Number(values.seconds);

const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/** The server's stage marks of a snapshot's newest event (CARNIVAL_SCREEN_TRACE=1), plus its arrival. */
type Trace = Record<string, number> & { arrived: number };
interface Sink {
  lags: number[];
  traces: Trace[];
  recording: boolean;
  errors: number;
}

/**
 * The stages of a payment's way to the screen, each from the previous mark that is present:
 * the rest of the payment's transaction and its commit (to the relay's wake-up), the wait for
 * the relay's round, the publish, the bus's delivery to the aggregator, the aggregator's
 * transaction, the hub noticing and reading the snapshot, the frame, and the socket writes plus
 * the bench client's own reading (arrival here).
 */
const STAGES: [string, string][] = [
  ['commit', 'notified'],
  ['relay wait', 'claimed'],
  ['publish', 'published'],
  ['bus', 'delivered'],
  ['aggregate', 'applied'],
  ['hub wait', 'polled'],
  ['hub read', 'read'],
  ['frame', 'framed'],
  ['write+client', 'arrived'],
];

function stageBreakdown(traces: Trace[]) {
  const out: Record<string, { p50: number; p99: number; n: number }> = {};
  for (const [name, mark] of STAGES) {
    const xs: number[] = [];
    for (const t of traces) {
      if (t[mark] === undefined || t.recorded === undefined) continue;
      // The stage starts at the latest earlier mark this trace has.
      const i = STAGES.findIndex(([, m]) => m === mark);
      let from = t.recorded;
      for (let j = i - 1; j >= 0; j--) {
        const v = t[STAGES[j]![1]];
        if (v !== undefined) {
          from = v;
          break;
        }
      }
      xs.push(t[mark]! - from);
    }
    out[name] = { p50: percentile(xs, 50), p99: percentile(xs, 99), n: xs.length };
  }
  const totals = traces.filter((t) => t.recorded !== undefined).map((t) => t.arrived - t.recorded!);
  out.total = { p50: percentile(totals, 50), p99: percentile(totals, 99), n: totals.length };
  return out;
}

/** One SSE client: every snapshot's lag (ms) goes to `lags` while `recording` is on. */
function screenClient(url: string, sink: Sink) {
  const controller = new AbortController();
  const done = (async () => {
    try {
      const res = await fetch(url, { signal: controller.signal });
      if (res.status !== 200 || !res.body) {
        sink.errors++;
        return;
      }
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!block.includes('event: snapshot')) continue;
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (!data) continue;
          const lastEventAt = /"lastEventAt":"([^"]+)"/.exec(data)?.[1];
          if (!sink.recording) continue;
          const arrived = Date.now();
          if (lastEventAt) sink.lags.push(arrived - Date.parse(lastEventAt));
          const trace = /"trace":(\{[^}]*\})/.exec(data)?.[1];
          if (trace) sink.traces.push({ ...(JSON.parse(trace) as Record<string, number>), arrived });
        }
      }
    } catch {
      if (!controller.signal.aborted) sink.errors++;
    }
  })();
  return { close: () => controller.abort(), done };
}

/** A database of its own on DATABASE_URL's server (the demo seed goes there), dropped at the end. */
async function freshDatabase(adminUrl: string) {
  const name = `carnival_bench_screen_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

const natsStream = `BENCH_SCREEN_${process.pid}`;
const natsPrefix = `benchscreen${process.pid}`;

/** Removes this run's stream from the shared NATS. */
async function dropStream() {
  if (!process.env.NATS_URL) return;
  const { connect } = await import('nats');
  const nc = await connect({ servers: process.env.NATS_URL });
  await (await nc.jetstreamManager()).streams.delete(natsStream).catch(() => undefined);
  await nc.close();
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'carnival-bench-screen-'));
  const database = process.env.DATABASE_URL ? await freshDatabase(process.env.DATABASE_URL) : null;
  const adminPassword = 'bench-screen-operator-1';
  const server = await startServerProcess({
    env: benchServerEnv({
      CARNIVAL_ADMIN_PASSWORD: adminPassword,
      // Stage marks in the SSE frames: where a payment's time to the screen goes.
      CARNIVAL_SCREEN_TRACE: '1',
      DATABASE_URL: database?.url,
      // Its own stream and KV prefix: nothing shared with other runs on the same servers.
      CARNIVAL_KV_PREFIX: `bench-screen-${process.pid}:`,
      REDIS_URL: process.env.REDIS_URL,
      // On NATS, a stream and subject prefix of this run's own: nothing mixed with other runs'.
      NATS_URL: process.env.NATS_URL,
      ...(process.env.NATS_URL
        ? { CARNIVAL_NATS_STREAM: natsStream, CARNIVAL_NATS_SUBJECT_PREFIX: natsPrefix }
        : {}),
    }),
    args: ['--data-dir', dataDir],
    // A shared machine at a load average of 30 has taken over two minutes to start a server.
    timeoutMs: 300_000,
    // BENCH_CPU_PROF=<dir>: the server's CPU profile, for where the fan-out's time goes.
    nodeArgs: process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [],
  });
  const live = await fetch(`${server.url}/api/campaigns?kind=shopping_festival&status=live&limit=20`);
  const campaignId = ((await live.json()) as { items: { id: string }[] }).items[0]?.id;
  if (!campaignId) throw new Error('no live shopping festival in the demo data');
  const streamUrl = `${server.url}/api/screen/${campaignId}/stream`;
  const total = PHASES.length * (SECONDS + 4) + 60;
  console.log(`server ${server.url} (pid ${server.pid}), campaign ${campaignId}; simulating ${total} s`);
  const simulator = spawn(
    process.execPath,
    [
      join(repoRoot, 'bin', 'carnival.mjs'),
      'simulate',
      '--url',
      server.url,
      '--shoppers',
      values.shoppers,
      '--rate',
      values.rate,
      '--duration',
      `${total}s`,
      '--max-orders',
      '1000',
      '--refunds',
      '0.05',
      '--seed',
      '16',
      '--json',
    ],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    },
  );
  let simOut = '';
  simulator.stdout!.on('data', (c: Buffer) => {
    simOut += c.toString();
  });
  const simDone = new Promise<void>((resolve) => simulator.once('exit', () => resolve()));
  // Shoppers sign up and fund their wallets first: wait until the screen moves.
  const ordersNow = async () =>
    ((await (await fetch(`${server.url}/api/screen/${campaignId}`)).json()) as { orders: number }).orders;
  const baseline = await ordersNow();
  for (let waited = 0; (await ordersNow()) === baseline && waited < 120; waited++)
    await new Promise((r) => setTimeout(r, 1000));

  const results: Record<string, unknown>[] = [];
  for (const n of PHASES) {
    const sink: Sink = { lags: [], traces: [], recording: false, errors: 0 };
    const clients = Array.from({ length: n }, () => screenClient(streamUrl, sink));
    await new Promise((r) => setTimeout(r, 3000)); // connected, first snapshots in
    sink.recording = true;
    const rssBefore = server.rssBytes();
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    sink.recording = false;
    const row = {
      clients: n,
      snapshots: sink.lags.length,
      perClientPerSecond: Number((sink.lags.length / n / SECONDS).toFixed(2)),
      p50Ms: percentile(sink.lags, 50),
      p99Ms: percentile(sink.lags, 99),
      maxMs: percentile(sink.lags, 100),
      errors: sink.errors,
      serverRssMB: Math.round(Math.max(rssBefore, server.rssBytes()) / 1e6),
      // The machine's 1-minute load average at the phase's end (two cores, shared).
      load1: Number(loadavg()[0]!.toFixed(1)),
      stages: stageBreakdown(sink.traces),
    };
    results.push(row);
    const { stages, ...headline } = row;
    console.log(JSON.stringify(headline));
    console.log(
      `  stages (p50/p99 ms, ${sink.traces.length} traced): ${Object.entries(stages)
        .map(([k, v]) => `${k} ${v.p50}/${v.p99}`)
        .join(', ')}`,
    );
    for (const c of clients) c.close();
    await Promise.all(clients.map((c) => c.done));
  }
  // The simulator ends by its --duration and prints its summary.
  await simDone;
  const simulated = simOut.trim() ? JSON.parse(simOut.trim().split('\n').pop()!) : null;
  if (simulated) console.log(`simulator: ${JSON.stringify(simulated)}`);
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
  await database?.drop();
  await dropStream();
  const out = {
    bench: 'screen',
    at: new Date().toISOString(),
    mode: `${process.env.DATABASE_URL ? 'postgres' : 'embedded'}${process.env.NATS_URL ? '+nats' : ''}`,
    seconds: SECONDS,
    phases: results,
    simulator: simulated,
  };
  if (values.json) writeFileSync(values.json, JSON.stringify(out, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
