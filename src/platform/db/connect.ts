import { createRequire } from 'node:module';
import { Kysely, type KyselyConfig, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { DB } from '../../schema';
import type { Logger } from '../logger';
import { openPglite } from './pglite';
import type { PgliteQueueOptions } from './pglite-driver';
import { prepareFrequentStatements } from './prepared';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  readonly db: Kysely<DB>;
  readonly kind: DatabaseKind;
  close(): Promise<void>;
}

// node-postgres (~25 modules) is required with the first pool, so a process on PGlite never
// loads it; it is CommonJS, so createPool stays synchronous.
let pgModule: typeof pg | undefined;
function loadPg(): typeof pg {
  if (pgModule) return pgModule;
  pgModule = createRequire(import.meta.url)('pg') as typeof pg;
  // int8 (bigint, bigserial, count(*)) arrives as a string from pg; our minor-unit amounts fit
  // in a JS safe integer, so parse them to numbers once, here.
  pgModule.types.setTypeParser(20, (v) => {
    const n = Number(v);
    if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${v} exceeds the safe integer range`);
    return n;
  });
  return pgModule;
}

/** Bounded waits for PostgreSQL; see docs/operations.md. */
export interface DatabaseTimeouts {
  /** Server-side `statement_timeout`: a statement running longer is cancelled (57014). Default 5 s. */
  statementTimeoutMs?: number;
  /**
   * How long a request waits for a pooled connection, or for a new one to connect. Default 5 s:
   * a refused connection fails at once anyway; this bounds a black-holed network and a pool
   * queue that a stalled database keeps from moving.
   */
  connectTimeoutMs?: number;
  /** Server-side `idle_in_transaction_session_timeout`. Default 10 s. */
  idleInTransactionTimeoutMs?: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: Required<DatabaseTimeouts> = {
  statementTimeoutMs: 5_000,
  connectTimeoutMs: 5_000,
  idleInTransactionTimeoutMs: 10_000,
};

export interface OpenDatabaseOptions {
  /** postgres://... ; when absent PGlite is used. */
  databaseUrl?: string;
  /** PGlite data folder; `memory://` for a throwaway in-memory database. */
  pgliteDir?: string;
  /** PGlite's shared_buffers (default 32MB; see ./pglite.ts). */
  pgliteSharedBuffers?: string;
  /** The template a fresh PGlite folder is copied from (default dist/pglite-template); null: none. */
  pgliteTemplateDir?: string | null;
  /** PGlite: the bounded wait for its one connection (./pglite-driver.ts). */
  pgliteQueue?: Omit<PgliteQueueOptions, 'logger'>;
  poolSize?: number;
  timeouts?: DatabaseTimeouts;
  /** Where connection errors of pooled clients go; without it they are written to stderr. */
  logger?: Logger;
  /** PostgreSQL: send frequent statements as named prepared statements (prepared.ts). Default true. */
  preparedStatements?: boolean;
  /** Kysely's query log (every statement the driver runs, BEGIN and COMMIT included); for tests. */
  log?: KyselyConfig['log'];
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = createPool(options.databaseUrl, options);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: options.log });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  // PGlite runs inside this process: there is no connection to lose and no server to stall, but
  // its one connection is shared by everything, so the wait for it is bounded (pglite-driver.ts).
  const db = await openPglite({
    queue: { ...options.pgliteQueue, logger: options.logger },
    dir: options.pgliteDir ?? 'memory://',
    sharedBuffers: options.pgliteSharedBuffers,
    templateDir: options.pgliteTemplateDir,
    log: options.log,
  });
  return { db, kind: 'pglite', close: () => db.destroy() };
}

/**
 * A pool that survives the database going away. node-postgres emits `error` on a client whose
 * connection broke (pg_terminate_backend, a restart, a failover); with no listener that event
 * is unhandled and the process exits. pg-pool listens on idle clients and then re-emits on the
 * pool, so the pool gets a listener; a checked-out client between two queries of a transaction
 * has none, so every client gets its own as it connects. The broken client is dropped (pg-pool
 * removes an idle one; a checked-out one fails its next query and is released as unqueryable)
 * and the next checkout opens a fresh connection, so service resumes by itself.
 */
export function createPool(
  databaseUrl: string,
  options: Omit<OpenDatabaseOptions, 'databaseUrl'> = {},
): pg.Pool {
  const t = { ...DEFAULT_DATABASE_TIMEOUTS, ...options.timeouts };
  const report = (err: Error, where: string) => {
    const detail = { err: { message: err.message, code: (err as { code?: string }).code }, where };
    if (options.logger) options.logger.warn(detail, 'database connection error; the client is dropped');
    else console.error(`database connection error (${where}): ${err.message}`);
  };
  const pool = new (loadPg().Pool)({
    connectionString: databaseUrl,
    max: options.poolSize ?? 20,
    connectionTimeoutMillis: t.connectTimeoutMs,
    statement_timeout: t.statementTimeoutMs,
    idle_in_transaction_session_timeout: t.idleInTransactionTimeoutMs,
    // The client-side backstop for a server that stopped answering altogether (frozen, a
    // network partition), where statement_timeout cannot fire.
    query_timeout: t.statementTimeoutMs + 1_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  // The client's own listener below already logged it; this one only keeps the re-emitted
  // event from being unhandled.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', (err) => report(err, 'pooled client'));
  });
  if (options.preparedStatements !== false) prepareFrequentStatements(pool);
  return pool;
}
