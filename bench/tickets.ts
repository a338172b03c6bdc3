import { credit, customerWallet, debit, externalFunding } from '../src/modules/ledger';
import { openDatabase } from '../src/platform/db';
import { createBenchDatabase } from './lib/database';
import { createClient, healthzBaseline, type LoadResult, percentile } from './lib/load';
import { reportChecked, runBench } from './lib/report';
import { withSeedContext } from './lib/seed-context';
import { benchServerEnv, startServerProcess } from './lib/server-process';
import { signInCustomers } from './lib/sign-in';

const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error('bench:tickets needs DATABASE_URL (a PostgreSQL server it may create a database on)');
  process.exit(2);
}
const positional = process.argv
  .slice(2)
  .filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--json');
const CONCURRENCY = Number(positional[0] ?? 64);
const BUYERS = Number(process.env.BENCH_BUYERS ?? 3_000);
const EARLY = Number(process.env.BENCH_EARLY ?? 2_000);

async function seed(url: string) {
  return withSeedContext(url, async ({ ctx, services, user }) => {
    const now = new Date();
    const organizer = await user('organizer');
    const operator = await user('operator');
    const day = 86_400_000;
    const at = (d: number) => new Date(now.getTime() + d * day).toISOString();
    const c = await services.campaigns.create(organizer, {
      slug: 'bench-summit',
      kind: 'tech_summit',
      audiences: ['developers'],
      title: { 'zh-CN': '压测峰会', 'en-US': 'Bench summit' },
      summary: { 'zh-CN': '', 'en-US': '' },
      body: { 'zh-CN': '', 'en-US': '' },
      theme: { primaryColor: '#13c2c2', bannerUrl: null },
      organizer: { name: 'Bench' },
      timezone: 'Asia/Shanghai',
      startsAt: at(7),
      endsAt: at(9),
      phases: [],
    } as never);
    await services.campaigns.transition(organizer, c.id, 'in_review');
    await services.campaigns.transition(operator, c.id, 'published');
    const t = services.tickets;
    const draft = (zh: string, en: string, price: number) =>
      ({
        name: { 'zh-CN': zh, 'en-US': en },
        price,
        maxPerOrder: 2,
        visibility: 'public',
        audience: 'anyone',
        audienceRoles: [],
        addonOf: [],
        position: 0,
      }) as never;
    const early = (await t.createType(organizer, c.id, draft('早鸟票', 'Early bird', 9_900))).id;
    const standard = (await t.createType(organizer, c.id, draft('标准票', 'Standard', 19_900))).id;
    await t.createQuota(organizer, c.id, { name: '场馆', size: 5_000, typeIds: [early, standard] });
    await t.createQuota(organizer, c.id, { name: '早鸟', size: EARLY, typeIds: [early] });
    await t.createQuestion(organizer, c.id, {
      kind: 'invoice_title',
      label: { 'zh-CN': '发票抬头', 'en-US': 'Invoice title' },
      options: [],
      typeIds: [],
      required: false,
      position: 0,
    });
    // Each buyer has a session and ¥500 in the wallet.
    const buyers = await signInCustomers(ctx.db, BUYERS, {
      batchSize: 500,
      each: async (batch) => {
        for (const b of batch)
          await ctx.db.transaction().execute((trx) =>
            services.ledger.post(trx, {
              kind: 'bench.funding',
              reference: b.id,
              idempotencyKey: `bench.funding:${b.id}`,
              entries: [debit(externalFunding(), 50_000), credit(customerWallet(b.id), 50_000)],
            }),
          );
      },
    });
    const tokens = buyers.map((b) => b.token);
    return { eventId: c.id, early, tokens };
  });
}

