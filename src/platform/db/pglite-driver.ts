/**
 * The Kysely driver for PGlite: one connection (PGlite is one backend in this process) shared by
 * every request handler, the outbox relay, the workers and the analytics aggregator, handed out
 * in turn. It replaces kysely-pglite-dialect's driver, whose queue has no bound: a caller waited
 * for the connection for as long as the one holding it kept it, and a holder that itself waited
 * on the connection (a query on `db` inside a transaction on the same connection) never let go,
 * so every later request hung with no answer at all (docs/operations.md, "The embedded database's
 * queue").
 *
 * Here the wait is bounded: a caller that has waited `acquireTimeoutMs` for its turn is refused
 * with an error that isDatabaseUnavailableError() knows (code CARNIVAL_DB_QUEUE_TIMEOUT), which a
 * request answers with 503 DATABASE_UNAVAILABLE and Retry-After, and a worker logs and retries on
 * its next tick. A refused caller never ran a statement, so nothing is half-done. A holder that
 * keeps the connection longer than `slowHoldMs` is logged with where it took it (the stack is
 * captured only when `traceHolders` is on), which names the transaction behind a stall.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { Logger } from '../logger';
import { currentRequestContext } from '../request-context';

export const DB_QUEUE_TIMEOUT = 'CARNIVAL_DB_QUEUE_TIMEOUT';

export interface PgliteQueueOptions {
  /** Longest a caller waits for the connection; then it is refused (503). Default 10 s. */
  acquireTimeoutMs?: number;
  /** A holder keeping the connection longer than this is logged. Default 2 s. */
  slowHoldMs?: number;
  /**
   * Callers inside an HTTP request are served before background work (the outbox relay, bus
   * handlers such as the analytics aggregator, jobs), except that background work waiting
   * longer than this goes first, so it is never starved. Default 100 ms.
   */
  backgroundAgingMs?: number;
  /** Capture where each holder took the connection, for the slow-hold log. Default off. */
  traceHolders?: boolean;
  logger?: Logger;
}

export const DEFAULT_PGLITE_QUEUE: Required<Omit<PgliteQueueOptions, 'logger'>> = {
  acquireTimeoutMs: 10_000,
  slowHoldMs: 2_000,
  backgroundAgingMs: 100,
  traceHolders: false,
};

export interface PgliteQueueStats {
  /** Callers waiting for the connection now. */
  waiting: number;
  /** Whether the connection is held now, and for how long (ms). */
  heldForMs: number | null;
  acquired: number;
  /** Callers refused after waiting acquireTimeoutMs. */
  timedOut: number;
  /** Statements on the database started inside a transaction holding its connection (a bug). */
  selfWaits: number;
  /** The longest any caller waited, and the longest any holder held (ms). */
  maxWaitMs: number;
  maxHoldMs: number;
}

/** Where the caller is, without Kysely's and Node's own frames. */
function callerStack(): string | undefined {
  const lines = new Error().stack?.split('\n').slice(1) ?? [];
  const own = lines.filter(
    (l) => !l.includes('node_modules') && !l.includes('node:internal') && !l.includes('pglite-driver.ts'),
  );
  return (
    own
      .slice(0, 8)
      .map((l) => l.trim())
      .join('\n') || undefined
  );
}

export class DatabaseQueueTimeout extends Error {
  readonly code = DB_QUEUE_TIMEOUT;
  constructor(waitedMs: number, holder: string | undefined) {
    super(
      `timeout exceeded when waiting for the embedded database (${waitedMs} ms; held by ${holder ?? 'a caller'})`,
    );
  }
}

class PgliteConnection implements DatabaseConnection {
  constructor(private readonly client: PGlite) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.client.query<R>(query.sql, [...query.parameters]);
    return result.affectedRows
      ? { numAffectedRows: BigInt(result.affectedRows), rows: result.rows }
      : { rows: result.rows };
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.executeQuery<R>(query);
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) };
  }
}

interface Holder {
  since: number;
  where?: string;
}

interface Waiter {
  /** Inside an HTTP request (served first) or background work. */
  request: boolean;
  resolve(conn: DatabaseConnection): void;
  timer: NodeJS.Timeout;
  since: number;
}

export class PgliteDriver implements Driver {
  private readonly connection: PgliteConnection;
  private readonly options: Required<Omit<PgliteQueueOptions, 'logger'>>;
  private holder: Holder | null = null;
  /** The holder whose transaction the running code is inside (set at BEGIN). */
  private readonly inside = new AsyncLocalStorage<Holder>();
  /** Waiting callers in arrival order; `next()` picks among them. */
  private readonly queue: Waiter[] = [];
  private readonly counts = { acquired: 0, timedOut: 0, selfWaits: 0, maxWaitMs: 0, maxHoldMs: 0 };
  private readonly logger: Logger | undefined;
  private closed = false;

