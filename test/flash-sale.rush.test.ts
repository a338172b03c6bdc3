import { afterAll, beforeAll, describe, it } from 'vitest';
import { type Client, createClient } from '../bench/lib/load';
import { type Database, migrateToLatest, openDatabase } from '../src/platform/db';
import { deleteByPrefix, TEST_RUN_PREFIX } from '../src/platform/kv/testing';
import { type ServeProcess, scratchDatabase, startServe } from './faults/support';
import { type FlashShop, seedFlashShop } from './support/flash-load';
import { RUSH_CUSTOMERS, runRushScenario } from './support/flash-rush-scenario';
import { relaxedLimits } from './support/limits';

/**
 * Issue 15's acceptance on the real servers: three separate `carnival serve` processes share a
 * fresh PostgreSQL database and one Redis key prefix; 5,000 customers rush 100 units, spread
 * over the three, with same-key pairs sent to two different processes at once. (The fault suite,
 * test/faults/flash-sale.test.ts, runs `--workers 3` on one port instead.)
 */
const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;

describe.skipIf(!databaseUrl || !redisUrl)('flash-sale rush: 3 processes on PostgreSQL + Redis', () => {
  const prefix = `${TEST_RUN_PREFIX}flash-rush:`;
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let database: Database;
  let fixture: FlashShop;
  const servers: ServeProcess[] = [];
  const clients: Client[] = [];

  beforeAll(async () => {
    scratch = await scratchDatabase();
    database = await openDatabase({ databaseUrl: scratch.env.DATABASE_URL, poolSize: 4 });
    await migrateToLatest(database.db);
    fixture = await seedFlashShop(database, { customers: RUSH_CUSTOMERS });
    const env = {
      ...scratch.env,
      REDIS_URL: redisUrl!,
      CARNIVAL_KV_PREFIX: prefix,
      CARNIVAL_SEED_DEMO: 'false',
      CARNIVAL_LIMITS: JSON.stringify(relaxedLimits()),
    };
    servers.push(...(await Promise.all([startServe(env), startServe(env), startServe(env)])));
    clients.push(...servers.map((s) => createClient(s.url, 128)));
  }, 120_000);

  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all(servers.map((s) => s.stop()));
    await database?.close();
    await scratch?.drop();
    if (redisUrl) await deleteByPrefix(redisUrl, prefix);
  }, 60_000);

  it('gives exactly 100 live reservations, nobody over the limit, same-key answers equal; expired units sell again once', async () => {
    await runRushScenario({
      clients,
      db: database.db,
      fixture,
      log: (l) => console.log(`[3 processes] ${l}`),
    });
  }, 120_000);
});
