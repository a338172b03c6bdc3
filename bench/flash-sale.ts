/**
 * Flash-sale reservations (issue 15) from outside: the server runs as its own process, this one
 * only drives load. Two targets in one run: the embedded default (PGlite + in-process KV, a
 * data folder this bench seeded before the start) and PostgreSQL + Redis (a fresh database and
 * a key prefix of its own). For each:
 *
 *  1. `GET /healthz` at CONCURRENCY: the same server's bare request rate (the baseline);
 *  2. `POST /api/flash-sales/:id/reservations` at CONCURRENCY for SECONDS, closed loop, over
 *     SLOTS slots of large stock (so it measures the reservation path, not a sell-out), each
 *     request a new (customer, slot) pair: reservations/s, p50/p99, the ratio to /healthz;
 *  3. an overload run, open loop at 2x the measured reservations/s: goodput (201/s), the 429s'
 *     p99, 5xx and timeouts;
 *  4. the check: every 201 is a reservation row, per slot live + ordered == taken <= stock and
 *     the KV's remaining == stock - taken. "oversell" counts units answered beyond stock.
 *
 *   flock /tmp/bench.lock env DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
 *     REDIS_URL=redis://127.0.0.1:6379 npm run bench:flash-sale -- [seconds] [concurrency] [--json out.json]
 *   BENCH_TARGETS=embedded|postgres   one target only;  BENCH_WORKERS=2   `--workers 2` on PostgreSQL
 *   BENCH_CPU_PROF=<dir>   the server runs with --cpu-prof into <dir>
 *   CARNIVAL_FLASH_MAX_IN_FLIGHT=<n>   passed to the server (admission's per-process in-flight cap)
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, migrateToLatest, openDatabase } from '../src/platform/db';
import { deleteByPrefix, TEST_PREFIX_ROOT } from '../src/platform/kv/testing';
import { removeDir, tempDir } from '../test/faults/support';
import {
  createSlot,
  type FlashShop,
  getSlot,
  missingReservations,
  type SlotJson,
  seedFlashShop,
  slotLedger,
  waitForSlot,
} from '../test/support/flash-load';
import {
  type Answer,
  createClient,
  drive,
  driveOpenLoop,
  healthzBaseline,
  type LoadResult,
  type OpenLoopResult,
  type Request,
} from './lib/load';
import { report } from './lib/report';
import { benchServerEnv, type ServerProcess, startServerProcess } from './lib/server-process';

const positional = process.argv
  .slice(2)
  .filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--json');
const SECONDS = Number(positional[0] ?? 10);
const CONCURRENCY = Number(positional[1] ?? 32);
const HEALTHZ_SECONDS = Math.max(3, Math.round(SECONDS / 2));
const OVERLOAD_SECONDS = Math.max(4, Math.round(SECONDS / 2));
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 10_000);
const SLOTS = Number(process.env.BENCH_SLOTS ?? 12);
const SLOT_STOCK = 200_000;
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const TARGETS = (process.env.BENCH_TARGETS ?? 'embedded,postgres').split(',');
const adminUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
/** Server settings this bench passes through from its own environment (the in-flight cap). */
const passedThrough = { CARNIVAL_FLASH_MAX_IN_FLIGHT: process.env.CARNIVAL_FLASH_MAX_IN_FLIGHT };

interface Running {
  server: ServerProcess;
  /** The database the server writes, for the checks (embedded: reopened once the server stopped). */
  openCheckDb(): Promise<Pick<Database, 'db' | 'close'>>;
  cleanup(): Promise<void>;
}