  constructor(
    private readonly client: PGlite,
    options: PgliteQueueOptions = {},
  ) {
    this.connection = new PgliteConnection(client);
    const { logger, ...rest } = options;
    this.logger = logger;
    this.options = { ...DEFAULT_PGLITE_QUEUE, ...rest };
  }

  async init(): Promise<void> {}

  acquireConnection(): Promise<DatabaseConnection> {
    if (this.closed) return Promise.reject(new Error('The embedded database is closed'));
    const where = this.options.traceHolders ? callerStack() : undefined;
    if (!this.holder) {
      this.take(Date.now(), where);
      return Promise.resolve(this.connection);
    }
    if (this.inside.getStore() === this.holder) {
      // A statement on `db` from inside a transaction that holds the one connection: it waits
      // for itself, and only the timeout below ends it. A bug at the caller; name it.
      this.counts.selfWaits++;
      this.logger?.error(
        { where: where ?? callerStack() },
        'embedded database: a query outside a transaction was started from inside it and waits for it',
      );
    }
    return new Promise<DatabaseConnection>((resolve, reject) => {
      const since = Date.now();
      const waiter: Waiter = {
        since,
        request: currentRequestContext() !== undefined,
        resolve: (conn) => {
          clearTimeout(waiter.timer);
          this.take(since, where);
          resolve(conn);
        },
        timer: setTimeout(() => {
          const i = this.queue.indexOf(waiter);
          if (i >= 0) this.queue.splice(i, 1);
          this.counts.timedOut++;
          const held = this.holder;
          this.logger?.warn(
            {
              waitedMs: Date.now() - since,
              waiting: this.queue.length,
              heldForMs: held && Date.now() - held.since,
              holder: held?.where,
            },
            'embedded database: a caller waited too long for the connection; refused',
          );
          reject(new DatabaseQueueTimeout(Date.now() - since, held?.where?.split('\n')[0]?.trim()));
        }, this.options.acquireTimeoutMs),
      };
      this.queue.push(waiter);
    });
  }

  private take(since: number, where: string | undefined) {
    const now = Date.now();
    this.counts.acquired++;
    this.counts.maxWaitMs = Math.max(this.counts.maxWaitMs, now - since);
    this.holder = { since: now, where };
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    if (connection !== this.connection || !this.holder) throw new Error('Invalid connection');
    const heldMs = Date.now() - this.holder.since;
    this.counts.maxHoldMs = Math.max(this.counts.maxHoldMs, heldMs);
    if (heldMs >= this.options.slowHoldMs)
      this.logger?.warn(
        { heldMs, waiting: this.queue.length, holder: this.holder.where },
        'embedded database: the connection was held long',
      );
    this.holder = null;
    const next = this.next();
    if (next) next.resolve(this.connection);
  }

  /** The first request waiting, unless the longest-waiting background caller has aged past it. */
  private next(): Waiter | undefined {
    if (this.queue.length === 0) return undefined;
    const first = this.queue[0]!;
    let pick = first;
    if (!first.request && Date.now() - first.since < this.options.backgroundAgingMs) {
      const request = this.queue.find((w) => w.request);
      if (request) pick = request;
    }
    this.queue.splice(this.queue.indexOf(pick), 1);
    return pick;
  }

  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    // What runs in the transaction's callback is inside it (a sync enterWith before any await
    // reaches the caller's continuation): a nested acquire there is recognised above.
    if (this.holder) this.inside.enterWith(this.holder);
    const sql = settings.isolationLevel
      ? `start transaction isolation level ${settings.isolationLevel}`
      : 'begin';
    await conn.executeQuery(CompiledQuery.raw(sql));
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('rollback'));
  }

  stats(): PgliteQueueStats {
    return {
      waiting: this.queue.length,
      heldForMs: this.holder ? Date.now() - this.holder.since : null,
      ...this.counts,
    };
  }

  async destroy(): Promise<void> {
    this.closed = true;
    await this.client.close();
  }
}

export class PgliteDialect implements Dialect {
  readonly driver: PgliteDriver;
  constructor(client: PGlite, options: PgliteQueueOptions = {}) {
    this.driver = new PgliteDriver(client, options);
  }
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return this.driver;
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}
