/**
 * The hub at scale, on PostgreSQL: seeds N events (bilingual titles, summaries and bodies,
 * mixed kinds, audiences, statuses and ten years of dates; test/support/hub-seed.ts) straight
 * into a fresh database, starts `carnival serve --no-seed` on it in its own process and drives
 * it from this one: the list (the hub page's first pages), filtered lists (kind, audience,
 * status, a calendar month), searches in Chinese and in English (long and short terms, the
 * festival aliases) and event pages, each for a few seconds at a fixed concurrency, next to the
 * same server's `/healthz`. Default: 10,000 and then 100,000 events, and the growth of each
 * p50/p99 from one to the other.
 *
 *   DATABASE_URL=postgres://... npm run bench:hub [-- N ...] [--seconds 8] [--concurrency 8] [--json f]
 *
 * With BENCH_SERVER_ROOT (an older checkout) the database gets the schema before migration
 * 0014 and the search text the old code stored, so the old server can be measured on it.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import pg from 'pg';
import { migrations } from '../migrations';
import { openDatabase } from '../src/platform/db';
import type { DB } from '../src/schema';
import { seedHubEvents, vacuumAnalyzeCampaigns } from '../test/support/hub-seed';
import { createClient, drive, healthzBaseline, type LoadResult, type Request } from './lib/load';
import { type BenchReport, report } from './lib/report';
import { benchServerEnv, startServerProcess } from './lib/server-process';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seconds: { type: 'string', default: '8' },
    concurrency: { type: 'string', default: '8' },
    json: { type: 'string' },
    keep: { type: 'boolean', default: false },
    legacy: { type: 'boolean', default: Boolean(process.env.BENCH_SERVER_ROOT) },
  },
});
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error('bench:hub needs DATABASE_URL (a PostgreSQL server it may create databases on)');
  process.exit(2);
}
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);
const SIZES = positionals.length ? positionals.map(Number) : [10_000, 100_000];
const LEGACY = values.legacy ?? false;

/** The schema the old server expects: every migration before 0014. */
const LEGACY_LAST = '0013_audit_trail';

