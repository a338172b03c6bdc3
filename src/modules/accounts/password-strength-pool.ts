import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createConcurrencyGate } from '../../platform/concurrency-gate';
import { serviceUnavailable } from '../../platform/errors';

/** What the strength estimator says about one password (zxcvbn's score and feedback). */
export interface StrengthCheck {
  score: number;
  warning: string | null;
  suggestions: string[];
}

/**
 * The estimator, as the workers build it: the same packages and options as the in-thread one
 * in password-strength.ts (test/password-strength-pool.test.ts compares their answers). Plain
 * JavaScript run with `eval`, so that neither the bundle (dist/carnival.mjs) nor tsx needs a
 * worker file of its own; the packages' absolute paths come in workerData.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const [core, common, en] = workerData.modules.map((path) => require(path));
const estimator = new core.ZxcvbnFactory({
  translations: en.translations,
  graphs: common.adjacencyGraphs,
  dictionary: { ...common.dictionary, ...en.dictionary },
  useLevenshteinDistance: true,
});
parentPort.on('message', ({ id, password, inputs }) => {
  try {
    const r = estimator.check(password, inputs);
    parentPort.postMessage({
      id,
      score: r.score,
      warning: r.feedback.warning ?? null,
      suggestions: r.feedback.suggestions ?? [],
    });
  } catch (err) {
    parentPort.postMessage({ id, error: String((err && err.stack) || err) });
  }
});
`;

export interface StrengthPoolOptions {
  /** Worker threads. Default: one fewer than the cores, at least one, at most two. */
  size?: number;
  /** Checks allowed to wait for a worker; one more is refused with 503 LOGIN_BUSY. Default 64. */
  maxQueued?: number;
  /** Longest wait for a worker before 503. Default 5 s. */
  maxWaitMs?: number;
  /**
   * A check (its worker's start included) running longer is abandoned, its worker replaced, and
   * the caller falls back to checking in-thread. Default 60 s: a hung worker's bound, not a
   * latency target (a start on a machine at load 30 took over 15 s).
   */
  timeoutMs?: number;
}

interface PoolWorker {
  worker: Worker;
  task: {
    id: number;
    resolve(c: StrengthCheck): void;
    reject(e: Error): void;
    timer: NodeJS.Timeout;
  } | null;
}

/** The worker could not answer (it failed to start or died): the caller may check in-thread. */
export class StrengthWorkerError extends Error {
  override name = 'StrengthWorkerError';
}

const busy = (reason: string, retryAfter = 1) =>
  serviceUnavailable(
    'LOGIN_BUSY',
    'Too many passwords are being checked right now; try again shortly',
    retryAfter,
    {
      reason,
    },
  );

/**
 * zxcvbn on worker threads. A check is ~5-50 ms of CPU on a quiet core and up to a second on a
 * loaded one (the Levenshtein matching against the dictionaries), all of it synchronous: on the
 * main thread it held every request, SSE write and bus delivery of the process while it ran
 * (13 % of the server's CPU in the live screen's bench, from the simulator's sign-ups). Here the
 * main thread only posts the password and awaits the answer. At most `size` checks run at once,
 * one per worker; the rest wait in a bounded FIFO (the argon2 hasher's gate), beyond which the
 * answer is 503 LOGIN_BUSY with Retry-After. Workers start on the first check, are replaced
 * when they die, and keep the process alive only while they have a check in hand.
 */
export function createStrengthPool(options: StrengthPoolOptions = {}) {
  const size = options.size ?? Math.max(1, Math.min(2, availableParallelism() - 1));
  const timeoutMs = options.timeoutMs ?? 60_000;
  const gate = createConcurrencyGate({
    limit: size,
    maxQueue: options.maxQueued ?? 64,
    maxWaitMs: options.maxWaitMs ?? 5_000,
    refuse: (reason, retryAfter) => busy(reason, retryAfter),
  });
  const require = createRequire(import.meta.url);
  const modules = ['@zxcvbn-ts/core', '@zxcvbn-ts/language-common', '@zxcvbn-ts/language-en'].map((m) =>
    require.resolve(m),
  );
  const workers: PoolWorker[] = [];
  let nextId = 1;
  let closed = false;

  function spawnWorker(): PoolWorker {
    const slot: PoolWorker = {
      worker: new Worker(WORKER_SOURCE, { eval: true, workerData: { modules } }),
      task: null,
    };
    const fail = (err: Error) => {
      const task = slot.task;
      slot.task = null;
      const i = workers.indexOf(slot);
      if (i >= 0) workers.splice(i, 1);
      if (task) {
        clearTimeout(task.timer);
        task.reject(err);
      }
    };
    slot.worker.on('message', (m: { id: number; error?: string } & StrengthCheck) => {
      const task = slot.task;
      if (!task || task.id !== m.id) return;
      slot.task = null;
      clearTimeout(task.timer);
      slot.worker.unref();
      if (m.error) task.reject(new StrengthWorkerError(m.error));
      else task.resolve({ score: m.score, warning: m.warning, suggestions: m.suggestions });
    });
    slot.worker.on('error', (err) => fail(new StrengthWorkerError(err.message)));
    slot.worker.on('exit', (code) => fail(new StrengthWorkerError(`strength worker exited (${code})`)));
    slot.worker.unref();
    workers.push(slot);
    return slot;
  }

  function idleWorker(): PoolWorker {
    // The gate lets at most `size` checks in, so a free or new worker is always there.
    return workers.find((w) => !w.task) ?? spawnWorker();
  }

  function run(password: string, inputs: string[]): Promise<StrengthCheck> {
    if (closed) return Promise.reject(new StrengthWorkerError('strength pool closed'));
    return new Promise<StrengthCheck>((resolve, reject) => {
      const slot = idleWorker();
      const id = nextId++;
      const timer = setTimeout(() => {
        slot.task = null;
        const i = workers.indexOf(slot);
        if (i >= 0) workers.splice(i, 1);
        void slot.worker.terminate();
        // The caller checks in-thread instead (password-strength.ts): slow is not refused.
        reject(new StrengthWorkerError(`no answer from the strength worker in ${timeoutMs} ms`));
      }, timeoutMs);
      slot.task = { id, resolve, reject, timer };
      // While a check is in hand the worker keeps the process alive (a CLI awaiting it).
      slot.worker.ref();
      slot.worker.postMessage({ id, password, inputs });
    });
  }

  return {
    size,
    check: (password: string, inputs: string[]) => gate.run(() => run(password, inputs)),
    stats: () => ({ workers: workers.length, ...gate.stats() }),
    async close() {
      closed = true;
      await Promise.all(workers.splice(0).map((w) => w.worker.terminate()));
    },
  };
}

export type StrengthPool = ReturnType<typeof createStrengthPool>;
