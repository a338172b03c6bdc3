import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../config';

/**
 * `carnival serve --workers N`: a node:cluster primary that forks N copies of the same command
 * onto one port (the primary accepts connections and hands them round-robin to the workers).
 * Every worker is a whole Carnival process (its own pool, KV client, jobs and group-commit
 * writer); they agree only through PostgreSQL and Redis, which is why N > 1 needs both. The
 * primary opens nothing itself: migrations and the first operator happen in the workers, under
 * the bootstrap advisory lock, so whichever worker gets it first does them and the others find
 * them done.
 */

export interface WorkersOptions {
  count: number;
  config: Config;
  /** Lines for the operator (stdout). */
  print(line: string): void;
}

/** Why this configuration cannot run N processes, or null when it can. */
export function workersRefusal(count: number, config: Config): string | null {
  if (!Number.isInteger(count) || count < 1) return `--workers must be a whole number >= 1 (got ${count})`;
  if (count === 1) return null;
  const missing: string[] = [];
  // PGlite is one process's embedded database, and the in-process KV holds stock counts and
  // limits in one process's memory: N copies of either would each sell the same units.
  if (!config.databaseUrl) missing.push('DATABASE_URL (PGlite is embedded in one process)');
  if (!config.redisUrl) missing.push('REDIS_URL (the in-process KV is one process’s memory)');
  if (missing.length === 0) return null;
  return `--workers ${count} needs servers every process shares; set ${missing.join(' and ')}, or run one process (--workers 1)`;
}

/** Restart back-off after a worker died: 0.5 s doubling to 30 s while they keep dying young. */
const YOUNG_DEATH_MS = 10_000;
const MAX_BACKOFF_MS = 30_000;

export function isClusterWorker(): boolean {
  return cluster.isWorker;
}

/**
 * Runs the primary: forks, restarts a dead worker, forwards SIGTERM/SIGINT and exits when every
 * worker has: exit code 0 after a clean stop, 1 when no worker could start at all.
 */
export function runPrimary({ count, config, print }: WorkersOptions): void {
  const ready = new Set<number>();
  const startedAt = new Map<number, number>();
  let everReady = false;
  let stopping = false;
  let announced = false;
  let youngDeaths = 0;
  let exitCodeWhenStopped = 0;

  const fork = () => {
    const worker = cluster.fork({ CARNIVAL_WORKER: '1' });
    startedAt.set(worker.id, Date.now());
    return worker;
  };

  cluster.on('listening', (worker: Worker, address) => {
    ready.add(worker.id);
    everReady = true;
    const pid = worker.process.pid;
    print(`  worker ${worker.id} (pid ${pid}) listening`);
    if (!announced && ready.size >= count) {
      announced = true;
      const port = typeof address.port === 'number' ? address.port : config.port;
      print(
        `\nCarnival is running at http://${hostForUrl(config.host)}:${port}  (${count} workers, primary pid ${process.pid}; API docs: /docs)\n`,
      );
    }
  });

  cluster.on('exit', (worker: Worker, code, signal) => {
    ready.delete(worker.id);
    const lived = Date.now() - (startedAt.get(worker.id) ?? Date.now());
    startedAt.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCodeWhenStopped);
      return;
    }
    // No worker has ever come up: the configuration or a dependency is wrong, and restarting
    // would loop forever; exit non-zero so the supervisor (or the operator) sees it.
    if (!everReady) {
      print(`worker ${worker.id} exited (${signal ?? code}) before any worker was ready; stopping`);
      stopAll(1);
      return;
    }
    youngDeaths = lived < YOUNG_DEATH_MS ? youngDeaths + 1 : 0;
    const delay = youngDeaths === 0 ? 0 : Math.min(MAX_BACKOFF_MS, 500 * 2 ** (youngDeaths - 1));
    print(
      `worker ${worker.id} (pid ${worker.process.pid}) died (${signal ?? `exit ${code}`}); restarting in ${delay} ms`,
    );
    setTimeout(() => {
      if (!stopping) fork();
    }, delay);
  });

  const stopAll = (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    exitCodeWhenStopped = exitCode;
    const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    if (alive.length === 0) process.exit(exitCode);
    // Each worker closes its server, drains its writer and exits; the primary waits for them,
    // bounded, so a worker stuck on a dependency cannot keep the port.
    for (const w of alive) w.process.kill('SIGTERM');
    setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
      process.exit(exitCode || 1);
    }, 20_000).unref();
  };
  process.once('SIGTERM', () => stopAll(0));
  process.once('SIGINT', () => stopAll(0));

  for (let i = 0; i < count; i++) fork();
}

const hostForUrl = (host: string) => (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);
