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

export function testDatabaseTargets(): TestDatabaseTarget[] {
  const targets: TestDatabaseTarget[] = [{ kind: 'pglite', open: () => openMigrated({}) }];
  const url = process.env.DATABASE_URL;
  if (url) targets.push({ kind: 'postgres', open: () => openFreshPostgres(url) });
  return targets;
}

async function openMigrated(options: Parameters<typeof openDatabase>[0]): Promise<Database> {
  const database = await openDatabase(options);
  await migrateToLatest(database.db);
  return database;
}

/** Creates `carnival_t_<random>` on the server of `adminUrl`, migrates it, drops it on close. */
export async function openFreshPostgres(adminUrl: string, poolSize?: number): Promise<Database> {
  const name = `carnival_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openMigrated({ databaseUrl: url.toString(), poolSize });
  return {
    ...database,
    async close() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
