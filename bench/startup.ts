/**
 * Start-up, memory and sign-in cost, each server in its own process (`node bin/carnival.mjs
 * serve`), driven from this one. For this checkout and, with BENCH_BASE_ROOT (default
 * /work/wt/base when it exists; `none` to skip), the old commit's server in the same run:
 *
 * - cold start to the first 200 of `/healthz` on a fresh PGlite folder, then warm (same folder,
 *   BENCH_WARM_STARTS times, default 3: the median and the minimum);
 * - the same on PostgreSQL (DATABASE_URL) on a fresh database, then warm (same database);
 * - idle RSS: read from /proc after the server has sat idle for IDLE_SECONDS;
 * - sign-in cost: `/healthz` p50/p99 at concurrency 16 alone, then again while 4 clients sign in
 *   in a loop (the operator, CARNIVAL_ADMIN_PASSWORD), with the sign-ins' own latency.
 *
 *   flock /tmp/bench.lock npm run bench:startup [-- --json out.json]
 *   env: DATABASE_URL, BENCH_BASE_ROOT, BENCH_SECONDS (load phases, default 5), BENCH_IDLE_SECONDS (5)
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ensurePgliteTemplate, ensureServerBuild } from '../scripts/build.mjs';
import { createClient, drive, type LoadResult } from './lib/load';
import { report } from './lib/report';
import { benchServerEnv, repoRoot, type ServerProcess, startServerProcess } from './lib/server-process';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** Warm starts per server and database: the machine is shared, so the median of a few is reported. */
const WARM_STARTS = Number(process.env.BENCH_WARM_STARTS ?? 3);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 5);
const HEALTHZ_CONCURRENCY = 16;
const LOGIN_LOOPS = 4;
const ADMIN_EMAIL = 'admin@carnival.local';
const ADMIN_PASSWORD = 'Velvet-Orbit-Harbor-7';
const databaseUrl = process.env.DATABASE_URL;
const baseSetting = process.env.BENCH_BASE_ROOT ?? '/work/wt/base';
const baseRoot =
  baseSetting !== 'none' && existsSync(join(baseSetting, 'bin', 'carnival.mjs')) ? baseSetting : undefined;

const servers: Array<{ name: string; root: string }> = [
  ...(baseRoot ? [{ name: 'old', root: baseRoot }] : []),
  { name: 'new', root: repoRoot },
];

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function start(root: string, args: string[], extraEnv: Record<string, string | undefined> = {}) {
  return startServerProcess({
    root,
    args: ['--no-seed', ...args],
    env: benchServerEnv({ CARNIVAL_ADMIN_PASSWORD: ADMIN_PASSWORD, ...extraEnv }),
  });
}

/** Starts, waits IDLE_SECONDS, reads RSS; the caller stops it (or measures more first). */
async function startAndIdle(root: string, args: string[], env?: Record<string, string | undefined>) {
  const server = await start(root, args, env);
  await sleep(IDLE_SECONDS * 1000);
  return { server, startMs: server.startMs, idleRss: server.rssBytes() };
}

/** The first warm start sits idle for the RSS reading; the others only time the start. */
async function warmStarts(root: string, args: string[], env?: Record<string, string | undefined>) {
  const first = await startAndIdle(root, args, env);
  await first.server.stop();
  const times = [first.startMs];
  for (let i = 1; i < WARM_STARTS; i++) {
    const again = await start(root, args, env);
    times.push(again.startMs);
    await again.stop();
  }
  times.sort((a, b) => a - b);
  return { startMs: times[Math.floor(times.length / 2)]!, minMs: times[0]!, idleRss: first.idleRss };
}

/** /healthz at concurrency 16, alone and then beside LOGIN_LOOPS clients signing in. */
async function signInCost(server: ServerProcess) {
  const client = createClient(server.url);
  try {
    const healthz = () => ({ path: '/healthz' });
    await drive(client, { seconds: 1, concurrency: HEALTHZ_CONCURRENCY }, healthz); // warm-up
    const alone = await drive(client, { seconds: SECONDS, concurrency: HEALTHZ_CONCURRENCY }, healthz);
    const body = JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    const login = () => ({ method: 'POST', path: '/api/auth/login', body });
    const loginClient = createClient(server.url);
    try {
      // One sign-in first, so the first measured one pays no one-time cost.
      await loginClient.send(login());
      const [withLogins, logins] = await Promise.all([
        drive(client, { seconds: SECONDS, concurrency: HEALTHZ_CONCURRENCY }, healthz),
        drive(loginClient, { seconds: SECONDS, concurrency: LOGIN_LOOPS }, login),
      ]);
      return { alone, withLogins, logins };
    } finally {
      loginClient.close();
    }
  } finally {
    client.close();
  }
}