async function createDatabase(n: number): Promise<{ name: string; url: string }> {
  const name = `carnival_bench_hub_${n}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl!);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

async function dropDatabase(name: string) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema
async function migrate(db: Kysely<any>) {
  const chosen: Record<string, Migration> = {};
  for (const [name, m] of Object.entries(migrations)) if (!LEGACY || name <= LEGACY_LAST) chosen[name] = m;
  const migrator = new Migrator({ db, provider: { getMigrations: async () => chosen } });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}

async function seed(url: string, n: number) {
  const database = await openDatabase({
    databaseUrl: url,
    poolSize: 1, // one session: SET maintenance_work_mem applies to the index builds
    timeouts: { statementTimeoutMs: 600_000, connectTimeoutMs: 30_000 },
  });
  try {
    await migrate(database.db);
    const t0 = performance.now();
    // A bulk load: without the secondary indexes, which are built once afterwards (a GIN index
    // updated row by row is what makes a 100,000-row load slow). Unique ones stay: they check.
    const { rows: indexes } = await sql<{ name: string; def: string }>`
      select indexname as name, indexdef as def from pg_indexes
      where tablename = 'campaigns' and indexdef not like 'CREATE UNIQUE%'`.execute(database.db);
    for (const i of indexes) await sql`DROP INDEX ${sql.ref(i.name)}`.execute(database.db);
    const result = await seedHubEvents(database.db as Kysely<DB>, {
      count: n,
      now: new Date(),
      legacy: LEGACY,
      onProgress: (w) => {
        if (w % 20_000 === 0) process.stderr.write(`  seeded ${w}/${n}\n`);
      },
    });
    await sql`SET maintenance_work_mem = '256MB'`.execute(database.db);
    for (const i of indexes) await sql.raw(i.def).execute(database.db);
    await vacuumAnalyzeCampaigns(database.db as Kysely<DB>);
    return { ...result, seedSeconds: (performance.now() - t0) / 1000 };
  } finally {
    await database.close();
  }
}

const rotate = <T>(xs: readonly T[]) => {
  let i = 0;
  return () => xs[i++ % xs.length]!;
};
const q = (params: Record<string, string>) => `/api/campaigns?${new URLSearchParams(params)}`;

// What the hub page sends: its list asks for 100 events; the calendar for a month, 200 at most.
const LIST = [0, 0, 0, 100, 200].map((offset) => q({ limit: '100', offset: String(offset) }));
function filtered(): string[] {
  const d = new Date();
  const from = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)).toISOString().slice(0, 10);
  const to = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
  return [
    q({ kind: 'tech_summit', limit: '100' }),
    q({ kind: 'shopping_festival', audience: 'merchants', limit: '100' }),
    q({ audience: 'developers,institutions', limit: '100' }),
    q({ kind: 'public_welfare', status: 'ended', limit: '100' }),
    q({ status: 'live', limit: '100' }),
    q({ kind: 'merchant_growth', status: 'published', limit: '100' }),
    q({ from, to, limit: '200' }),
  ];
}
const SEARCH_ZH = [
  '双十一',
  '双11',
  '开发者大会',
  '乡村振兴',
  '公益',
  '云栖',
  '直播',
  '杭州 美妆',
  '跨境出海',
  '年货',
  '助农',
  '红包',
].map((s) => q({ q: s, limit: '100' }));
const SEARCH_EN = [
  'double 11',
  'developer',
  'singles day',
  'summit hangzhou',
  'charity',
  'livestream',
  'cloud native',
  'harvest',
  'open source',
  'ai',
  'red packet',
  'bootcamp',
].map((s) => q({ q: s, limit: '100' }));

async function measure(n: number) {
  const db = await createDatabase(n);
  process.stderr.write(`bench:hub: seeding ${n} events into ${db.name}${LEGACY ? ' (legacy schema)' : ''}\n`);
  const seeded = await seed(db.url, n);
  const server = await startServerProcess({
    env: benchServerEnv({ DATABASE_URL: db.url, CARNIVAL_DB_STATEMENT_TIMEOUT_MS: '120000' }),
    args: ['--no-seed'],
  });
  const client = createClient(server.url, CONCURRENCY * 2);
  const runs: Record<string, LoadResult> = {};
  try {
    let failures = 0;
    const check = (a: { status: number }) => {
      if (a.status !== 200) failures++;
    };
    const scenario = async (name: string, paths: () => string) => {
      const next = (): Request => ({ path: paths() });
      await drive(client, { seconds: 1, concurrency: CONCURRENCY }, next); // warm-up
      runs[name] = await drive(client, { seconds: SECONDS, concurrency: CONCURRENCY }, next, check);
    };
    runs.healthz = await healthzBaseline(client, Math.max(3, SECONDS / 2), CONCURRENCY);
    await scenario('list', rotate(LIST));
    await scenario('filtered list', rotate(filtered()));
    await scenario('search zh', rotate(SEARCH_ZH));
    await scenario('search en', rotate(SEARCH_EN));
    const slugs = seeded.publishedSlugs;
    await scenario(
      'event page',
      rotate(slugs.map((s, i) => `/api/campaigns/${i % 2 ? s : encodeURIComponent(s)}`)),
    );
    return { runs, failures, seedSeconds: seeded.seedSeconds, rssMB: server.rssBytes() / 2 ** 20 };
  } finally {
    client.close();
    await server.stop();
    if (values.keep) process.stderr.write(`  kept database ${db.name}\n`);
    else await dropDatabase(db.name);
  }
}

const results: Record<number, Awaited<ReturnType<typeof measure>>> = {};
for (const n of SIZES) results[n] = await measure(n);

const figures: BenchReport['figures'] = {};
const runs: BenchReport['runs'] = {};
for (const n of SIZES) {
  const r = results[n]!;
  for (const [name, run] of Object.entries(r.runs)) runs[`${name} @${n}`] = run;
  figures[`non-200 @${n}`] = r.failures;
  figures[`seed s @${n}`] = r.seedSeconds;
}
const small = SIZES.length > 1 ? Math.min(...SIZES) : undefined;
const large = Math.max(...SIZES);
const scenarios = ['list', 'filtered list', 'search zh', 'search en', 'event page'];
for (const s of scenarios) {
  const big = results[large]!.runs[s]!;
  figures[`${s} p99<50ms @${large}`] = big.p99 < 50;
  if (small !== undefined) {
    const lo = results[small]!.runs[s]!;
    figures[`${s} growth p50`] = big.p50 / lo.p50;
    figures[`${s} growth p99`] = big.p99 / lo.p99;
  }
}
report(
  {
    bench: 'hub',
    setup: {
      database: 'postgres',
      sizes: SIZES,
      concurrency: CONCURRENCY,
      seconds: SECONDS,
      server: process.env.BENCH_SERVER_ROOT ?? 'this checkout',
      legacySchema: LEGACY,
    },
    runs,
    figures,
  },
  values.json ? ['--json', values.json] : process.argv,
);
