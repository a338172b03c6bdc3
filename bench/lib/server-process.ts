/**
 * Runs Carnival as its own process for a benchmark: `node bin/carnival.mjs serve` on a free
 * loopback port, with the environment the bench gives it. The bench process only drives load,
 * so the server's figures are not shared with the load generator's CPU and heap.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { relaxedLimits } from '../../test/support/limits';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ServerProcess {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** Milliseconds from spawn to the first `200` from `/healthz`. */
  startMs: number;
  /** Resident set size of the server process now, in bytes (Linux /proc). */
  rssBytes(): number;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface ServerProcessOptions {
  /** Added to a clean environment (PATH, HOME); nothing else of the bench's environment leaks in. */
  env?: Record<string, string | undefined>;
  /** Extra `serve` arguments, e.g. ['--data-dir', dir] or ['--no-seed']. */
  args?: string[];
  /** Give up when `/healthz` has not answered 200 within this many ms. */
  timeoutMs?: number;
  /**
   * The checkout whose `bin/carnival.mjs` runs (default this one, or BENCH_SERVER_ROOT): a
   * worktree of an older commit, to measure before and after in the same run.
   */
  root?: string;
  /** Node flags before the script (`--cpu-prof`, which NODE_OPTIONS does not take). */
  nodeArgs?: string[];
  /** Print the server's stderr (default: only when it fails to start). */
  verbose?: boolean;
}

/** Environment for a bench server: silent logs and limits that count but never refuse. */
export function benchServerEnv(
  extra: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    LOG_LEVEL: 'silent',
    CARNIVAL_LIMITS: JSON.stringify(relaxedLimits()),
    ...extra,
  };
}

export async function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  for (const [k, v] of Object.entries(options.env ?? {})) if (v !== undefined) env[k] = v;
  const started = performance.now();
  const root = options.root ?? process.env.BENCH_SERVER_ROOT ?? repoRoot;
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      join(root, 'bin', 'carnival.mjs'),
      'serve',
      '--port',
      '0',
      ...(options.args ?? []),
    ],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => {
    err += c.toString();
    if (options.verbose) process.stderr.write(c);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const deadline = started + (options.timeoutMs ?? 120_000);
  let url: string | undefined;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${err || out}`);
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer /healthz in time:\n${err || out}`);
    }
    url ??= /Carnival is running at (\S+)/.exec(out)?.[1];
    if (url) {
      const ok = await fetch(`${url}/healthz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const startMs = performance.now() - started;
  const pid = child.pid!;
  return {
    url,
    port: Number(new URL(url).port),
    pid,
    child,
    startMs,
    rssBytes() {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m ? Number(m[1]) * 1024 : Number.NaN;
    },
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
