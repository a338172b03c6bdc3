import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A fresh database on the PostgreSQL server of `adminUrl` for one bench run, dropped at the end
 * (WITH FORCE: the server process may still hold connections when a run fails).
 * `logStatements`: PostgreSQL logs every statement of this database with its duration.
 */
export async function createBenchDatabase(
  adminUrl: string,
  { logStatements = false }: { logStatements?: boolean } = {},
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `carnival_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  if (logStatements) await admin.query(`ALTER DATABASE ${name} SET log_min_duration_statement = 0`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
