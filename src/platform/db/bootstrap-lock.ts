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
    // Polled with pg_try_advisory_lock rather than a blocking pg_advisory_lock: a blocked
    // statement would hit the statement and query timeouts (seconds) while another process seeds
    // the demo year (longer), and the start would fail instead of waiting its turn.
    for (let pause = 50; ; pause = Math.min(pause * 2, 1_000)) {
      const { rows } = await sql<{ locked: boolean }>`
        SELECT pg_try_advisory_lock(${sql.lit(BOOTSTRAP_LOCK_KEY)}) AS locked`.execute(conn);
      if (rows[0]?.locked) break;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
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
