import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { buildPgliteTemplate, migrateToLatest, openDatabase } from '../platform/db';
import { createLogger } from '../platform/logger';
import { installProcessGuards } from '../platform/process-guards';
import { startServer } from '../server';
import { runPrice } from './price';
import { runScreen } from './screen';
import { parseServeArgs } from './serve-args';
import { runSimulate } from './simulate';
import { runTransparency } from './transparency-check';
import { runVerify } from './verify';
import { isClusterWorker, runPrimary, workersRefusal } from './workers';

const HELP = `carnival — plan, run and measure official events

Usage:
  carnival serve [--port 3000] [--host 127.0.0.1] [--data-dir ./data] [--no-seed] [--workers N]
  carnival migrate [--data-dir ./data]
  carnival price <scenario.json | ->
  carnival verify [receipt] <receipt.json> [--key <key | file>] [--url <server>]
  carnival verify consistency <old.txt> <new.txt> (--url <server> | --proof <file | hashes>) [--key ...]
  carnival transparency check --url <server> --log <name> [--key <key | file>]
  carnival simulate [--url http://127.0.0.1:3000] [--shoppers 200] [--duration 60s] [--rate 50] [--campaign ID|slug] [--refunds 0.05] [--seed N] [--max-orders 20] [--json]
  carnival screen verify --campaign ID [--url URL] [--data-dir ./data]
  carnival help

Environment: DATABASE_URL (PostgreSQL), REDIS_URL, NATS_URL, PORT, CARNIVAL_DATA_DIR,
CARNIVAL_ADMIN_EMAIL, CARNIVAL_ADMIN_PASSWORD, CARNIVAL_SESSION_IDLE_MINUTES, LOG_LEVEL; timeouts: CARNIVAL_DB_STATEMENT_TIMEOUT_MS,
CARNIVAL_DB_CONNECT_TIMEOUT_MS, CARNIVAL_KV_COMMAND_TIMEOUT_MS, CARNIVAL_REQUEST_TIMEOUT_MS,
CARNIVAL_BUS_CONNECT_TIMEOUT_MS; memory and password hashing: CARNIVAL_PGLITE_SHARED_BUFFERS,
CARNIVAL_ARGON2_MEMORY_KIB, CARNIVAL_ARGON2_TIME_COST, CARNIVAL_ARGON2_MAX_CONCURRENT (docs/operations.md). Without DATABASE_URL/REDIS_URL/NATS_URL
Carnival runs on embedded PGlite, an in-process KV and an in-process event bus.
--workers N forks N processes on one port (node:cluster); N > 1 needs DATABASE_URL and REDIS_URL.`;

async function serve(args: string[]): Promise<number> {
  const { overrides, noSeed, workers } = parseServeArgs(args);
  // The primary of `--workers N` only forks and supervises; its workers re-run this command
  // (cluster.fork runs the same argv) and take the branch below.
  if (!isClusterWorker()) {
    const config = loadConfig(overrides);
    const refusal = workersRefusal(workers, config);
    if (refusal) {
      process.stderr.write(`${refusal}\n`);
      return 2;
    }
    if (workers > 1) {
      runPrimary({ count: workers, config, print: (line) => process.stdout.write(`${line}\n`) });
      return -1; // keep running
    }
  }
  installProcessGuards(createLogger(loadConfig().logLevel));
  const server = await startServer({
    ...overrides,
    ...(noSeed ? { seedDemo: false } : {}),
  });
  const { ctx, url, bootstrap } = server;
  const where = ctx.dbKind === 'postgres' ? 'PostgreSQL' : `PGlite in ${ctx.config.dataDir}`;
  // A worker's banner is the primary's (once every worker listens); it says only what is its own.
  if (!isClusterWorker())
    process.stdout.write(
      `\nCarnival is running at ${url}  (API docs: ${url}/docs)\n  data: ${where}; kv: ${ctx.config.redisUrl ? 'Redis' : 'in-process'}; bus: ${ctx.config.natsUrl ? 'NATS JetStream' : 'in-process'}\n`,
    );
  if (bootstrap?.oneTimePassword)
    process.stdout.write(
      `\n  First start: operator account ${bootstrap.email}\n  one-time password: ${bootstrap.oneTimePassword}\n  (shown once; change it after signing in)\n`,
    );
  if (!isClusterWorker()) process.stdout.write('\n');
  let stopping = false;
  const stop = async () => {
    // Once: a cluster worker gets the terminal's SIGINT and its primary's SIGTERM.
    if (stopping) return;
    stopping = true;
    // Bounded: a dependency that hangs on close must not keep a stopping process alive.
    setTimeout(() => process.exit(1), 15_000).unref();
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1; // keep running
}

async function migrate(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'data-dir': { type: 'string' } } });
  const config = loadConfig({ dataDir: values['data-dir'] });
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: join(config.dataDir, 'pglite'),
    pgliteSharedBuffers: config.pgliteSharedBuffers,
  });
  try {
    const applied = await migrateToLatest(database.db);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'already up to date\n');
    return 0;
  } finally {
    await database.close();
  }
}

/** `carnival pglite-template <dir>`: run by the build (scripts/build.mjs), not by hand. */
async function pgliteTemplate(args: string[]): Promise<number> {
  const [dir] = args;
  if (!dir) {
    process.stderr.write('usage: carnival pglite-template <dir>\n');
    return 2;
  }
  await buildPgliteTemplate(dir, async (staging) => {
    // No template for the template: initdb and every migration, from scratch.
    const database = await openDatabase({ pgliteDir: staging, pgliteTemplateDir: null });
    try {
      await migrateToLatest(database.db);
    } finally {
      await database.close();
    }
  });
  return 0;
}

const auditIo = {
  stdout: (s: string) => process.stdout.write(s),
  stderr: (s: string) => process.stderr.write(s),
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve(rest);
    case 'migrate':
      return migrate(rest);
    case 'pglite-template':
      return pgliteTemplate(rest);
    case 'price':
      return runPrice(rest, {
        stdin: process.stdin,
        stdout: (s) => process.stdout.write(s),
        stderr: (s) => process.stderr.write(s),
      });
    case 'verify':
      return runVerify(rest, auditIo);
    case 'transparency':
      return runTransparency(rest, auditIo);
    case 'simulate':
      return runSimulate(rest);
    case 'screen':
      return runScreen(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${HELP}\n`);
      return 0;
    default:
      process.stderr.write(`unknown command: ${command}\n\n${HELP}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    // Exit now rather than when the last handle closes: a start that failed (NATS unreachable
    // past CARNIVAL_BUS_CONNECT_TIMEOUT_MS, say) must not leave a process alive that listens
    // on nothing.
    process.exit(1);
  },
);
