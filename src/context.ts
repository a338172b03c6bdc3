import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from './config';
import { createBus, createOutboxRelay, type EventBus, eventTrace, type OutboxRelay } from './platform/bus';
import { type Clock, systemClock } from './platform/clock';
import type { Database } from './platform/db';
import { migrateToLatest, openDatabase, withBootstrapLock } from './platform/db';
import { createKv, type Kv } from './platform/kv';
import { createLogger, type Logger } from './platform/logger';
import type { DB } from './schema';

/**
 * Everything a running Carnival shares: opened once per process from the Config and handed
 * to buildApp and the CLI commands. Plain values, no container.
 */
export interface AppContext {
  config: Config;
  db: Kysely<DB>;
  dbKind: Database['kind'];
  kv: Kv;
  bus: EventBus;
  relay: OutboxRelay;
  clock: Clock;
  logger: Logger;
  close(): Promise<void>;
}

export interface ContextOptions {
  clock?: Clock;
  logger?: Logger;
}

export async function createContext(config: Config, options: ContextOptions = {}): Promise<AppContext> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const started = performance.now();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: config.dataDir.startsWith('memory://') ? 'memory://' : join(config.dataDir, 'pglite'),
    pgliteSharedBuffers: config.pgliteSharedBuffers,
    timeouts: {
      statementTimeoutMs: config.dbStatementTimeoutMs,
      connectTimeoutMs: config.dbConnectTimeoutMs,
    },
    preparedStatements: config.dbPreparedStatements,
    pgliteQueue: { acquireTimeoutMs: config.dbQueueTimeoutMs, traceHolders: config.dbTraceHolders },
    logger,
  });
  const opened = performance.now();
  // Under the bootstrap lock: processes started at once on an empty database take turns.
  const applied = await withBootstrapLock(database.db, database.kind, () =>
    migrateToLatest(database.db),
  ).catch(async (err) => {
    await database.close().catch(() => undefined);
    throw err;
  });
  if (applied.length) logger.info({ applied }, 'migrations applied');
  logger.debug(
    { openMs: Math.round(opened - started), migrateMs: Math.round(performance.now() - opened) },
    'database ready',
  );
  return createContextOn(config, database, { ...options, logger });
}

/** The context on an already open, migrated database (tests bring their own). */
export async function createContextOn(
  config: Config,
  database: Database,
  options: ContextOptions & { kv?: Kv; bus?: EventBus } = {},
): Promise<AppContext> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const kv =
    options.kv ??
    createKv({
      redisUrl: config.redisUrl,
      prefix: config.kvPrefix,
      clock,
      commandTimeoutMs: config.kvCommandTimeoutMs,
      logger,
    });
  let bus: EventBus;
  try {
    bus =
      options.bus ??
      (await createBus({
        natsUrl: config.natsUrl,
        stream: config.natsStream,
        subjectPrefix: config.natsSubjectPrefix,
        logger,
        connectTimeoutMs: config.busConnectTimeoutMs,
      }));
  } catch (err) {
    // Gave up waiting for NATS: release what is open so the process can exit non-zero
    // instead of sitting alive on Redis reconnects and idle pool clients.
    await closeQuietly(logger, 'kv', () => kv.close());
    await closeQuietly(logger, 'database', () => database.close());
    throw err;
  }
  if (config.screenTrace) eventTrace.enable();
  const relay = createOutboxRelay({ db: database.db, bus, logger, clock });
  relay.start();
  return {
    config,
    db: database.db,
    dbKind: database.kind,
    kv,
    bus,
    relay,
    clock,
    logger,
    // Each step runs even if an earlier one failed: a bus that lost its connection must not
    // keep Redis and the database open.
    async close() {
      await closeQuietly(logger, 'outbox relay', () => relay.stop());
      await closeQuietly(logger, 'bus', () => bus.close());
      await closeQuietly(logger, 'kv', () => kv.close());
      await closeQuietly(logger, 'database', () => database.close());
    },
  };
}

async function closeQuietly(logger: Logger, what: string, close: () => Promise<unknown>): Promise<void> {
  try {
    await close();
  } catch (err) {
    logger.warn({ err, what }, 'error while closing; continuing shutdown');
  }
}
