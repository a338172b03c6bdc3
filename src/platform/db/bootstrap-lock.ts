import { type Kysely, sql } from 'kysely';
import type { DatabaseKind } from './connect';

/** The advisory-lock key of start-up work (an arbitrary constant: "carnival bootstrap"). */
export const BOOTSTRAP_LOCK_KEY = 4_242_008_001;

/**
 * Runs start-up work (migrations, the first operator, the demo seed) holding a session-level
 * PostgreSQL advisory lock, so processes started at once on an empty database take turns: the
 * first does the work, the others then find it done (each step checks before it acts). The lock
 * lives on one connection held for the duration; the work itself uses the pool. PGlite is one
 * process with one connection, so there is nobody to wait for and the work just runs.
 */
export async function withBootstrapLock<T>(
  // biome-ignore lint/suspicious/noExplicitAny: start-up work runs before and after the schema exists
  db: Kysely<any>,
  kind: DatabaseKind,
  work: () => Promise<T>,
): Promise<T> {
  if (kind !== 'postgres') return work();
  return db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${sql.lit(BOOTSTRAP_LOCK_KEY)})`.execute(conn);
    try {
      return await work();
    } finally {
      // Closing the connection would release it too; unlock so the pooled connection is clean.
      await sql`SELECT pg_advisory_unlock(${sql.lit(BOOTSTRAP_LOCK_KEY)})`
        .execute(conn)
        .catch(() => undefined);
    }
  });
}
