import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, type DatabaseKind, openDatabase } from './connect';
import { migrateToLatest } from './migrate';

/**
 * The database implementations a test suite runs against: PGlite always, PostgreSQL when
 * DATABASE_URL is set. Each PostgreSQL test database is created fresh and dropped after.
 */
export interface TestDatabaseTarget {
  kind: DatabaseKind;
  open(): Promise<Database>;
}

export function testDatabaseTargets(
  options: Pick<Parameters<typeof openDatabase>[0], 'log'> = {},
): TestDatabaseTarget[] {
  const targets: TestDatabaseTarget[] = [{ kind: 'pglite', open: () => openMigrated(options) }];
  const url = process.env.DATABASE_URL;
  if (url) targets.push({ kind: 'postgres', open: () => openFreshPostgres(url, undefined, options) });
  return targets;
}

async function openMigrated(options: Parameters<typeof openDatabase>[0]): Promise<Database> {
  const database = await openDatabase(options);
  await migrateToLatest(database.db);
  return database;
}

/** Creates `carnival_t_<random>` on the server of `adminUrl`, migrates it, drops it on close. */
export async function openFreshPostgres(
  adminUrl: string,
  poolSize?: number,
  options: Pick<Parameters<typeof openDatabase>[0], 'log'> = {},
): Promise<Database> {
  const name = `carnival_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // Contention suites queue hundreds of callers on one pool on a small CI machine; they test
  // correctness under load, not latency, so a pool wait must not turn into a 503 there. The
  // fault suites (test/faults) run `carnival serve` with the production defaults.
  const database = await openMigrated({
    ...options,
    databaseUrl: url.toString(),
    poolSize,
    timeouts: { connectTimeoutMs: 60_000, statementTimeoutMs: 60_000 },
  });
  return {
    ...database,
    async close() {
      await database.close();
      await dropWhenIdle(adminUrl, name);
    },
  };
}

/**
 * The pool reports closed a moment before its backends are gone; dropping WITH (FORCE) then
 * kills them and pg surfaces each as an unhandled error. So retry a plain DROP until the last
 * connection has left, and force only as a last resort.
 */
async function dropWhenIdle(adminUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name}`);
        return;
      } catch (e) {
        if (!/being accessed by other users/.test(String((e as Error).message))) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
