import { readFileSync } from 'node:fs';
import pg from 'pg';
import { createServices } from '../src/app';
import { loadConfig } from '../src/config';
import { createContextOn } from '../src/context';
import { createMemoryBus } from '../src/platform/bus';
import type { Clock } from '../src/platform/clock';
import { migrateToLatest, openDatabase } from '../src/platform/db';
import { createMemoryKv } from '../src/platform/kv';
import { silentLogger } from '../src/platform/logger';
import { createShop, type Shop } from '../test/support/checkout-fixtures';
import { relaxedLimits } from '../test/support/limits';
import { createBenchDatabase } from './lib/database';
import { createClient, drive, healthzBaseline, type LoadResult } from './lib/load';
import { hideNewerMigrations } from './lib/older-schema';
import { reportChecked, runBench } from './lib/report';
import { benchServerEnv, repoRoot, startServerProcess } from './lib/server-process';
import { signInCustomers } from './lib/sign-in';

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error('bench:checkout needs DATABASE_URL (a PostgreSQL server it may create a database on)');
  process.exit(2);
}
const positional = process.argv
  .slice(2)
  .filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--json');
const SECONDS = Number(positional[0] ?? 10);
const CONCURRENCY = Number(positional[1] ?? 32);
const HEALTHZ_SECONDS = Math.max(3, Math.round(SECONDS / 2));
const WARMUP_CHECKOUTS = 300;
/** Customers seeded per server run; each checks out once (a cart is taken by its checkout). */
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 20_000);
const OLD_ROOT = process.env.BENCH_SERVER_ROOT;

const H = 3600_000;
/** The seed's clock: 27 h ago, so that createShop's main phase (setup + 26 h ... + 50 h) is now. */
class PastClock implements Clock {
  now() {
    return new Date(Date.now() - 27 * H - 60_000);
  }
}

interface Cohort {
  label: string;
  root: string;
  tokens: string[];
  userIds: string[];
}

/** Migrates and seeds the shop and one cohort of customers (session + cart) per server run. */
async function seed(
  url: string,
  cohorts: { label: string; root: string }[],
): Promise<{ shop: Shop; cohorts: Cohort[] }> {
  const database = await openDatabase({ databaseUrl: url, poolSize: 4 });
  await migrateToLatest(database.db);
  const clock = new PastClock();
  const config = loadConfig(
    { dataDir: 'memory://', logLevel: 'silent', seedDemo: false, limits: relaxedLimits() },
    {},
  );
  const ctx = await createContextOn(config, database, {
    clock,
    logger: silentLogger,
    kv: createMemoryKv({ prefix: 'bench:', clock }),
    bus: createMemoryBus({ logger: silentLogger }),
  });
  try {
    const services = createServices(ctx);
    const shop = await createShop(services, ctx.db, {
      now: clock.now(),
      a1Stock: 5_000_000,
      a1OnHand: 5_000_000,
      slug: 'bench-festival',
    });
    // Enough B1 for every cart as well.
    await ctx.db.updateTable('skus').set({ stock: 5_000_000 }).where('id', '=', shop.sku.b1).execute();
    await ctx.db
      .updateTable('nominations')
      .set({ campaign_stock: 5_000_000 })
      .where('campaign_id', '=', shop.campaignId)
      .where('sku_id', '=', shop.sku.b1)
      .execute();

    const now = new Date();
    const out: Cohort[] = [];
    for (const c of cohorts) {
      // Each customer has a session and a cart of 2 × A1 and 1 × B1.
      const customers = await signInCustomers(ctx.db, CUSTOMERS, {
        each: async (batch) => {
          await ctx.db
            .insertInto('cart_items')
            .values(
              batch.flatMap((b) => [
                {
                  customer_id: b.id,
                  campaign_id: shop.campaignId,
                  sku_id: shop.sku.a1,
                  quantity: 2,
                  added_at: now,
                },
                {
                  customer_id: b.id,
                  campaign_id: shop.campaignId,
                  sku_id: shop.sku.b1,
                  quantity: 1,
                  added_at: now,
                },
              ]),
            )
            .execute();
        },
      });
      const cohort: Cohort = {
        ...c,
        tokens: customers.map((x) => x.token),
        userIds: customers.map((x) => x.id),
      };
      out.push(cohort);
    }
    return { shop, cohorts: out };
  } finally {
    await ctx.close();
  }
}

