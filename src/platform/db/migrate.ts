import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { migrations } from '../../../migrations';

/** Migrations are imported statically so they work the same under tsx, vitest and a bundle. */
class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any database schema
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  if (await upToDate(db)) return [];
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Whether every migration has run already: one read instead of the Migrator's round of
 * table checks and locks, which on PGlite takes 0.3-0.9 s at every start. Anything else (no
 * table yet, a migration missing, an unknown one) goes to the Migrator, which decides.
 */
// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any database schema
async function upToDate(db: Kysely<any>): Promise<boolean> {
  const table = await sql<{
    present: boolean;
  }>`select to_regclass('kysely_migration') is not null as present`.execute(db);
  if (!table.rows[0]?.present) return false;
  const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  // Sorted here, not by the database's collation.
  const applied = rows.rows.map((r) => r.name).sort();
  const known = Object.keys(migrations).sort();
  return applied.length === known.length && applied.every((name, i) => name === known[i]);
}