const cpuProf = (label: string) =>
  process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${join(process.env.BENCH_CPU_PROF, label)}`]
    : [];

async function startEmbedded(): Promise<{ running: Running; fixture: FlashShop }> {
  const dataDir = tempDir('carnival-bench-flash-');
  const pgliteDir = join(dataDir, 'pglite');
  const seedDb = await openDatabase({ pgliteDir });
  await migrateToLatest(seedDb.db);
  const fixture = await seedFlashShop(seedDb, { customers: CUSTOMERS, skuStock: SLOT_STOCK * SLOTS });
  await seedDb.close();
  const server = await startServerProcess({
    env: benchServerEnv({ ...passedThrough, CARNIVAL_ADMIN_PASSWORD: 'bench-operator-pw-2026' }),
    nodeArgs: cpuProf('embedded'),
    args: ['--data-dir', dataDir, '--no-seed'],
  });
  return {
    fixture,
    running: {
      server,
      openCheckDb: async () => {
        await server.stop();
        return openDatabase({ pgliteDir });
      },
      cleanup: async () => removeDir(dataDir),
    },
  };
}

async function startPostgres(): Promise<{ running: Running; fixture: FlashShop }> {
  const name = `carnival_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl!);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  await migrateToLatest(database.db);
  const fixture = await seedFlashShop(database, { customers: CUSTOMERS, skuStock: SLOT_STOCK * SLOTS });
  // Under the test root so deleteByPrefix may clear it afterwards.
  const prefix = `${TEST_PREFIX_ROOT}bench-flash-${randomBytes(4).toString('hex')}:`;
  const server = await startServerProcess({
    env: benchServerEnv({
      ...passedThrough,
      DATABASE_URL: url.toString(),
      REDIS_URL: redisUrl,
      CARNIVAL_KV_PREFIX: prefix,
      CARNIVAL_ADMIN_PASSWORD: 'bench-operator-pw-2026',
    }),
    nodeArgs: cpuProf('postgres'),
    args: ['--no-seed', ...(WORKERS > 1 ? ['--workers', String(WORKERS)] : [])],
  });
  return {
    fixture,
    running: {
      server,
      // Closed by cleanup, with the database dropped.
      openCheckDb: async () => ({ db: database.db, close: async () => {} }),
      cleanup: async () => {
        await server.stop();
        await database.close();
        const a = new pg.Client({ connectionString: adminUrl });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
        await deleteByPrefix(redisUrl!, prefix);
      },
    },
  };
}

/** Every request a new (customer, slot) pair: slots interleaved, each customer once per slot. */
function reservationRequests(fixture: FlashShop, slots: SlotJson[]) {
  let i = 0;
  const total = fixture.customers.length * slots.length;
  return (): Request | null => {
    if (i >= total) return null;
    const n = i++;
    const slot = slots[n % slots.length]!;
    const customer = fixture.customers[Math.floor(n / slots.length)]!;
    return {
      method: 'POST',
      path: `/api/flash-sales/${slot.id}/reservations`,
      headers: { cookie: customer.cookie, 'idempotency-key': `bench-${n}` },
      body: '{}',
    };
  };
}

/** Each slot's remaining once three reads 200 ms apart agree (bounded at 30 s). */
async function settledRemaining(client: ReturnType<typeof createClient>, slots: SlotJson[]) {
  const read = async () => {
    const m = new Map<string, number>();
    for (const s of slots) m.set(s.id, (await getSlot(client, s.id)).remaining);
    return m;
  };
  let last = await read();
  let same = 0;
  const deadline = Date.now() + 30_000;
  while (same < 2 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    const now = await read();
    same = [...now].every(([id, n]) => last.get(id) === n) ? same + 1 : 0;
    last = now;
  }
  return last;
}

interface TargetFigures {
  healthz: LoadResult;
  reserve: LoadResult;
  overload: OpenLoopResult;
  reservedPerSec: number;
  ratio: number;
  oversell: number;
  lost201: number;
  kvMismatch: number;
}