/** CPU time (user + system) a process has used, in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU of the PostgreSQL backends serving database `name` (same machine), ms, by pid. */
async function backendCpu(name: string): Promise<Map<number, number>> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1',
      [name],
    );
    const out = new Map<number, number>();
    for (const r of rows) {
      try {
        out.set(r.pid, cpuMs(r.pid));
      } catch {
        // Not readable (another machine, or gone): left out.
      }
    }
    return out;
  } finally {
    await admin.end();
  }
}

const cpuDelta = (before: Map<number, number>, after: Map<number, number>) =>
  [...after].reduce((s, [pid, ms]) => s + ms - (before.get(pid) ?? 0), 0);

interface ServerRun {
  label: string;
  healthz: LoadResult;
  checkout: LoadResult;
  created: string[];
  startMs: number;
  rssMiB: number;
  /** Server CPU per checkout during the measured run, ms. */
  cpuPerCheckoutMs: number;
  /** CPU of the database's backends per checkout during the measured run, ms. */
  dbCpuPerCheckoutMs: number;
}

async function runServer(url: string, shop: Shop, cohort: Cohort): Promise<ServerRun> {
  const server = await startServerProcess({
    root: cohort.root,
    // BENCH_SERVER_NODE_OPTIONS (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof) reaches the server.
    // BENCH_HOT_PATH_CONCURRENCY sets the gate of the server(s) (CARNIVAL_HOT_PATH_CONCURRENCY).
    env: benchServerEnv({
      DATABASE_URL: url,
      NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS,
      CARNIVAL_HOT_PATH_CONCURRENCY: process.env.BENCH_HOT_PATH_CONCURRENCY,
    }),
    args: ['--no-seed'],
  });
  const client = createClient(server.url, CONCURRENCY * 2);
  try {
    const body = JSON.stringify({ campaignId: shop.campaignId });
    let next = 0;
    const created: string[] = [];
    const checkoutOf = () => {
      const i = next++;
      const token = cohort.tokens[i];
      if (!token) return null;
      return {
        method: 'POST',
        path: '/api/checkout',
        headers: { cookie: `carnival_session=${token}`, 'idempotency-key': `bench-${cohort.label}-${i}` },
        body,
      };
    };
    const onAnswer = (a: { status: number; body: string }) => {
      if (a.status === 201) created.push((JSON.parse(a.body) as { order: { id: string } }).order.id);
    };
    // Warm-up (JIT, pool, caches): a few hundred checkouts, counted in the check, not the figure.
    await drive(
      client,
      { seconds: 30, concurrency: CONCURRENCY },
      () => (next < WARMUP_CHECKOUTS ? checkoutOf() : null),
      onAnswer,
    );
    const healthz = await healthzBaseline(client, HEALTHZ_SECONDS, CONCURRENCY);
    const cpuBefore = cpuMs(server.pid);
    const dbBefore = await backendCpu(new URL(url).pathname.slice(1));
    const checkout = await drive(
      client,
      { seconds: SECONDS, concurrency: CONCURRENCY },
      checkoutOf,
      onAnswer,
    );
    const cpuPerCheckoutMs = (cpuMs(server.pid) - cpuBefore) / Math.max(1, checkout.count);
    const dbAfter = await backendCpu(new URL(url).pathname.slice(1));
    const dbCpuPerCheckoutMs = cpuDelta(dbBefore, dbAfter) / Math.max(1, checkout.count);
    return {
      label: cohort.label,
      healthz,
      checkout,
      created,
      startMs: server.startMs,
      rssMiB: server.rssBytes() / 2 ** 20,
      cpuPerCheckoutMs,
      dbCpuPerCheckoutMs,
    };
  } finally {
    client.close();
    await server.stop();
  }
}

