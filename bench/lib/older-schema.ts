/**
 * Lets an older commit's server start on a database this checkout migrated: the migrations the
 * older checkout does not have are taken out of Kysely's bookkeeping while it runs (its
 * migrator refuses a database with "previously executed" migrations it does not know) and put
 * back afterwards. Their tables and indexes stay; an older server ignores what it does not use.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

export async function hideNewerMigrations(
  databaseUrl: string,
  olderRoot: string,
): Promise<() => Promise<void>> {
  const known = readdirSync(join(olderRoot, 'migrations'))
    .filter((f) => /^\d{4}_.*\.ts$/.test(f) && !f.endsWith('.test.ts'))
    .map((f) => f.replace(/\.ts$/, ''));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const hidden = await client.query<{ name: string; timestamp: string }>(
      'DELETE FROM kysely_migration WHERE NOT (name = ANY($1)) RETURNING name, timestamp',
      [known],
    );
    return async () => {
      const back = new pg.Client({ connectionString: databaseUrl });
      await back.connect();
      try {
        for (const row of hidden.rows)
          await back.query('INSERT INTO kysely_migration (name, timestamp) VALUES ($1, $2)', [
            row.name,
            row.timestamp,
          ]);
      } finally {
        await back.end();
      }
    };
  } finally {
    await client.end();
  }
}