async function onPglite(root: string) {
  const dir = mkdtempSync(join(tmpdir(), 'carnival-bench-startup-'));
  try {
    const cold = await startAndIdle(root, ['--data-dir', dir]);
    const load = await signInCost(cold.server);
    await cold.server.stop();
    const warm = await warmStarts(root, ['--data-dir', dir]);
    return { cold, warm, load };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres(root: string, adminUrl: string) {
  const name = `carnival_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const env = { DATABASE_URL: url.toString() };
  try {
    const cold = await startAndIdle(root, [], env);
    const load = await signInCost(cold.server);
    await cold.server.stop();
    const warm = await warmStarts(root, [], env);
    return { cold, warm, load };
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

// The build the new server runs, made before anything is timed (bin/carnival.mjs would make it
// on the first start otherwise, and that start would count the build).
await ensureServerBuild({ log: () => {} });
await ensurePgliteTemplate({ log: () => {} });

const runs: Record<string, LoadResult> = {};
const figures: Record<string, number | string | boolean> = {};
type Result = Awaited<ReturnType<typeof onPglite>>;
const results: Record<string, Result> = {};

// Old and new alternate per database, so a change of load on the machine hits both.
const databases: Array<'pglite' | 'postgres'> = databaseUrl ? ['pglite', 'postgres'] : ['pglite'];
for (const db of databases)
  for (const { name, root } of servers) {
    const key = `${name}.${db}`;
    process.stderr.write(`${key}...\n`);
    results[key] = db === 'pglite' ? await onPglite(root) : await onPostgres(root, databaseUrl!);
  }

for (const [key, r] of Object.entries(results)) {
  figures[`${key}.coldStartMs`] = Math.round(r.cold.startMs);
  figures[`${key}.warmStartMs`] = Math.round(r.warm.startMs);
  figures[`${key}.warmStartMs.min`] = Math.round(r.warm.minMs);
  figures[`${key}.idleRssMB.cold`] = mb(r.cold.idleRss);
  figures[`${key}.idleRssMB.warm`] = mb(r.warm.idleRss);
  runs[`${key} healthz`] = r.load.alone;
  runs[`${key} healthz+login`] = r.load.withLogins;
  runs[`${key} login x${LOGIN_LOOPS}`] = r.load.logins;
  figures[`${key}.healthzP99Ratio`] = Number((r.load.withLogins.p99 / r.load.alone.p99).toFixed(2));
}

const ours = (db: string) => results[`new.${db}`]!;
const pglite = ours('pglite');
figures['target.pgliteIdleRss<400MB'] = mb(Math.max(pglite.cold.idleRss, pglite.warm.idleRss)) < 400;
figures['target.coldStart<5s'] = pglite.cold.startMs < 5_000;
figures['target.warmStart<1.5s'] = pglite.warm.startMs < 1_500;
if (databaseUrl) {
  const pgRun = ours('postgres');
  figures['target.postgresIdleRss<200MB'] = mb(Math.max(pgRun.cold.idleRss, pgRun.warm.idleRss)) < 200;
  figures['target.pgColdStart<5s'] = pgRun.cold.startMs < 5_000;
  figures['target.pgWarmStart<1.5s'] = pgRun.warm.startMs < 1_500;
}

report({
  bench: 'startup',
  setup: {
    servers: Object.fromEntries(servers.map((s) => [s.name, s.root])),
    databases,
    idleSeconds: IDLE_SECONDS,
    loadSeconds: SECONDS,
    healthzConcurrency: HEALTHZ_CONCURRENCY,
    loginLoops: LOGIN_LOOPS,
    warmStarts: WARM_STARTS,
  },
  runs,
  figures,
});