/** Every buyer at once: hold one early bird, then check out. Latency is the whole purchase. */
async function rush(
  client: ReturnType<typeof createClient>,
  eventId: string,
  typeId: string,
  tokens: string[],
) {
  let next = 0;
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const codes: Record<string, number> = {};
  let sold = 0;
  const started = performance.now();
  let lastSale = started;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < tokens.length; i = next++) {
        const cookie = `carnival_session=${tokens[i]}`;
        const t0 = performance.now();
        const hold = await client.send({
          method: 'POST',
          path: `/api/events/${eventId}/ticket-holds`,
          headers: { cookie, 'idempotency-key': `hold-${i}`, 'content-type': 'application/json' },
          body: JSON.stringify({ items: [{ typeId, quantity: 1 }] }),
        });
        statuses[hold.status] = (statuses[hold.status] ?? 0) + 1;
        if (hold.status !== 201) {
          const code =
            (JSON.parse(hold.body) as { error?: { code?: string } }).error?.code ?? String(hold.status);
          codes[code] = (codes[code] ?? 0) + 1;
          latencies.push(performance.now() - t0);
          continue;
        }
        const holdId = (JSON.parse(hold.body) as { hold: { id: string } }).hold.id;
        const out = await client.send({
          method: 'POST',
          path: `/api/ticket-holds/${holdId}/checkout`,
          headers: { cookie, 'idempotency-key': `checkout-${i}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            attendees: [{ name: `参会人 ${i}`, email: `a${i}@bench.test`, answers: {} }],
          }),
        });
        statuses[out.status] = (statuses[out.status] ?? 0) + 1;
        latencies.push(performance.now() - t0);
        if (out.status === 201) {
          sold++;
          lastSale = performance.now();
        } else {
          const code =
            (JSON.parse(out.body) as { error?: { code?: string } }).error?.code ?? String(out.status);
          codes[code] = (codes[code] ?? 0) + 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const sellingSeconds = (lastSale - started) / 1000;
  latencies.sort((a, b) => a - b);
  const result: LoadResult = {
    count: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? 0,
    statuses,
  };
  return { result, sold, sellingSeconds, codes };
}

async function check(url: string, eventId: string, expected: number) {
  const database = await openDatabase({ databaseUrl: url, poolSize: 2 });
  try {
    const db = database.db;
    const tickets = await db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('event_id', '=', eventId)
      .where('status', '=', 'valid')
      .executeTakeFirstOrThrow();
    const quotas = await db
      .selectFrom('ticket_quotas')
      .select(['name', 'size', 'held', 'sold'])
      .where('event_id', '=', eventId)
      .execute();
    const holds = await db
      .selectFrom('ticket_holds')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('event_id', '=', eventId)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    const n = Number(tickets.n);
    const active = Number(holds.n);
    // A checkout refused (a 503 under load) leaves its hold to expire: its seat is held, not sold.
    const ok =
      n + active === expected &&
      quotas.every((q) => q.held === active && q.sold === n && q.sold + q.held <= q.size);
    return {
      ok,
      text: `${n} tickets + ${active} holds left to expire = ${expected} seats; quotas ${JSON.stringify(quotas)}`,
    };
  } finally {
    await database.close();
  }
}

async function main() {
  const database = await createBenchDatabase(adminUrl!);
  try {
    process.stdout.write(`seeding ${BUYERS} buyers for ${EARLY} early-bird seats... `);
    const { eventId, early, tokens } = await seed(database.url);
    console.log('done');
    const server = await startServerProcess({
      env: benchServerEnv({ DATABASE_URL: database.url }),
      args: ['--no-seed'],
    });
    const client = createClient(server.url, CONCURRENCY * 2);
    let run: Awaited<ReturnType<typeof rush>>;
    let healthz: LoadResult;
    try {
      healthz = await healthzBaseline(client, 5, CONCURRENCY);
      run = await rush(client, eventId, early, tokens);
    } finally {
      client.close();
      await server.stop();
    }
    const expected = Math.min(EARLY, BUYERS);
    const verdict = await check(database.url, eventId, expected);
    reportChecked(
      {
        bench: 'bench:tickets',
        setup: { database: 'postgres', concurrency: CONCURRENCY, buyers: BUYERS, earlyBirdSeats: EARLY },
        runs: { purchase: run.result, healthz },
        figures: {
          'tickets sold': run.sold,
          'sold/s (while selling)': Number((run.sold / Math.max(0.001, run.sellingSeconds)).toFixed(1)),
          'purchase p50 ms': Number(run.result.p50.toFixed(1)),
          'purchase p99 ms': Number(run.result.p99.toFixed(1)),
          'healthz/s': Number(healthz.perSecond.toFixed(0)),
          refusals: JSON.stringify(run.codes),
          check: verdict.text,
          'check ok': verdict.ok,
        },
      },
      verdict,
    );
  } finally {
    await database.drop();
  }
}

runBench(main);
