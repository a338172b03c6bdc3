/**
 * Checkout throughput over HTTP on PostgreSQL: the real app (buildApp) listening on
 * 127.0.0.1:0, a fresh database seeded with a live campaign (two stores, 跨店每满300减50 and a
 * platform 满200减10 in force) and N customers each holding a cart of 2 × A1 (store A) and
 * 1 × B1 (store B): every checkout prices the cart, redeems nothing, splits into two
 * sub-orders and reserves four hot stock rows. Workers at concurrency 32 (keep-alive) post
 * `POST /api/checkout` for ~10 s; the same run measures `GET /healthz` at concurrency 32 as the
 * baseline. Prints checkouts/s, p50/p99 latency, healthz req/s and the ratio.
 *
 *   DATABASE_URL=postgres://... npm run bench:checkout    (tsx bench/checkout.ts [seconds] [concurrency])
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createContextOn } from '../src/context';
import { createMemoryBus } from '../src/platform/bus';
import type { Clock } from '../src/platform/clock';
import { openFreshPostgres } from '../src/platform/db/testing';
import { newId } from '../src/platform/ids';
import { createMemoryKv } from '../src/platform/kv';
import { silentLogger } from '../src/platform/logger';
import { createShop } from '../test/support/checkout-fixtures';
import { relaxedLimits } from '../test/support/limits';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('bench:checkout needs DATABASE_URL (a PostgreSQL server it may create a database on)');
  process.exit(2);
}
const SECONDS = Number(process.argv[2] ?? 10);
const CONCURRENCY = Number(process.argv[3] ?? 32);
const HEALTHZ_SECONDS = Math.max(3, Math.round(SECONDS / 2));
/** Customers seeded; each checks out once (a cart is taken by its checkout). */
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 30_000);

/** Real time, shifted so that the seeded campaign is live while the bench runs. */
class ShiftedClock implements Clock {
  offset = 0;
  now() {
    return new Date(Date.now() + this.offset);
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY * 2 });

function request(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: body
          ? { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
          : headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

interface Run {
  count: number;
  seconds: number;
  latencies: number[];
  statuses: Record<number, number>;
}

/** `workers` loops, each issuing `next()` requests back to back until the time is up. */
async function drive(
  seconds: number,
  workers: number,
  next: () => Promise<{ status: number }> | null,
): Promise<Run> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const p = next();
        if (!p) return;
        const res = await p;
        latencies.push(performance.now() - t0);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      }
    }),
  );
  return { count: latencies.length, seconds: (performance.now() - started) / 1000, latencies, statuses };
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function main() {
  const database = await openFreshPostgres(url!, 40);
  const clock = new ShiftedClock();
  // The limits still count every request (their cost is part of the figure) but never refuse.
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
    const { app, services } = await buildApp(ctx, { serveWeb: false });
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
    clock.offset = shop.liveAt.getTime() - Date.now();

    process.stdout.write(`seeding ${CUSTOMERS} customers with sessions and carts... `);
    const now = clock.now();
    const tokens: string[] = [];
    for (let i = 0; i < CUSTOMERS; i += 1000) {
      const batch = Array.from({ length: Math.min(1000, CUSTOMERS - i) }, () => ({
        id: newId('usr'),
        token: randomBytes(24).toString('base64url'),
      }));
      await ctx.db
        .insertInto('users')
        .values(
          batch.map((c) => ({
            id: c.id,
            email: `${c.id}@bench.test`,
            display_name: c.id,
            role: 'consumer' as const,
            password_hash: 'x',
            created_at: now,
          })),
        )
        .execute();
      await ctx.db
        .insertInto('sessions')
        .values(
          batch.map((c) => ({
            id: newId('ses'),
            token_hash: createHash('sha256').update(c.token).digest('hex'),
            user_id: c.id,
            created_at: now,
            expires_at: new Date(now.getTime() + 86_400_000),
          })),
        )
        .execute();
      await ctx.db
        .insertInto('cart_items')
        .values(
          batch.flatMap((c) => [
            {
              customer_id: c.id,
              campaign_id: shop.campaignId,
              sku_id: shop.sku.a1,
              quantity: 2,
              added_at: now,
            },
            {
              customer_id: c.id,
              campaign_id: shop.campaignId,
              sku_id: shop.sku.b1,
              quantity: 1,
              added_at: now,
            },
          ]),
        )
        .execute();
      tokens.push(...batch.map((c) => c.token));
    }
    console.log('done');

    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as AddressInfo).port;
    const cookie = (t: string) => ({ cookie: `carnival_session=${t}` });

    // Warm-up: JIT, connection pool, prepared paths.
    await drive(1, CONCURRENCY, () => request(port, 'GET', '/healthz', {}));
    const healthz = await drive(HEALTHZ_SECONDS, CONCURRENCY, () => request(port, 'GET', '/healthz', {}));

    let nextCustomer = 0;
    const body = JSON.stringify({ campaignId: shop.campaignId });
    const checkouts = await drive(SECONDS, CONCURRENCY, () => {
      const token = tokens[nextCustomer++];
      if (!token) return null;
      return request(
        port,
        'POST',
        '/api/checkout',
        { ...cookie(token), 'idempotency-key': `bench-${nextCustomer}` },
        body,
      );
    });

    const orders = await ctx.db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const sold = await ctx.db
      .selectFrom('nominations')
      .select(['sku_id', 'campaign_sold'])
      .where('campaign_id', '=', shop.campaignId)
      .execute();
    await app.close();

    const lat = [...checkouts.latencies].sort((a, b) => a - b);
    const hz = [...healthz.latencies].sort((a, b) => a - b);
    const cps = checkouts.count / checkouts.seconds;
    const hps = healthz.count / healthz.seconds;
    const created = checkouts.statuses[201] ?? 0;
    console.log(`\ncheckout bench on PostgreSQL, concurrency ${CONCURRENCY}, keep-alive`);
    console.log(
      `  checkouts:  ${checkouts.count} in ${checkouts.seconds.toFixed(1)} s = ${cps.toFixed(0)}/s`,
    );
    console.log(`              statuses ${JSON.stringify(checkouts.statuses)}`);
    console.log(`              latency p50 ${pct(lat, 50).toFixed(1)} ms, p99 ${pct(lat, 99).toFixed(1)} ms`);
    console.log(`  healthz:    ${healthz.count} in ${healthz.seconds.toFixed(1)} s = ${hps.toFixed(0)}/s`);
    console.log(`              latency p50 ${pct(hz, 50).toFixed(1)} ms, p99 ${pct(hz, 99).toFixed(1)} ms`);
    console.log(`  ratio:      checkouts/s ÷ healthz/s = ${(cps / hps).toFixed(3)}`);
    console.log(
      `  check:      ${Number(orders.n)} orders for ${created} answers 201; campaign_sold ${JSON.stringify(
        Object.fromEntries(
          sold.map((s) => [
            s.sku_id === shop.sku.a1 ? 'a1' : s.sku_id === shop.sku.b1 ? 'b1' : s.sku_id,
            s.campaign_sold,
          ]),
        ),
      )}`,
    );
    if (Number(orders.n) !== created) {
      console.error('orders and 201 answers differ');
      process.exitCode = 1;
    }
  } finally {
    agent.destroy();
    await ctx.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