async function check(url: string, shop: Shop, runs: ServerRun[]) {
  const database = await openDatabase({ databaseUrl: url, poolSize: 2 });
  try {
    const db = database.db;
    const ids = runs.flatMap((r) => r.created);
    let found = 0;
    for (let i = 0; i < ids.length; i += 5000) {
      const rows = await db
        .selectFrom('orders')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('id', 'in', ids.slice(i, i + 5000))
        .executeTakeFirstOrThrow();
      found += Number(rows.n);
    }
    const orders = await db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const held = await db
      .selectFrom('order_lines')
      .select(['sku_id', (eb) => eb.fn.sum<number>('quantity').as('units')])
      .groupBy('sku_id')
      .execute();
    const sold = await db
      .selectFrom('nominations')
      .select(['sku_id', 'campaign_sold'])
      .where('campaign_id', '=', shop.campaignId)
      .execute();
    const units = new Map(held.map((h) => [h.sku_id, Number(h.units)]));
    const soldMatches = sold.every((s) => s.campaign_sold === (units.get(s.sku_id) ?? 0));
    const name = (sku: string) => (sku === shop.sku.a1 ? 'a1' : sku === shop.sku.b1 ? 'b1' : sku);
    return {
      ok: found === ids.length && Number(orders.n) === ids.length && soldMatches,
      text: `${ids.length} answers 201, ${found} of them orders, ${Number(orders.n)} orders in all; campaign_sold ${JSON.stringify(
        Object.fromEntries(
          sold.filter((s) => s.campaign_sold > 0).map((s) => [name(s.sku_id), s.campaign_sold]),
        ),
      )} ${soldMatches ? '=' : '≠'} units in order lines`,
    };
  } finally {
    await database.close();
  }
}

async function main() {
  const database = await createBenchDatabase(adminUrl!, {
    logStatements: process.env.BENCH_LOG_STATEMENTS === '1',
  });
  try {
    const plan = [...(OLD_ROOT ? [{ label: 'old', root: OLD_ROOT }] : []), { label: 'new', root: repoRoot }];
    process.stdout.write(
      `seeding ${CUSTOMERS} customers per run (${plan.map((p) => p.label).join(', ')})... `,
    );
    const { shop, cohorts } = await seed(database.url, plan);
    console.log('done');
    const runs: ServerRun[] = [];
    for (const cohort of cohorts) {
      process.stdout.write(`${cohort.label} server (${cohort.root})... `);
      const restore = cohort.root === repoRoot ? null : await hideNewerMigrations(database.url, cohort.root);
      try {
        runs.push(await runServer(database.url, shop, cohort));
      } finally {
        await restore?.();
      }
      console.log('done');
    }
    const verdict = await check(database.url, shop, runs);
    const figures: Record<string, number | string | boolean> = {};
    const reportRuns: Record<string, LoadResult> = {};
    for (const r of runs) {
      reportRuns[`${r.label} checkout`] = r.checkout;
      reportRuns[`${r.label} healthz`] = r.healthz;
      figures[`${r.label} ratio`] = Number((r.checkout.perSecond / r.healthz.perSecond).toFixed(4));
      figures[`${r.label} rss MiB`] = Math.round(r.rssMiB);
      figures[`${r.label} server CPU ms/checkout`] = Number(r.cpuPerCheckoutMs.toFixed(2));
      figures[`${r.label} db CPU ms/checkout`] = Number(r.dbCpuPerCheckoutMs.toFixed(2));
    }
    const oldRun = runs.find((r) => r.label === 'old');
    const newRun = runs.find((r) => r.label === 'new')!;
    if (oldRun)
      figures['new ÷ old checkouts/s'] = Number(
        (newRun.checkout.perSecond / oldRun.checkout.perSecond).toFixed(2),
      );
    figures['target ratio ≥ 0.05'] = newRun.checkout.perSecond / newRun.healthz.perSecond >= 0.05;
    figures['target p99 < 150 ms'] = newRun.checkout.p99 < 150;
    if (oldRun) figures['target ≥ 3× old'] = newRun.checkout.perSecond >= 3 * oldRun.checkout.perSecond;
    figures.check = verdict.text;
    figures['check ok'] = verdict.ok;
    reportChecked(
      {
        bench: 'bench:checkout',
        setup: {
          gate: process.env.BENCH_HOT_PATH_CONCURRENCY ?? 'default',
          database: 'postgres',
          concurrency: CONCURRENCY,
          seconds: SECONDS,
          customersPerRun: CUSTOMERS,
          old: OLD_ROOT ?? null,
        },
        runs: reportRuns,
        figures,
      },
      verdict,
    );
  } finally {
    await database.drop();
  }
}

runBench(main);