async function measure(
  label: string,
  start: () => Promise<{ running: Running; fixture: FlashShop }>,
): Promise<TargetFigures> {
  const seedStarted = performance.now();
  const { running, fixture } = await start();
  console.log(
    `[${label}] seeded ${CUSTOMERS} customers and started in ${Math.round(performance.now() - seedStarted)} ms`,
  );
  const client = createClient(running.server.url, 2048);
  try {
    const slots: SlotJson[] = [];
    for (let s = 0; s < SLOTS; s++)
      slots.push(
        await createSlot(client, fixture.operator, {
          campaignId: fixture.shop.campaignId,
          skuId: fixture.skus[s % fixture.skus.length]!,
          stock: SLOT_STOCK,
          perCustomerLimit: 1,
          startsInMs: 1_500,
        }),
      );
    for (const s of slots) await waitForSlot(client, s.id, 'open', (x) => x.status === 'running');

    const healthz = await healthzBaseline(client, HEALTHZ_SECONDS, CONCURRENCY);
    const next = reservationRequests(fixture, slots);
    const reservedIds: string[] = [];
    const onAnswer = (a: Answer) => {
      if (a.status === 201)
        reservedIds.push((JSON.parse(a.body) as { reservation: { id: string } }).reservation.id);
    };
    await drive(client, { seconds: 2, concurrency: CONCURRENCY }, next, onAnswer); // warm-up
    const reserve = await drive(client, { seconds: SECONDS, concurrency: CONCURRENCY }, next, onAnswer);
    const reservedPerSec = (reserve.statuses[201] ?? 0) / reserve.seconds;
    const overload = await driveOpenLoop(
      client,
      { rate: Math.max(50, Math.round(2 * reservedPerSec)), seconds: OVERLOAD_SECONDS, timeoutMs: 2_000 },
      next,
      onAnswer,
    );

    // The KV's remaining once the server has finished what the overload left in flight (the
    // timed-out requests are still being served), before the embedded server stops for its
    // database to be read.
    const remaining = await settledRemaining(client, slots);
    const db = await running.openCheckDb();
    let oversell = 0;
    let kvMismatch = 0;
    let live = 0;
    for (const s of slots) {
      const l = await slotLedger(db.db, s.id);
      live += l.live + l.ordered;
      oversell += Math.max(0, l.live + l.ordered - l.stock) + Math.max(0, l.taken - l.stock);
      if (remaining.get(s.id) !== l.stock - l.taken) kvMismatch++;
    }
    const lost201 = (await missingReservations(db.db, reservedIds)).length;
    // Units answered 201 beyond what PostgreSQL holds are sold twice somewhere.
    oversell += Math.max(0, reservedIds.length - live);
    await db.close();
    return {
      healthz,
      reserve,
      overload,
      reservedPerSec,
      ratio: reservedPerSec / healthz.perSecond,
      oversell,
      lost201,
      kvMismatch,
    };
  } finally {
    client.close();
    await running.cleanup();
  }
}

const runs: Record<string, LoadResult> = {};
const figures: Record<string, number | string | boolean> = {};
for (const target of TARGETS) {
  if (target === 'postgres' && (!adminUrl || !redisUrl)) {
    console.error('postgres target skipped: set DATABASE_URL and REDIS_URL');
    continue;
  }
  const label = target === 'embedded' ? 'embedded' : WORKERS > 1 ? `pg+redis x${WORKERS}` : 'pg+redis';
  const f = await measure(label, target === 'embedded' ? startEmbedded : startPostgres);
  runs[`${label} healthz`] = f.healthz;
  runs[`${label} reserve`] = f.reserve;
  const o = f.overload;
  const busy = o.byStatus[429];
  const fiveXx = Object.entries(o.statuses)
    .filter(([s]) => Number(s) >= 500)
    .reduce((n, [, c]) => n + c, 0);
  Object.assign(figures, {
    [`${label} reserved/s`]: f.reservedPerSec,
    [`${label} ratio`]: f.ratio,
    [`${label} p99 ms`]: f.reserve.p99,
    [`${label} oversell`]: f.oversell,
    [`${label} lost 201s`]: f.lost201,
    [`${label} kv mismatches`]: f.kvMismatch,
    [`${label} overload rate`]: Math.round(o.sent / o.seconds),
    [`${label} goodput/s`]: (o.statuses[201] ?? 0) / o.seconds,
    [`${label} goodput held`]: (o.statuses[201] ?? 0) / o.seconds / f.reservedPerSec,
    [`${label} 201 p99 ms`]: o.byStatus[201]?.p99 ?? 0,
    [`${label} 429s`]: busy?.count ?? 0,
    [`${label} 429 p99 ms`]: busy?.p99 ?? 0,
    [`${label} 5xx`]: fiveXx,
    [`${label} timeouts`]: o.timeouts + o.errors,
    [`${label} statuses`]: JSON.stringify(o.statuses),
    [`${label} targets met`]:
      f.ratio >= 0.5 &&
      f.reserve.p99 < 50 &&
      f.oversell === 0 &&
      (busy?.p99 ?? 0) < 5 &&
      fiveXx === 0 &&
      o.timeouts === 0,
  });
}
report({
  bench: 'bench:flash-sale',
  setup: {
    seconds: SECONDS,
    concurrency: CONCURRENCY,
    customers: CUSTOMERS,
    slots: SLOTS,
    slotStock: SLOT_STOCK,
    workers: WORKERS,
  },
  runs,
  figures,
});
