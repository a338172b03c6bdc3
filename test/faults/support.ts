import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Helpers for the fault suites: each starts its own PostgreSQL / Redis / NATS on a spare port,
 * a real `carnival serve` child process against it, and drives it over HTTP. The shared
 * servers on the default ports are never touched.
 */

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const ADMIN_PASSWORD = 'faults-operator-pw-2026';
export const DEMO_PASSWORD = 'carnival-demo';

/** Missing binaries skip the suite with a message, except in CI where they must be there. */
export function binariesOrSkip(what: string, paths: (string | undefined)[]): boolean {
  const missing = paths.some((p) => !p || !existsSync(p));
  if (!missing) return true;
  const message = `${what}: binaries not found (${paths.join(', ')}); fault suite skipped`;
  if (process.env.CI === 'true') throw new Error(`${message} — required in CI`);
  console.warn(message);
  return false;
}

export function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin'])) {
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** The newest /usr/lib/postgresql/<version>/bin that has initdb and pg_ctl. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

export async function sparePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Polls until `check` returns a truthy value; never a fixed sleep where a condition exists. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`,
      );
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code once the process ended. */
  exited: Promise<number | null>;
  isAlive(): boolean;
  stop(): Promise<void>;
}

/** Spawns `node bin/carnival.mjs serve` and waits until /healthz answers. */
export async function startServe(
  env: Record<string, string>,
  opts: {
    waitReady?: boolean;
    /** More `serve` arguments (`--workers 3`). */
    args?: string[];
    /** Ready when this holds of the output too (a cluster primary's banner: every worker listens). */
    readyWhen?: (output: string) => boolean;
  } = {},
): Promise<ServeProcess> {
  const port = await sparePort();
  const dataDir = tempDir('carnival-faults-data-');
  let output = '';
  const child = spawn(
    process.execPath,
    [
      'bin/carnival.mjs',
      'serve',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--data-dir',
      dataDir,
      ...(opts.args ?? []),
    ],
    {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        LOG_LEVEL: 'warn',
        CARNIVAL_ADMIN_PASSWORD: ADMIN_PASSWORD,
        CARNIVAL_SEED_DEMO: 'true',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (d) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d) => {
    output += d.toString();
  });
  let alive = true;
  const exited = new Promise<number | null>((r) =>
    child.on('exit', (code) => {
      alive = false;
      removeDir(dataDir);
      r(code);
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const serve: ServeProcess = {
    url,
    child,
    output: () => output,
    exited,
    isAlive: () => alive,
    async stop() {
      if (!alive) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
  if (opts.waitReady !== false) {
    await waitFor(
      'carnival serve to answer /healthz',
      async () => {
        if (!alive) throw new Error(`serve exited early:\n${output}`);
        if (opts.readyWhen && !opts.readyWhen(output)) return false;
        const res = await fetch(`${url}/healthz`).catch(() => undefined);
        return res?.ok;
      },
      120_000,
      200,
    ).catch(async (err) => {
      await serve.stop();
      throw new Error(`${String(err)}\n--- serve output ---\n${output}`);
    });
  }
  return serve;
}

export interface ApiResult {
  status: number;
  ms: number;
  body: unknown;
  headers: Headers;
}

/** One HTTP call; a connection failure counts as status 0 (the process did not answer). */
export async function api(
  url: string,
  method: string,
  path: string,
  opts: { cookie?: string; body?: unknown; key?: string; timeoutMs?: number } = {},
): Promise<ApiResult> {
  const started = performance.now();
  const headers: Record<string, string> = {};
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.key) headers['idempotency-key'] = opts.key;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(`${url}${path}`, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 20_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, ms: performance.now() - started, body, headers: res.headers };
  } catch (err) {
    return { status: 0, ms: performance.now() - started, body: String(err), headers: new Headers() };
  }
}

export async function login(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return cookie;
}

export const errorCode = (r: ApiResult) => (r.body as { error?: { code?: string } })?.error?.code;

/** Runs a command as the postgres OS user (initdb and postgres refuse to run as root). */
export function asPostgres(bin: string, args: string[]): string {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function trialBalanceTotal(url: string): Promise<unknown> {
  const cookie = await login(url, 'admin@carnival.local', ADMIN_PASSWORD);
  const res = await api(url, 'GET', '/api/admin/ledger/trial-balance?verify=true', { cookie });
  if (res.status !== 200) throw new Error(`trial balance: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * A database of its own on the shared PostgreSQL when DATABASE_URL is set (migrations there
 * take a second, on PGlite most of a minute), else nothing and serve uses PGlite.
 */
export async function scratchDatabase(): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) return { env: {}, drop: async () => {} };
  const { default: pg } = await import('pg');
  const name = `carnival_faults_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client(base);
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    async drop() {
      const c = new pg.Client(base);
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
